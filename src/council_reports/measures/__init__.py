"""Measures: pure functions from validated tables to the numbers a report quotes."""
