"""Benchmarks: `python -m benchmarks` prints one table of speed, scale and memory (see run.py)."""
