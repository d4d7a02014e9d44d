"""The EES public API and content API, played on 127.0.0.1 from tests/fixtures/ees_api (see the
README there for where each reply comes from). Tests change the replies (``json``, ``csv``),
make the server busy (``busy``) or gzip what it sends (``gzip``), and read what was asked
(``seen``)."""

from __future__ import annotations

import copy
import gzip
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "ees_api"
SESSIONS = "019d209b-b031-7497-8205-af255b581d91"
PERSISTENT = "019d209c-08dc-74b6-9edb-52d521406fcf"
EXCLUSIONS = "20d00e28-7d5b-4469-af00-e7ad73fbab27"
CIN_ABSENCE = "6b0f2d3e-1c4a-4e8b-9f7d-2a5c8e1b3d90"  # made up: the real file's id is not known
CATALOGUE = {EXCLUSIONS: "exclusions-by-geography", CIN_ABSENCE: "cin-outcomes-absence"}
API = "/statistics/v1"
CONTENT = "/api"
_ORIGINAL = {path.stem: json.loads(path.read_text()) for path in FIXTURES.glob("*.json")}
_CSV = {name: (FIXTURES / f"{name}.csv").read_bytes() for name in CATALOGUE.values()}


class FakeEes:
    def __init__(self) -> None:
        self.json = copy.deepcopy(_ORIGINAL)
        self.csvs = dict(_CSV)  # catalogue files' CSVs by fixture name
        self.gzip = False  # send every reply gzipped, with Content-Encoding: gzip
        self.busy: list[tuple[int, str | None]] = []  # (status, Retry-After) to answer first
        self.seen: list[tuple[str, str, dict]] = []  # (method, path and query, JSON body)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return self.url + API

    @property
    def content_url(self) -> str:
        return self.url + CONTENT

    def answer(self, method: str, target: str, body: dict) -> tuple[int, bytes, str]:
        """Status, body and content type for a request."""
        self.seen.append((method, target, body))
        if self.busy:
            status, _ = self.busy[0]
            return status, b'{"title": "Too many requests"}', "application/json"
        parts = urlsplit(target)
        path, query = parts.path, parse_qs(parts.query)
        names = {SESSIONS: "sessions", PERSISTENT: "persistent"}
        if path.startswith(f"{API}/data-sets/"):
            ident, _, rest = path.removeprefix(f"{API}/data-sets/").partition("/")
            name = names.get(ident)
            if name is None:
                return (
                    404,
                    json.dumps({"type": "x", "title": "Not Found", "status": 404}).encode(),
                    "application/json",
                )
            if rest == "":
                return self._json(f"{name}-data-set")
            if rest == "versions":
                return self._json(f"{name}-versions")
            if rest == "meta" and query.get("dataSetVersion"):
                return self._json(f"{name}-meta")
            if rest == "query" and method == "POST":
                return self._json(f"{name}-query-{body.get('page', 1)}")
        if path.startswith(f"{CONTENT}/data-set-files/"):
            ident, _, rest = path.removeprefix(f"{CONTENT}/data-set-files/").partition("/")
            if ident in CATALOGUE and rest == "":
                return self._json(CATALOGUE[ident])
            if ident in CATALOGUE and rest == "download":
                return 200, self.csvs[CATALOGUE[ident]], "text/csv"
        if path == f"{CONTENT}/data-set-files" and query.get("latestOnly") == ["true"]:
            return self._json("data-set-files-latest")
        return 404, b'{"title": "Not Found"}', "application/json"

    @property
    def csv(self) -> bytes:
        """The exclusions file's CSV."""
        return self.csvs["exclusions-by-geography"]

    @csv.setter
    def csv(self, data: bytes) -> None:
        self.csvs["exclusions-by-geography"] = data

    def _json(self, name: str) -> tuple[int, bytes, str]:
        if name not in self.json:
            return 404, b'{"title": "Not Found"}', "application/json"
        return 200, json.dumps(self.json[name]).encode(), "application/json"


def _handler(fake: FakeEes) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._reply("GET")

        def do_POST(self) -> None:
            self._reply("POST")

        def _reply(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else {}
            status, data, kind = fake.answer(method, self.path, body)
            self.send_response(status)
            if fake.busy:
                retry_after = fake.busy.pop(0)[1]
                if retry_after is not None:
                    self.send_header("Retry-After", retry_after)
            if fake.gzip:
                data = gzip.compress(data, mtime=0)
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


def serve() -> Iterator[FakeEes]:
    """A running fake, shut down afterwards (a pytest fixture's body)."""
    fake = FakeEes()
    fake.thread.start()
    try:
        yield fake
    finally:
        fake.server.shutdown()
        fake.server.server_close()
