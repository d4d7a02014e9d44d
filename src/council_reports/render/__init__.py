"""Render layer."""
