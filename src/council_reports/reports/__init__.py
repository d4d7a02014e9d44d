"""The reports: each package here is one report, everything that is its own in one folder (its
definition, data loading and checks, one module per published section, its cover report and
slides settings). The registry (``framework.registry``) finds them; no other part of
council-reports imports a report."""
