"""The safety rules of each language, one module per language code."""
