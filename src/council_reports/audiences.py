"""Who a report is built for (``publish`` in the cover settings, or the build request), and
what a table's figures count, which decides what each audience may see.

- ``committee``: figures as the council prints them for its committees today;
- ``public``: the DfE's rule for statistics about children applied (present/disclosure.py).
"""

from __future__ import annotations

COMMITTEE = "committee"
PUBLIC = "public"
AUDIENCES = (COMMITTEE, PUBLIC)

# What a table's figures are about (``Table.from_frame(..., about=)``): every table a build
# publishes says, so a new table cannot slip through disclosure control unchecked.
PEOPLE = "people"  # counts of children (or other people): 1 to 5 withheld from the public
SERVICE = "service"  # counts about the service (staff, meetings, DRP stages, reviews held):
# shown, unless they would give a withheld count of people away
RATES = "rates"  # rates and percentages, no counts
WORDS = "words"  # no figures: statements, definitions, lists
PUBLISHED = "published"  # figures their source has published already (DfE open data, which
# applied its own rule): shown as published, since showing them again discloses nothing new
ABOUT = (PEOPLE, SERVICE, RATES, WORDS, PUBLISHED)
