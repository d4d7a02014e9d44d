"""A national EES release read for one build: time and peak memory (not a test; not part of
`make bench`, run it on its own).

    .venv/bin/python bench/bench_ees.py                  # a 2-million-row file
    .venv/bin/python bench/bench_ees.py --rows 500000 --sample 50000

Writes an absence-by-geography file of ``--rows`` rows (England, nine regions and 150 LAs, 19
years, many school types) and its .meta.csv into a temporary folder, then reads it in a fresh
process as a build of one LA does: ``validate.ees.read_ees`` with a ``Selection`` of the LA, its
region, England and two years (the limit: under 1 GB of peak memory for 2 million rows). For
comparison it reads the first ``--sample`` rows without a selection, every row held and checked,
and scales that to the whole file (the whole file read so took about 100 s and 5 GB).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,new_la_code,la_name,school_type,sess_authorised_percent,"
    "sess_unauthorised_percent,enrolments_pa_10_exact_percent,enrolments_pa_50_exact_percent,"
    "sess_unauthorised_percent_pa_10_exact"
)
META = Path(__file__).resolve().parents[1] / "data" / "attendance" / "absence_by_geography.meta.csv"
LIMIT = 1 << 30  # bytes of peak memory for the selected read


def areas() -> list[str]:
    """The geography columns of England, nine regions and 150 LAs (B&NES among them)."""
    england = "National,E92000001,England,,,,,"
    regions = [f"Regional,E92000001,England,E1200000{n},Region {n},,," for n in range(1, 10)]
    las = [
        f"Local authority,E92000001,England,E1200000{1 + n % 9},Region {1 + n % 9},{code},"
        f"E0600{code:04d},Authority {code}"
        for n, code in enumerate(range(801, 950))
    ]
    bath = (
        "Local authority,E92000001,England,E12000009,South West,800,E06000022,"
        "Bath and North East Somerset"
    )
    return [england, *regions, bath, *las]


def write(folder: Path, rows: int) -> Path:
    path = folder / "absence_by_geography.csv"
    places = areas()
    years = [f"{y}{(y + 1) % 100:02d}" for y in range(2006, 2025)]
    per_type = len(places) * len(years)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER + "\n")
        for n in range(rows):
            kind, rest = divmod(n, per_type)
            year, place = divmod(rest, len(places))
            values = f"{4 + n % 30 / 10:.1f},{1 + n % 20 / 10:.1f},{15 + n % 90 / 10:.1f},2.1,8.0"
            out.write(f"{years[year]},Academic year,{places[place]},Type {kind},{values}\n")
    path.with_suffix(".meta.csv").write_text(META.read_text(encoding="utf-8"), encoding="utf-8")
    return path


READ = textwrap.dedent(
    """
    import resource, sys, time
    from pathlib import Path
    from council_reports.load.ees import Selection
    from council_reports.periods import Period
    from council_reports.validate.ees import read_ees
    selection = None
    if sys.argv[2] == "selected":
        years = {Period.parse("2023-24"), Period.parse("2022-23")}
        selection = Selection.of(las={"800"}, regions={"E12000009"}, years=years)
    started = time.perf_counter()
    dataset = read_ees(Path(sys.argv[1]), selection=selection)
    seconds = time.perf_counter() - started
    print(len(dataset.frame), seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    """
)


def measure(path: Path, how: str) -> tuple[int, float, int]:
    """(rows kept, seconds, peak resident bytes) of reading ``path`` in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", READ, str(path), how], capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"reading {path.name} failed:\n{done.stderr}")
    kept, seconds, peak = done.stdout.split()
    return int(kept), float(seconds), int(peak) * 1024  # Linux: ru_maxrss in KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--sample", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        big = write(Path(scratch), args.rows)
        took, size = time.perf_counter() - started, big.stat().st_size / 2**20
        print(f"wrote {args.rows:,} rows ({size:.0f} MiB) in {took:.1f} s")
        kept, seconds, peak = measure(big, "selected")
        verdict = "within" if peak < LIMIT else "OVER"
        print(
            f"one LA's rows ({kept} kept): {seconds:.1f} s, peak {peak / 2**20:.0f} MiB "
            f"({verdict} the 1 GiB limit)"
        )
        (Path(scratch) / "sample").mkdir()
        sample = write(Path(scratch) / "sample", args.sample)
        kept, seconds, peak = measure(sample, "all")
        scale = args.rows / args.sample
        print(
            f"every row, {args.sample:,} of them: {seconds:.1f} s, peak {peak / 2**20:.0f} MiB "
            f"(scaled to {args.rows:,}: about {seconds * scale:.0f} s)"
        )


if __name__ == "__main__":
    main()
