"""Fetch a release named by an ``http(s)://`` URL, with the limits of trafilatura's fetcher.

Only a URL the user gives on the command line (or passes to :func:`fetch_release`) is ever
fetched: the library opens no connection of its own, and a JSONL line's ``url`` is metadata,
never fetched. The limits are trafilatura's defaults (``settings.cfg``): 30 s timeout, 20 MB,
two redirects. Only ``http`` and ``https`` are followed, also across redirects.

The standard library does the fetching (trafilatura's own fetcher refuses loopback
addresses, which a local mirror or a test server needs, and would pull in its retry and
user-agent settings); the body then goes through :func:`mirps_nlp.ingest.ingest_bytes` like a
file's bytes.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message
from http.client import HTTPMessage
from typing import TYPE_CHECKING, Any, BinaryIO

from mirps_nlp.errors import InputError

if TYPE_CHECKING:
    from mirps_nlp.ingest import Ingested, Kind

#: Seconds to connect and between received blocks (trafilatura's DOWNLOAD_TIMEOUT).
TIMEOUT = 30.0
#: Largest body read (trafilatura's MAX_FILE_SIZE); a longer one is refused, not cut.
MAX_BYTES = 20_000_000
#: Redirects followed (trafilatura's MAX_REDIRECTS).
MAX_REDIRECTS = 2
SCHEMES = ("http://", "https://")
_USER_AGENT = "mirps-nlp (+https://github.com/; press-release extraction)"


def is_url(name: str) -> bool:
    """True for an ``http://`` or ``https://`` address (any case)."""
    return name[:8].lower().startswith(SCHEMES)


class _Refused(Exception):
    """A redirect we do not follow; :func:`fetch` names the URL the user gave."""


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow at most :data:`MAX_REDIRECTS` redirects, and only to http(s)."""

    max_redirections = MAX_REDIRECTS

    def http_error_302(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: HTTPMessage
    ) -> Any:
        target = urllib.parse.urljoin(req.full_url, headers.get("Location") or headers.get("URI") or "")
        if not is_url(target):
            raise _Refused(f"redirects to {target}, which is not an http(s) address; refused")
        if len(getattr(req, "redirect_dict", {})) >= self.max_redirections:
            raise _Refused(f"more than {self.max_redirections} redirects; refused")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def fetch(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> tuple[bytes, str | None]:
    """The body of ``url`` and its media type (``text/html``…), or :class:`InputError`.

    Errors name the URL and what went wrong (HTTP status, timeout, size, refused address).
    """
    if not is_url(url):
        raise InputError(f"{url}: only http:// and https:// addresses are fetched")
    opener = urllib.request.build_opener(_Redirects())
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT, "Accept": "text/html, text/plain"})
    try:
        with opener.open(request, timeout=timeout) as response:
            headers: Message = response.headers
            declared = headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise InputError(f"{url}: {int(declared) / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit")
            body = _read_capped(response, url, timeout, max_bytes)
    except InputError:
        raise
    except _Refused as error:
        raise InputError(f"{url}: {error}") from None
    except urllib.error.HTTPError as error:
        raise InputError(f"{url}: could not be fetched (HTTP {error.code} {_reason(error.reason)})") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise InputError(f"{url}: could not be fetched (no answer within {timeout:g} s)") from None
        raise InputError(f"{url}: could not be fetched ({_reason(error.reason)})") from None
    except TimeoutError:
        raise InputError(f"{url}: could not be fetched (no answer within {timeout:g} s)") from None
    except (OSError, ValueError) as error:
        raise InputError(f"{url}: could not be fetched ({_reason(error)})") from None
    return body, headers.get_content_type() if headers.get("Content-Type") else None


def _read_capped(response: BinaryIO, url: str, timeout: float, max_bytes: int) -> bytes:
    """The body, in blocks: over ``max_bytes`` is refused, and a server that trickles bytes
    cannot keep the download going past ``timeout`` in all (the socket timeout is per block)."""
    deadline = time.monotonic() + timeout
    blocks: list[bytes] = []
    size = 0
    while block := response.read(65536):
        size += len(block)
        if size > max_bytes:
            raise InputError(f"{url}: the page is over the {max_bytes / 1e6:.0f} MB limit")
        if time.monotonic() > deadline:
            raise InputError(f"{url}: could not be fetched (not complete within {timeout:g} s)")
        blocks.append(block)
    return b"".join(blocks)


def _reason(error: object) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def fetch_release(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> Ingested:
    """Fetch ``url`` and read it as a release (HTML or plain text by its media type)."""
    from mirps_nlp.ingest import ingest_bytes

    body, media_type = fetch(url, timeout=timeout, max_bytes=max_bytes)
    kind: Kind | None = None
    if media_type in ("text/html", "application/xhtml+xml"):
        kind = "html"
    elif media_type == "text/plain":
        kind = "text"
    return ingest_bytes(body, url=url, kind=kind)
