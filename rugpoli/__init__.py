"""Shared, import-safe logic of the rugpoli assistant (used by NLU components, actions and tools)."""
