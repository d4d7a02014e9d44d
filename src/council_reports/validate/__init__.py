"""Validate: rules that source tables must meet, raising DataError with file, row and column."""
