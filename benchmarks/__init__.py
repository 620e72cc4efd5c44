"""Benchmarks for crossfact; each reports its figures as a ratio against a baseline measured in the same run."""
