"""Benchmarks of the assistant beside Rasa's example bot (`make bench`, bench/bench.py)."""
