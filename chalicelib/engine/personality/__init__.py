"""Personalities: the LuminoraCore file format (schema), the domain personality and the built-in files."""
