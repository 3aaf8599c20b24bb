import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_password_from_environment(monkeypatch, capsys):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-demo-password-42")
    call_command("ensure_admin")
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("a-long-demo-password-42")
    assert "a-long-demo-password-42" not in capsys.readouterr().out


def test_generated_password_is_printed_once(monkeypatch, capsys):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    call_command("ensure_admin")
    output = capsys.readouterr().out
    password = output.split("Generated password (shown only now): ")[1].split()[0]
    assert get_user_model().objects.get(username="admin").check_password(password)

    call_command("ensure_admin")
    assert "Generated password" not in capsys.readouterr().out
