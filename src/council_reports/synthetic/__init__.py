"""Synthetic data: seeded generators that write made-up child-level files consistent with the
published aggregates, so the reports can be built and tested without real children's data."""
