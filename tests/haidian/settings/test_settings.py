"""Production settings fail closed: no default secret, no debug, explicit hosts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
GOOD = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "ittc.example.org", "DEBUG": "false"}


def load_production_settings(**environment):
    env = {
        key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}
    }
    env.update(environment, DJANGO_SETTINGS_MODULE="haidian.settings.prod")
    code = "import django; from django.conf import settings; django.setup(); print(settings.DEBUG, settings.ALLOWED_HOSTS)"
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_loads_with_required_settings():
    result = load_production_settings(**GOOD)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['ittc.example.org']"


@pytest.mark.parametrize(
    ("missing", "override", "message"),
    [
        ("SECRET_KEY", {}, "SECRET_KEY"),
        ("ALLOWED_HOSTS", {}, "ALLOWED_HOSTS"),
        (None, {"DEBUG": "true"}, "DEBUG must be off"),
    ],
    ids=["no-secret-key", "no-allowed-hosts", "debug-on"],
)
def test_production_refuses_unsafe_settings(missing, override, message):
    environment = {key: value for key, value in GOOD.items() if key != missing} | override
    result = load_production_settings(**environment)
    assert result.returncode != 0
    assert message in result.stderr


def test_the_suite_runs_on_the_test_settings(settings):
    """pytest-django takes DJANGO_SETTINGS_MODULE from the environment before pyproject.toml; the
    Makefile exports the dev settings for `make run`, so `make test` and CI name the test ones."""
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "haidian.settings.test"
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
