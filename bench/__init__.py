"""Benchmarks: scripts that measure translate-check and write bench/results/."""
