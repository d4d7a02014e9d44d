"""Writing a fetched file into data/: by a rename, with its provenance sidecar and a row in the
folder's fetch log."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .. import markup
from ..load.sources import (
    Declaration,
)
from ..staging import write_atomically
from .changes import current_bytes
from .sources import CATALOGUE_PAGE, Fetched

LOG_HEADING = "## Fetch log"
LOG_COLUMNS = ("date", "file", "source", "release and version", "URL", "metadata", "sha256")


# Writing into data/.


def write(item: Fetched, data_dir: Path, declaration: Declaration, today: date) -> None:
    stem = item.declaration.name.removesuffix(".csv")
    write_atomically(data_dir / item.declaration.name, item.data)
    write_atomically(data_dir / f"{stem}.meta.csv", item.meta)
    write_atomically(
        data_dir / f"{item.declaration.name}.provenance.yml", _provenance(item, declaration, today)
    )
    readme = data_dir / "README.md"
    write_atomically(readme, _logged(current_bytes(readme) or b"", item, declaration, today))


def _provenance(item: Fetched, declaration: Declaration, today: date) -> bytes:
    """The machine-readable record beside the file (publication model, section 3)."""
    import yaml

    record = {
        "kind": "published",
        "source": "; ".join(dict.fromkeys(i.source.publication for i in item.inputs)),
        "owner": declaration.publisher,
        "file": item.declaration.name,
        "url": [i.url for i in item.inputs],
        "release": "; ".join(dict.fromkeys(i.release for i in item.inputs)),
        "sha256": item.sha256,
        "fetched": today.isoformat(),
        "licence": declaration.licence,
        "inputs": [
            {
                "title": i.source.title,
                "publication": i.source.publication,
                ("data_set" if i.source.kind == "api" else "catalogue_file"): i.source.id,
                **({"version": i.version} if i.version else {}),
                "release": i.release,
                "url": i.url,
                **({"page": f"{CATALOGUE_PAGE}/{i.source.id}"} if i.source.kind != "api" else {}),
            }
            for i in item.inputs
        ],
        "meta": {
            "file": item.declaration.name.removesuffix(".csv") + ".meta.csv",
            "from": item.meta_from,
        },
    }
    head = "# Written by council-reports fetch (docs/fetching.md): where this file comes from.\n"
    return (head + yaml.safe_dump(record, sort_keys=False, allow_unicode=True)).encode()


def _logged(readme: bytes, item: Fetched, declaration: Declaration, today: date) -> bytes:
    """The folder's README with one more row in its fetch log (the section is added at the end
    if it is not there yet)."""
    publications = ", ".join(dict.fromkeys(i.source.publication for i in item.inputs))
    sources = f"{declaration.publisher}, {publications}: " + "; ".join(
        ("API data set " if i.source.kind == "api" else "data catalogue file ") + i.source.title
        for i in item.inputs
    )
    versions = "; ".join(
        [
            *dict.fromkeys(i.release for i in item.inputs),
            *(f"{i.source.title} version {i.version}" for i in item.inputs if i.version),
        ]
    )
    cells = [
        today.isoformat(),
        f"`{item.declaration.name}`",
        markup.text(sources),
        markup.text(versions),
        "<br>".join(f"`{i.url}`" for i in item.inputs),
        markup.text("; ".join(item.meta_from)),
        f"`{item.sha256}`",
    ]
    row = "| " + " | ".join(cells) + " |"
    lines = readme.decode().splitlines()
    if LOG_HEADING not in lines:
        lines += [
            "",
            LOG_HEADING,
            "",
            "Written by `council-reports fetch` (docs/fetching.md): one row for each file it "
            f"replaced. Licence of the data: {declaration.licence}.",
            "",
            "| " + " | ".join(LOG_COLUMNS) + " |",
            "|" + "---|" * len(LOG_COLUMNS),
        ]
    at = lines.index(LOG_HEADING) + 1
    while at < len(lines) and not lines[at].startswith("|"):
        at += 1
    while at < len(lines) and lines[at].startswith("|"):
        at += 1
    lines.insert(at, row)
    return ("\n".join(lines) + "\n").encode()
