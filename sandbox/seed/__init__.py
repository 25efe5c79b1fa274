"""Deterministic seed data for the sandbox company."""
