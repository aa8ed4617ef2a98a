"""Evaluation of the trained assistant on held-out and blind message sets (make evaluate, gate)."""
