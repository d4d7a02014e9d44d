"""``council-reports preview``: one report's HTML in the browser, built again whenever what it
is built from changes, as ``quarto preview`` does for a Quarto document.

The preview builds into a folder of its own (a temporary folder, removed when it stops), never
into build/, with the project's build (``build.build``): a prose, template or settings edit
renders again without running the notebook, a code or data edit runs it. It serves the built
HTML on 127.0.0.1 with the standard library's HTTP server, and adds to the page it serves (never
to the file) a script that asks ``/__version`` whether a newer build is there, and reloads. A
build that fails (an unknown fact id, bad data) shows its one-line error above the last good
page instead of stopping the server.
"""

from __future__ import annotations

import dataclasses
import html
import mimetypes
import shutil
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .batch import select
from .build import build
from .errors import ParameterError, ReportError, os_error_line
from .framework import get_report
from .keys import file_state
from .planning import BuildRequest, input_files
from .project import Project

HOST = "127.0.0.1"  # the author's machine only: a preview is not a publication
POLL = 0.3  # seconds between looks at the files a build reads
PAGE = "report.html"
VERSION = "/__version"
RELOAD = """<script>
(function () {{
  var shown = "{version}";
  setInterval(function () {{
    fetch("{path}", {{cache: "no-store"}}).then(function (answer) {{ return answer.text(); }})
      .then(function (latest) {{ if (latest !== shown) {{ location.reload(); }} }})
      .catch(function () {{}});
  }}, 500);
}})();
</script>
"""
BANNER = (
    '<div role="alert" id="preview-error" style="position: sticky; top: 0; z-index: 1000; '
    "margin: 0; padding: 0.75em 1em; background: #fde8e6; color: #6b0f07; "
    'border-bottom: 3px solid #d02717; font: 1rem/1.4 sans-serif">'
    "<strong>The last edit did not build:</strong> <code>{line}</code>{after}</div>\n"
)
EMPTY = "<!DOCTYPE html>\n<html lang='en-GB'><head><meta charset='utf-8'><title>Preview</title>"
EMPTY += "</head><body>\n<p>No build of this report has finished yet.</p>\n</body></html>\n"


@dataclasses.dataclass
class State:
    """What the server shows: the folder of the last good build, the error of the last build if
    it failed, and a number that changes with every build (the page reloads when it does)."""

    folder: Path | None = None
    error: str | None = None
    version: int = 0
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    def finished(self, folder: Path | None, error: str | None) -> None:
        with self.lock:
            self.folder = folder or self.folder
            self.error = error
            self.version += 1

    def page(self) -> bytes:
        """The report's HTML as served: the error line on top, if any, and the reload script."""
        with self.lock:
            folder, error, version = self.folder, self.error, self.version
        text = EMPTY if folder is None else (folder / PAGE).read_text(encoding="utf-8")
        after = "<br>What follows is the last build that worked." if folder else ""
        banner = BANNER.format(line=html.escape(error), after=after) if error else ""
        script = RELOAD.format(version=version, path=VERSION)
        body = text.find("<body")
        top = text.find(">", body) + 1 if body >= 0 else 0
        end = text.rfind("</body>")
        end = end if end >= top else len(text)
        return (text[:top] + banner + text[top:end] + script + text[end:]).encode("utf-8")

    def version_text(self) -> bytes:
        with self.lock:
            return str(self.version).encode("ascii")


def _handler(state: State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        """The page (``/``), ``/__version``, and the build's other files (figures, tables)."""

        def do_GET(self) -> None:
            path = unquote(urlsplit(self.path).path)
            if path in ("/", f"/{PAGE}"):
                self._send(state.page(), "text/html; charset=utf-8")
            elif path == VERSION:
                self._send(state.version_text(), "text/plain; charset=utf-8")
            else:
                self._file(path)

        def _file(self, path: str) -> None:
            with state.lock:
                folder = state.folder
            wanted = (folder / path.lstrip("/")).resolve() if folder else None
            if (
                wanted is None
                or not wanted.is_relative_to(folder.resolve())
                or not wanted.is_file()
            ):
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            kind = mimetypes.guess_type(wanted.name)[0] or "application/octet-stream"
            self._send(wanted.read_bytes(), kind)

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # a line per request would bury the build's own lines

    return Handler


def _signature(project: Project, report_id: str) -> tuple[tuple[str, tuple[int, int] | None], ...]:
    """The files a build of the report reads, each with its size and modification time (None
    once removed): when this changes, the preview builds again."""
    files = input_files(project, get_report(report_id))
    return tuple((str(path), file_state(path)) for path in files)


def _request(
    project: Project, report: str, la: str, period: str, renderer: str | None
) -> BuildRequest:
    """The one target the preview shows (as ``build`` would plan it: read again before each
    build, so an edit to the cover settings' date or audience is followed)."""
    requests = select(project, [report], la=la, period=period, formats="html", renderer=renderer)
    if len(requests) != 1:
        raise ParameterError(
            f"{report} --la {la} --period {period} is {len(requests)} targets, not one",
            hint="preview one LA and one year, such as --la 800 --period 2023-24",
        )
    return requests[0]


def _attempt(build_once: Callable[[], Path]) -> tuple[Path | None, str | None]:
    """Build once: the build's folder and no error, or no folder and the error's one line
    (also printed, as the build command prints it)."""
    try:
        return build_once(), None
    except ReportError as error:
        line = str(error)
    except OSError as error:
        line = os_error_line(error)
    except Exception:  # a bug in council-reports: say so, and keep the preview running
        traceback.print_exc()
        line = "a bug in council-reports stopped the build: the traceback is in the terminal"
    print(f"error: {line}", file=sys.stderr, flush=True)
    return None, line


def preview(
    project: Project,
    report: str,
    la: str,
    period: str,
    *,
    port: int = 0,
    renderer: str | None = None,
    ready: Callable[[str], None] = lambda url: None,
) -> None:
    """Serve a live preview of one report until stopped (Ctrl-C, SIGTERM): ``ready`` is given
    the page's address once the server listens. A build under way when the signal comes
    finishes first (interrupting one midway can leave its notebook's kernel waiting); then
    everything the preview built is removed."""
    _request(project, report, la, period, renderer)  # a wrong report, LA or year: one line, now
    folder = Path(tempfile.mkdtemp(prefix="council-reports-preview-"))
    own = dataclasses.replace(project, build=folder)
    state = State()
    server = None
    stop = threading.Event()
    handlers = {s: signal.signal(s, lambda *_: stop.set()) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        try:
            server = ThreadingHTTPServer((HOST, port), _handler(state))
        except OSError as error:
            raise ParameterError(
                f"cannot listen on {HOST} port {port}: {error.strerror or error}",
                hint="choose another --port, or leave it out for a free one",
            ) from None
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        ready(f"http://{HOST}:{server.server_address[1]}/")

        def build_once() -> Path:
            result = build(own, _request(project, report, la, period, renderer))
            print(f"{result.state} in {result.seconds:.1f}s", flush=True)
            return result.path

        seen = None
        while not stop.is_set():
            now = _signature(project, report)
            if now != seen:
                seen = now  # taken before the build: an edit while it runs builds again
                state.finished(*_attempt(build_once))
            stop.wait(POLL)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
        if server is not None:
            server.shutdown()
            server.server_close()
        shutil.rmtree(folder, ignore_errors=True)
