"""Recall terms: Unicode words, NFKC-normalised and casefolded, stemmed per language; bigrams for CJK scripts.

Accents are kept ("café" stays "café"). Words of the languages LuminoraCore lists that have a Snowball
stemmer (en, es, fr, de, it, pt, ru) are stemmed with it; Chinese, Japanese and Korean, which do not
separate words with spaces (or, for Korean, glue particles to them), become overlapping character
bigrams, so "咖啡店" is found by "咖啡". The language of a text is guessed from its function words.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from types import ModuleType

from chalicelib.engine.recall.stops import STOP_WORDS

DEFAULT_LANGUAGE = "en"
STEMMED = ("en", "es", "fr", "de", "it", "pt", "ru")
_STEMMER_MODULES = {
    "en": ("english_stemmer", "EnglishStemmer"),
    "es": ("spanish_stemmer", "SpanishStemmer"),
    "fr": ("french_stemmer", "FrenchStemmer"),
    "de": ("german_stemmer", "GermanStemmer"),
    "it": ("italian_stemmer", "ItalianStemmer"),
    "pt": ("portuguese_stemmer", "PortugueseStemmer"),
    "ru": ("russian_stemmer", "RussianStemmer"),
}
# Hangul jamo and syllables, CJK radicals, kana, CJK ideographs and their compatibility forms.
_CJK = ("\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
        "\uac00-\ud7af\uf900-\ufaff")
_CYRILLIC = "\u0400-\u04ff"
# Stems are cached per language: a conversation repeats its words, and one Snowball call costs ~20 µs.
_CACHE_LIMIT = 200_000
_stems: dict[str, dict[str, str]] = {}
_stemmers: dict[str, Callable[[str], str]] = {}


def normalize(text: str) -> str:
    """NFKC, then casefolded: full-width letters, ligatures and case all compare equal; accents stay."""
    return unicodedata.normalize("NFKC", text).casefold()


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Compiled on first use: the character classes take a few milliseconds, which a cold start need not pay."""
    return re.compile(f"([{_CJK}]+)|([^\\W_{_CJK}]+)"), re.compile(f"[{_CYRILLIC}]")


def words(text: str) -> list[tuple[str, bool]]:
    """The normalised pieces of ``text``: (piece, True) for a run of CJK characters, (word, False) otherwise."""
    return [(cjk or word, bool(cjk)) for cjk, word in _patterns()[0].findall(normalize(text))]


def language(pieces: Iterable[tuple[str, bool]]) -> str:
    """The language whose function words ``pieces`` use most ("en" when none stands out); "ru" for Cyrillic."""
    latin = [w for w, cjk in pieces if not cjk]
    if not latin:
        return DEFAULT_LANGUAGE
    if sum(1 for w in latin if _patterns()[1].match(w)) * 2 > len(latin):
        return "ru"
    counts = {lang: sum(1 for w in latin if w in stops) for lang, stops in STOP_WORDS.items() if lang != "ru"}
    best = max(counts, key=lambda lang: (counts[lang], lang == DEFAULT_LANGUAGE))
    return best if counts[best] > counts[DEFAULT_LANGUAGE] else DEFAULT_LANGUAGE


def terms(text: str, lang: str | None = None) -> list[str]:
    """Index terms of ``text`` in order, repeated as often as they occur; stop words left out."""
    pieces = words(text)
    return list(_terms(pieces, lang or language(pieces)))


def query_terms(text: str, languages: Iterable[str] = ()) -> list[frozenset[str]]:
    """The terms of a question, one set per word: its stems in its own language and in ``languages``.

    A question may be asked in another language than the one its answer was indexed in, or be too short
    for its language to show, so each word is looked up under every language the index holds.
    """
    pieces = words(text)
    own = language(pieces)
    langs = list(dict.fromkeys([own, *languages]))
    found: dict[str, frozenset[str]] = {}
    for piece, cjk in pieces:
        if cjk:
            for gram in _grams(piece):
                found.setdefault(gram, frozenset([gram]))
            continue
        variants = frozenset(stem(piece, _script(piece, lang)) for lang in langs if _keeps(piece, _script(piece, lang)))
        if variants and piece not in found:
            found[piece] = variants
    return list(found.values())


def _terms(pieces: list[tuple[str, bool]], lang: str) -> Iterable[str]:
    for piece, cjk in pieces:
        if cjk:
            yield from _grams(piece)
        elif _keeps(piece, _script(piece, lang)):
            yield stem(piece, _script(piece, lang))


def _script(word: str, lang: str) -> str:
    """A Cyrillic word is Russian whatever language the rest of its text is in ("hobbies chess: шахматы")."""
    return "ru" if lang != "ru" and _patterns()[1].match(word) else lang


def _keeps(word: str, lang: str) -> bool:
    return (len(word) > 1 or word.isdigit()) and word not in STOP_WORDS.get(lang, STOP_WORDS[DEFAULT_LANGUAGE])


def _grams(run: str) -> list[str]:
    """Overlapping character bigrams of a CJK run; a lone character stands for itself."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def stem(word: str, lang: str) -> str:
    """``word`` (already normalised) stemmed by the Snowball stemmer of ``lang``; unchanged without one."""
    if word.isdigit() or lang not in _STEMMER_MODULES:
        return word
    cache = _stems.setdefault(lang, {})
    found = cache.get(word)
    if found is None:
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        found = cache[word] = _stemmer(lang)(word)
    return found


def _stemmer(lang: str) -> Callable[[str], str]:
    """The Snowball stemmer of ``lang``, imported on first use (a turn in English never loads the others)."""
    if lang not in _stemmers:
        module, name = _STEMMER_MODULES[lang]
        stemmer = getattr(_snowball(module), name)()
        _stemmers[lang] = stemmer.stemWord
    return _stemmers[lang]


_PACKAGE = "_luminora_snowball"


def _snowball(module: str) -> ModuleType:
    """One module of `snowballstemmer`, loaded from the package's folder without running its ``__init__``.

    That imports all 36 of its stemmers (25-30 ms, on a cold start) to offer a lookup by name; one
    stemmer with the two modules it imports takes 2 ms. The modules live under a private package name,
    so `import snowballstemmer` elsewhere still gets the whole package.
    """
    if _PACKAGE not in sys.modules:
        spec = importlib.util.find_spec("snowballstemmer")
        if spec is None or spec.submodule_search_locations is None:
            raise ImportError("snowballstemmer is not installed (requirements.txt)")
        package = ModuleType(_PACKAGE)
        package.__path__ = list(spec.submodule_search_locations)
        sys.modules[_PACKAGE] = package
    return importlib.import_module(f"{_PACKAGE}.{module}")
