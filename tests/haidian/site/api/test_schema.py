"""The OpenAPI schema validates, its readers load from our static files, and schemathesis finds
no server error and no response outside the schema (in-process, fixed seed, bounded examples),
with data that fits the schema and data that breaks it (negative mode: each must be a 4xx)."""

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode


def test_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def test_schema_documents_every_endpoint_and_its_errors(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    for path in [
        "/api/v1/technologies/",
        "/api/v1/technologies/{slug}/matches/",
        "/api/v1/contracts/stats/",
        "/api/v1/financing/needs/{slug}/matches/",
        "/api/v1/financing/products/{slug}/matches/",
        "/api/v1/key-figures/{id}/",
    ]:
        responses = paths[path]["get"]["responses"]
        assert {"200", "400", "404", "429"} <= set(responses), path
    assert all(set(operations) == {"get"} for operations in paths.values())


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_docs_use_our_own_assets(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    for outside in ("cdn.jsdelivr", "unpkg.com", "googleapis", "gstatic"):
        assert outside not in html
    assert "'unsafe-inline'" not in response["Content-Security-Policy"].split("script-src")[1].split(";")[0]


def test_swagger_script_is_served_separately(client, db):
    response = client.get("/api/docs/", {"script": ""})
    assert response.status_code == 200
    assert "/api/schema/" in response.content.decode()


def _load_schema():
    """The schema as the server generates it, called in-process through the WSGI application."""
    from django.core.wsgi import get_wsgi_application
    from drf_spectacular.generators import SchemaGenerator

    config = SchemathesisConfig.from_dict(
        {
            "seed": 20250601,
            "generation": {"mode": "all", "allow-x00": False, "deterministic": True, "max-examples": 10},
        }
    )
    loaded = schemathesis.openapi.from_dict(
        SchemaGenerator().get_schema(request=None, public=True), config=config
    )
    loaded.app = get_wsgi_application()
    return loaded


schema = _load_schema()


@pytest.fixture
def _keep_test_connection():
    """The WSGI handler closes old connections around each request, which would close the test's
    transaction on PostgreSQL; Django's own test client disconnects these handlers the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_fuzzing_sends_invalid_data_too():
    assert set(schema.config.generation.modes) == {GenerationMode.POSITIVE, GenerationMode.NEGATIVE}


@pytest.mark.sweep
@schema.parametrize()
@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, shared_world, db, _keep_test_connection):
    # schemathesis's WSGI client asks for gzip but does not decompress; what is checked here is the
    # API, not the compression (tests/haidian/core/test_compression.py).
    case.call_and_validate(headers={"Accept-Encoding": "identity"})
