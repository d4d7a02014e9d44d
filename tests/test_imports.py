"""A guard against a dependency regressing: importing what a build's notebook runs on (pandas,
altair, vl-convert and this package) costs at most 1.5 s of CPU on this machine. Not a
benchmark (bench/ measures speed); jsonschema's optional rfc3987_syntax alone once cost 3 s."""

from __future__ import annotations

import re
import subprocess
import sys

LIMIT = 1.5  # seconds of CPU
STACK = """
import resource
from council_reports.execute import block_slow_imports
block_slow_imports()
import pandas, altair, vl_convert, council_reports.notebook
usage = resource.getrusage(resource.RUSAGE_SELF)
print(usage.ru_utime + usage.ru_stime)
"""


def test_the_notebook_stack_imports_in_well_under_two_seconds_of_cpu():
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", STACK], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    seconds = float(result.stdout)
    # -X importtime: "import time: self [us] | cumulative | module", nesting by indentation
    rows = re.findall(r"^import time:\s+\d+ \|\s+(\d+) \|( +)(\S+)$", result.stderr, re.M)
    slowest = sorted(((int(us), name) for us, _, name in rows), reverse=True)[:8]
    report = ", ".join(f"{name} {us / 1e6:.2f}s" for us, name in slowest)
    assert seconds < LIMIT, f"{seconds:.2f}s of CPU to import the stack; slowest: {report}"
