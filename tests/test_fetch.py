"""http(s) inputs: fetched with a timeout and a size cap, tested against a server on 127.0.0.1 only."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mirps_nlp.errors import InputError
from mirps_nlp.fetch import fetch, fetch_release, is_url

PAGE = (
    "<html><head><title>Panama Hands Over the MIRPS Chair</title></head><body><article>"
    "<h1>Panama Hands Over the MIRPS Chair</h1>"
    "<p>Panama City, 12 December 2020 – Panama officially transferred the MIRPS Pro Tempore Presidency "
    "to Belize.</p></article></body></html>"
)
TEXT = "Pledges Made\n\nDonors pledged more than US$ 110 million for refugees."


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep the test output clean
        pass

    def _send(self, body: bytes, content_type: str, status: int = 200, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, target: str) -> None:
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        path = self.path
        if path == "/release.html":
            self._send(PAGE.encode(), "text/html; charset=utf-8")
        elif path == "/release.txt":
            self._send(TEXT.encode(), "text/plain; charset=utf-8")
        elif path == "/declared-huge":
            self._send(b"x", "text/html", length=10**9)
        elif path == "/stream-big":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()  # no length: the cap must hold while reading
            self.wfile.write(b"word " * 100_000)
        elif path == "/slow":
            time.sleep(3)
            self._send(TEXT.encode(), "text/plain")
        elif path == "/to-file":
            self._redirect("file:///etc/passwd")
        elif path.startswith("/hop"):
            hops = int(path.removeprefix("/hop") or 0)
            self._redirect(f"/hop{hops + 1}" if hops < 5 else "/release.txt")
        elif path == "/once":
            self._redirect("/release.txt")
        else:
            self._send(b"not here", "text/plain", status=404)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_is_url() -> None:
    assert is_url("http://x.org/a") and is_url("HTTPS://x.org") and not is_url("ftp://x.org")
    assert not is_url("release.html") and not is_url("file:///etc/passwd")


def test_fetch_gives_the_body_and_its_media_type(server: str) -> None:
    body, media_type = fetch(f"{server}/release.html")
    assert body == PAGE.encode() and media_type == "text/html"


def test_a_fetched_page_is_a_release_with_its_url(server: str) -> None:
    ingested = fetch_release(f"{server}/release.html")
    assert ingested.url == f"{server}/release.html"
    assert "transferred the MIRPS Pro Tempore Presidency" in ingested.text


def test_one_redirect_is_followed(server: str) -> None:
    assert fetch(f"{server}/once")[0] == TEXT.encode()


@pytest.mark.parametrize(
    ("path", "options", "message"),
    [
        ("/missing", {}, "HTTP 404"),
        ("/declared-huge", {}, "over the 20 MB limit"),
        ("/stream-big", {"max_bytes": 100_000}, "over the 0 MB limit"),
        ("/slow", {"timeout": 0.5}, "no answer within 0.5 s"),
        ("/to-file", {}, "redirects to file:///etc/passwd, which is not an http(s) address"),
        ("/hop0", {}, "more than 2 redirects"),
    ],
)
def test_fetch_errors_name_the_url_and_the_reason(server: str, path: str, options: dict, message: str) -> None:
    with pytest.raises(InputError) as caught:
        fetch(f"{server}{path}", **options)
    text = str(caught.value)
    assert text.startswith(f"{server}{path}: ") and message in text, text
    assert "\n" not in text


def test_only_http_is_fetched() -> None:
    with pytest.raises(InputError, match="only http"):
        fetch("file:///etc/passwd")


def test_a_closed_port_is_an_input_error() -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(InputError, match="could not be fetched"):
        fetch(f"http://127.0.0.1:{port}/x", timeout=5)


def test_extract_reads_urls_from_the_command_line(server: str) -> None:
    command = [sys.executable, "-m", "mirps_nlp.cli", "extract", f"{server}/release.html", f"{server}/missing"]
    result = subprocess.run(command, capture_output=True, timeout=600)
    err = result.stderr.decode()
    assert result.returncode == 1 and "Traceback" not in err
    assert f"error: {server}/missing: could not be fetched (HTTP 404" in err
    record = json.loads(result.stdout.decode().splitlines()[0])
    assert record["source"]["url"] == f"{server}/release.html"
    assert record["title"] == "Panama Hands Over the MIRPS Chair"
    assert [(t["from"], t["to"]) for t in record["chair_transfers"]] == [("country:PAN", "country:BLZ")]
