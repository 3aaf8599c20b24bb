"""Generated text goes out gzipped to clients that accept it (docs/operations.md, "Compression"),
except a page that carries a CSRF token and echoes the request's input (BREACH)."""

import gzip

import pytest
from django.core.management import call_command

from tests import factories

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def listing():
    return factories.TechnologyFactory(title_en="Nanopore sequencer")


@pytest.mark.parametrize(
    "path, content_type",
    [
        ("/en/technologies/", "text/html"),
        ("/api/v1/technologies/", "application/json"),
        ("/en/technologies/feed/rss/", "application/rss+xml"),
        ("/en/news/feed/atom/", "application/atom+xml"),
        ("/en/open-data/latest/technologies.csv", "text/csv"),
        # drf-spectacular's media type for the schema (130 KiB; Lighthouse found it uncompressed).
        ("/api/schema/", "application/vnd.oai.openapi"),
    ],
)
def test_text_is_compressed_when_the_client_accepts_gzip(client, listing, path, content_type):
    call_command("export_open_data")
    response = client.get(path, **GZIP)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    text = gzip.decompress(body(response))
    assert b"Nanopore sequencer" in text or content_type in (
        "application/atom+xml",
        "application/vnd.oai.openapi",
    )


def test_nothing_is_compressed_for_a_client_that_does_not_ask(client, listing):
    response = client.get("/en/technologies/")
    assert not response.has_header("Content-Encoding")
    assert b"Nanopore sequencer" in response.content


def test_a_page_echoing_a_search_beside_a_csrf_token_is_not_compressed(client, listing):
    """The alert form carries a CSRF token and repeats the search it subscribes to."""
    searched = client.get("/en/technologies/alerts/?q=nanopore", **GZIP)
    assert b"csrfmiddlewaretoken" in searched.content and b"nanopore" in searched.content
    assert not searched.has_header("Content-Encoding")
    # The same form without a query string echoes nothing: compressed.
    assert client.get("/en/technologies/alerts/", **GZIP)["Content-Encoding"] == "gzip"


def test_a_detail_page_read_without_input_is_compressed(client, listing):
    response = client.get(listing.get_absolute_url(), **GZIP)
    assert response["Content-Encoding"] == "gzip"


def test_collectstatic_writes_brotli_copies(tmp_path):
    """docs/operations.md promises .br files: whitenoise writes them only when brotli is installed."""
    from whitenoise.compress import Compressor

    stylesheet = tmp_path / "site.css"
    stylesheet.write_text("body { color: #1c2530; }\n" * 200)
    written = list(Compressor(quiet=True).compress(str(stylesheet)))
    assert str(stylesheet) + ".br" in written
    assert (tmp_path / "site.css.br").stat().st_size < stylesheet.stat().st_size
