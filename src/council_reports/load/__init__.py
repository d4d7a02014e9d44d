"""Load: read the files we are sent as they are, one module per source format (``files`` reads
CSVs and workbooks for all of them): encoding, structure, header and rows as text, each value
with where it was read. The lowest layer: it imports no other."""
