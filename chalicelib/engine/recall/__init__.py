"""Recall: what a user said, indexed and ranked for search and for each turn's memory block."""
