"""Load: read each source format into tidy pandas tables (one module per format)."""
