"""HTTP to the DfE's Explore Education Statistics services, with only the standard library:
``urllib`` with timeouts, retries with backoff on 429 and 5xx gateway errors (honouring
``Retry-After``), redirects only to https, gzip (``Content-Encoding`` or a gzip file), limits on
what a reply may hold, and every field of a reply checked for its type, text for control
characters and length, before use (``ees_api`` asks the services for data sets with it).
"""

from __future__ import annotations

import http.client
import json
import re
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .. import __version__
from ..errors import FetchError

API_URL = "https://api.education.gov.uk/statistics/v1"
CONTENT_URL = "https://content.explore-education-statistics.service.gov.uk/api"
OFFLINE_HINT = "check the network, or fetch on a machine that can and copy data/"
RETRY_STATUSES = frozenset({429, 502, 503, 504})
MAX_BYTES = 256 * 2**20  # a reply, and a gzip body once unpacked
MAX_RETRY_AFTER = 120.0  # seconds: a longer Retry-After is capped
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
_URL = re.compile(r"^[A-Za-z0-9:/.\-_\[\]]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MAX_TEXT = 1_000  # characters in a label, code or value
KEPT = "nothing was written; try again later, or report the file to the DfE"


def check_base_url(url: str) -> str:
    """A base URL we may send requests to: https, or http to this machine (a test server),
    of plain characters only (it is quoted in the data log)."""
    parts = urlsplit(url)
    if _URL.match(url) and (
        (parts.scheme == "https" and parts.hostname)
        or (parts.scheme == "http" and parts.hostname in LOOPBACK)
    ):
        return url.rstrip("/")
    raise FetchError(
        f"base URL {url!r} is neither https nor http on 127.0.0.1",
        hint="the EES services are https; plain http is only for a test server on this machine",
    )


def _reason(error: BaseException) -> str:
    """Why a connection failed, in a few words: ``Name or service not known``, ``timed out``."""
    reason = getattr(error, "reason", error)
    if isinstance(reason, BaseException):
        error = reason
    if isinstance(error, TimeoutError):
        return "timed out"
    said = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return clean(said, 200)


def clean(value: object, limit: int = 200) -> str:
    """Text from a reply, made safe for one line of a message."""
    text = " ".join(_CONTROL.sub(" ", str(value)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to https (or to this machine, for a test server)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        parts = urlsplit(newurl)
        if not (parts.scheme == "https" or parts.hostname in LOOPBACK):
            host = urlsplit(req.full_url).netloc
            raise FetchError(f"{host} redirected to {clean(newurl)}, which is not https", hint=KEPT)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@dataclass
class Client:
    """Requests to the EES services, with the timeouts, retries and limits above.

    ``sleep`` waits between attempts (tests pass one that does not wait); ``backoff`` is the
    first wait in seconds, doubled at each retry unless the service says how long to wait.
    """

    api_url: str = API_URL
    content_url: str = CONTENT_URL
    timeout: float = 60.0
    attempts: int = 5
    backoff: float = 2.0
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self) -> None:
        self.api_url = check_base_url(self.api_url)
        self.content_url = check_base_url(self.content_url)
        self._opener = urllib.request.build_opener(_Redirects)
        self.requests = 0  # how many were sent, retries included

    def get_json(self, url: str, what: str) -> Any:
        return _json(self.request(url, what), url, what)

    def post_json(self, url: str, body: Mapping[str, Any], what: str) -> Any:
        data = json.dumps(body).encode()
        return _json(self.request(url, what, data), url, what)

    def request(self, url: str, what: str, body: bytes | None = None) -> bytes:
        """The reply's body, unpacked if gzipped. ``what`` names the thing asked for, in
        messages ("data set 019d...")."""
        host = urlsplit(url).netloc
        headers = {
            "Accept-Encoding": "gzip",
            "User-Agent": f"council-reports/{__version__}",
            **({"Content-Type": "application/json"} if body is not None else {}),
        }
        request = urllib.request.Request(url, data=body, headers=headers)
        for attempt in range(1, self.attempts + 1):
            self.requests += 1
            try:
                with self._opener.open(request, timeout=self.timeout) as reply:
                    return _unpacked(_read(reply, host), reply.headers, host)
            except urllib.error.HTTPError as error:
                with error:
                    if error.code in RETRY_STATUSES and attempt < self.attempts:
                        self.sleep(self._wait(attempt, error.headers.get("Retry-After")))
                        continue
                    raise _refused(error, host, what) from None
            except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
                if _transient(error) and attempt < self.attempts:
                    self.sleep(self._wait(attempt, None))
                    continue
                raise FetchError(
                    f"cannot reach {host}: {_reason(error)}", hint=OFFLINE_HINT
                ) from None
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _wait(self, attempt: int, retry_after: str | None) -> float:
        if retry_after and retry_after.strip().isdigit():
            return min(float(retry_after), MAX_RETRY_AFTER)
        return self.backoff * 2 ** (attempt - 1)


def _transient(error: BaseException) -> bool:
    """A timeout or a dropped connection is worth another try; a name that does not resolve or
    a refused connection (no network) is not."""
    reason = getattr(error, "reason", error)
    return isinstance(
        reason,
        TimeoutError | ConnectionResetError | ConnectionAbortedError | http.client.HTTPException,
    )


def _read(reply: http.client.HTTPResponse, host: str) -> bytes:
    data = reply.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise FetchError(f"{host} sent more than {MAX_BYTES // 2**20} MiB", hint=KEPT)
    return data


def _unpacked(data: bytes, headers: Mapping[str, str], host: str) -> bytes:
    """A gzip body (``Content-Encoding: gzip``, or a gzip file) unpacked, within the limit."""
    if headers.get("Content-Encoding", "").lower() != "gzip" and not data.startswith(b"\x1f\x8b"):
        return data
    unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = unpacker.decompress(data, MAX_BYTES + 1)
    except zlib.error as error:
        raise FetchError(f"{host} sent a damaged gzip body: {clean(error)}") from None
    if len(out) > MAX_BYTES or unpacker.unconsumed_tail:
        raise FetchError(f"{host} sent a gzip body over {MAX_BYTES // 2**20} MiB unpacked")
    if not unpacker.eof:
        raise FetchError(f"{host} sent a gzip body that ends early", hint="try again")
    return out


def _refused(error: urllib.error.HTTPError, host: str, what: str) -> FetchError:
    """An HTTP error as one line, with the service's own message where it gives one."""
    said = ""
    try:
        body = json.loads(error.read(64 * 1024) or b"{}")
        if isinstance(body, dict):
            errors = body.get("errors")
            first = errors[0] if isinstance(errors, list) and errors else {}
            message = first.get("message") if isinstance(first, dict) else None
            said = clean(message or body.get("detail") or body.get("title") or "", 160)
    except (ValueError, OSError):
        pass
    status = f"HTTP {error.code} from {host}" + (f": {said}" if said else "")
    if error.code == 404:
        return FetchError(f"{what} not found ({status})", hint="check its id in sources.yml")
    if error.code in RETRY_STATUSES:
        return FetchError(f"{host} is busy ({status})", hint="try again later")
    return FetchError(f"{host} refused the request for {what} ({status})")


def _json(data: bytes, url: str, what: str) -> Any:
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        raise FetchError(
            f"{urlsplit(url).netloc} sent a reply for {what} that is not JSON",
            hint="the service may be down; try again later",
        ) from None


def field(value: Any, key: str, kind: type | tuple[type, ...], what: str) -> Any:
    """``value[key]``, which must be of ``kind``."""
    found = value.get(key) if isinstance(value, dict) else None
    if not isinstance(found, kind) or (isinstance(found, bool) and kind is not bool):
        raise FetchError(f"the reply for {what} has no usable {key!r}", hint=KEPT)
    return found


def text(value: Any, key: str, what: str, *, required: bool = True) -> str:
    """A text field: a string of printable characters, not too long."""
    if not required and (not isinstance(value, dict) or value.get(key) is None):
        return ""
    found = field(value, key, str, what)
    if not usable(found):
        raise FetchError(f"the reply for {what} has an unusable {key!r}", hint=KEPT)
    return found


def usable(value: str) -> bool:
    """Text from a reply we may keep: printable, and no longer than ``MAX_TEXT``."""
    return len(value) <= MAX_TEXT and not _CONTROL.search(value)
