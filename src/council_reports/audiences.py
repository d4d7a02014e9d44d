"""Who a report is built for (``publish`` in the cover settings, or the build request).

- ``committee``: figures as the council prints them for its committees today;
- ``public``: the DfE's rule for statistics about children applied (present/disclosure.py).
"""

from __future__ import annotations

COMMITTEE = "committee"
PUBLIC = "public"
AUDIENCES = (COMMITTEE, PUBLIC)
