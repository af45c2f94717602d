"""VADER's sentiment analyzer, made from a prebuilt copy of its lexicons when one matches the package.

The package parses its two lexicon files each time an analyzer is made: about 20 ms of a cold start.
`prebuild` writes what that parse yields as one marshal file beside this module, which loads in about
5 ms. The deployment zip carries one (`scripts.bytecode`), and the cold-start bench writes one when it
compiles bytecode. The file records the Python that wrote it and the sizes of the package files it
was made from; when they do not match, or there is no file, the package parses its own files.
"""

from __future__ import annotations

import marshal
import os
import sys
from typing import Any

PREBUILT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vader.marshal")
_SOURCES = ("vaderSentiment.py", "vader_lexicon.txt", "emoji_utf8_lexicon.txt")


def analyzer(prebuilt: str = PREBUILT) -> Any:
    """A `SentimentIntensityAnalyzer`: from ``prebuilt`` when it matches the installed package."""
    from vaderSentiment import vaderSentiment as package

    cls = package.SentimentIntensityAnalyzer
    lexicons = _load(prebuilt, _stamp(os.path.dirname(package.__file__)))
    if lexicons is None:
        return cls()
    made = cls.__new__(cls)
    made.lexicon, made.emojis = lexicons
    return made


def prebuild(target: str = PREBUILT, package_dir: str | None = None) -> str:
    """Write the parsed lexicons of the package in ``package_dir`` (the installed one by default)."""
    from vaderSentiment import vaderSentiment as package

    folder = package_dir or os.path.dirname(package.__file__)
    stock = package.SentimentIntensityAnalyzer(
        lexicon_file=os.path.join(folder, "vader_lexicon.txt"),
        emoji_lexicon=os.path.join(folder, "emoji_utf8_lexicon.txt"),
    )
    data = {"stamp": _stamp(folder), "lexicon": stock.lexicon, "emojis": stock.emojis}
    partial = f"{target}.{os.getpid()}.tmp"
    with open(partial, "wb") as out:
        marshal.dump(data, out)
    os.replace(partial, target)
    return target


def matches(path: str, package_dir: str) -> bool:
    """Whether the prebuilt file at ``path`` was made from the package in ``package_dir``, by this Python."""
    return _load(path, _stamp(package_dir)) is not None


def _load(path: str, stamp: list[int]) -> tuple[dict[str, float], dict[str, str]] | None:
    try:
        with open(path, "rb") as source:
            data = marshal.loads(source.read())  # marshal.load reads a file a few bytes at a time: 6x slower
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("stamp") != stamp:
        return None
    return data["lexicon"], data["emojis"]


def _stamp(folder: str) -> list[int]:
    return [*sys.version_info[:2], *(os.path.getsize(os.path.join(folder, name)) for name in _SOURCES)]
