"""``council-reports fetch``: a newer release of the DfE's open data into a data folder.

The folder's ``sources.yml`` (``load.sources``) says what to get; ``load.ees_api`` gets it from
the EES public API (data sets on it, at the versions the declaration follows) or the data
catalogue's CSV downloads. Each file is assembled as the loaders read it (the declared columns,
years and places), with a ``.meta.csv`` made from the API's ``/meta`` or the release's data
guidance, staged in ``build/fetch/<folder>/`` and checked there by the EES loader itself
(``validate.ees``, with the LA reference list) and against the
columns of the file it replaces. Only when every file passes is anything written into data/:
each file by a rename (a failed fetch leaves the old files), with a provenance sidecar
(``<file>.provenance.yml``, docs/design/publication-model.md section 3) and an entry in the
folder's data log (the "Fetch log" section of its README.md); then a few lines per file say
what changed.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Sequence
from datetime import date

from ..errors import DataError, ParameterError
from ..load.ees_client import Client
from ..load.files import check_links
from ..load.sources import FILE, read_declaration
from ..project import Project
from .changes import check, differs, report
from .sources import Fetched, Resolved, assemble, resolve
from .write import write

_FOLDER = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_LA = re.compile(r"^(\d{3}|E\d{8})$")


def fetch(
    project: Project,
    folder: str,
    *,
    client: Client,
    la: str = "800",
    files: Sequence[str] = (),
    dry_run: bool = False,
    today: date | None = None,
    say: Callable[[str], None] = print,
) -> list[Fetched]:
    """Fetch the declared files of ``data/<folder>`` and write those that changed."""
    if not _FOLDER.match(folder):
        raise ParameterError(f"{folder!r} is not a data folder name such as attendance")
    if not _LA.match(la):
        raise ParameterError(f"LA {la!r} is not a code such as 800 or E06000022")
    data_dir = project.data / folder
    check_links(data_dir, project.data)
    if not (data_dir / FILE).is_file():
        raise DataError(
            f"no {FILE}: nothing is declared to fetch into this folder",
            file=data_dir / FILE,
            hint="see docs/fetching.md",
        )
    declaration = read_declaration(data_dir / FILE)
    chosen = [d for d in declaration.files if not files or d.name in files]
    unknown = sorted(set(files) - {d.name for d in declaration.files})
    if unknown:
        raise ParameterError(
            f"{', '.join(map(repr, unknown))} not declared in {project.relative(data_dir / FILE)}",
            hint="declared: " + ", ".join(d.name for d in declaration.files),
        )
    resolved: dict[str, Resolved] = {}
    fetched = []
    for file in chosen:
        for name in file.sources:
            if name not in resolved:
                resolved[name] = resolve(client, declaration.sources[name], data_dir / FILE)
        fetched.append(assemble(client, file, resolved))
    stage = project.build / "fetch" / folder
    shutil.rmtree(stage, ignore_errors=True)  # what an earlier fetch left for inspection
    for item in fetched:
        check(item, data_dir, stage)
    for item in fetched:
        for line in report(item, data_dir, la, project):
            say(line)
        if not differs(item, data_dir):
            continue
        if dry_run:
            say(f"  not written (--dry-run): see {project.relative(stage / item.declaration.name)}")
            continue
        write(item, data_dir, declaration, today or date.today())
        say(
            f"  written, with its .meta.csv, {item.declaration.name}.provenance.yml and a row in "
            f"{project.relative(data_dir / 'README.md')}'s fetch log"
        )
    return fetched
