"""Benchmarks: seeded data, measured figures, never pass/fail on time. `make bench` runs them all."""
