"""Benchmarks; run with `make bench`, results in docs/BENCHMARKS.md."""
