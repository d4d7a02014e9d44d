"""Validate: check and type what ``load`` read, one module per source format (the rules that
source tables must meet, raising one DataError naming file, row and column); the report modules
call these for their checked data."""
