"""National data for every LA in England: the extraction of data/national/ from snapshots of the
DfE's public GitHub repositories (``python -m council_reports.national.extract``). Reading the
folder is ``load.national`` and ``validate.national``."""
