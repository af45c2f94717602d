"""Luminora: AI personalities that remember and relate, as a Chalice application."""
