"""Benchmarks of the budgets in DESIGN.md: `make bench`, or `python -m bench.<name>` for one."""
