"""Benchmarks: self-contained scripts run by hand or in CI (`.venv/bin/python bench/<name>.py`)."""
