"""Offline language detection: the script first (Hangul, kana, Han, Cyrillic), then Latin function words."""

from __future__ import annotations

import re
from collections.abc import Callable

LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "zh", "ja", "ko", "ru")
LATIN = ("en", "es", "fr", "de", "it", "pt")
Tiebreak = Callable[[str, str], int]
_LATIN_WORD = re.compile(r"[a-zà-öø-ÿœ]+")
# A CJK character says about as much as a short Latin word.
_CJK_WEIGHT = 3


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The most frequent short words of each language, with a few everyday ones (thanks, hello) that short
# chat lines are made of. Words two languages share count for both; the distinctive ones decide.
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the a an and is are was were be been am i you he she it we they my your his her our their me him us "
        "them this that these those of to in on at for with from by not no do does did don't can could would "
        "should will have has had what who why how when where which so but or if just very really thanks "
        "thank hello hi hey please yes okay love like i'm it's you're"),
    "es": _words(
        "a he ha has han dos tres cuatro mañana ayer ahora aquí voy estas estos esa ese "
        "el la los las un una unos unas y es son está están estoy soy eres era fue ser estar yo tú él ella "
        "nosotros ellos mi mis tu tus su sus me te se nos le les lo de del en con por para sin que qué como "
        "cómo cuando cuándo donde dónde pero muy más también ya no sí hay tengo tienes hola gracias porque "
        "este esta eso esto al mucho muchas muchos hoy nada todo siempre nunca"),
    "fr": _words(
        "deux trois quatre demain hier maintenant ici vais chez sur sous tous tout toute toutes "
        "le la les un une des et est sont suis es était être je tu il elle nous vous ils elles mon ma mes ton "
        "ta tes son sa ses me te se moi toi lui leur de du au aux en dans avec pour par sans que qui quoi "
        "comment quand où mais très plus aussi ne pas oui non c'est j'ai ai as a merci bonjour salut parce "
        "ce cette ça ces tout rien jamais toujours aujourd'hui"),
    "de": _words(
        "zwei drei vier morgen gestern jetzt hier gehe zum zur vom beim "
        "der die das den dem des ein eine einen einem einer und ist sind bin bist war waren sein ich du er "
        "sie es wir ihr mein meine meinen dein deine sein seine mich dich mir dir uns euch von zu im in am "
        "an auf mit für ohne dass wie was wer wann wo warum aber sehr auch nicht kein keine ja nein habe "
        "hast hat danke hallo weil noch schon nur heute immer nie"),
    "it": _words(
        "allora fare vado faccio a ad un da due tre quattro alle al allo agli nel nella sul dal dalla devo sto poi "
        "domani ieri dopo qui "
        "ecco adesso ora "
        "il lo la i gli le un uno una e è sono sei era essere io tu lui lei noi voi loro mio mia miei mie tuo "
        "tua suo sua mi ti si ci vi di del della dei delle in con per senza che chi cosa come quando dove ma "
        "molto più anche non sì ho hai ha grazie ciao perché questo questa quello tutto niente oggi sempre "
        "mai"),
    "pt": _words(
        "dois duas três quatro desta deste disso nesta neste dessa nessa numa num pelo pela amanhã ontem agora "
        "aqui vou "
        "o a os as um uma uns umas e é são está estão estou sou era ser estar eu tu você ele ela nós eles "
        "meu minha meus minhas teu tua seu sua me te se nos lhe de do da dos das em no na nos nas com por "
        "para sem que quê como quando onde mas muito mais também já não sim tenho tem obrigado obrigada olá "
        "oi porque este esta isso isto hoje nada tudo sempre nunca"),
}
# Elided articles and pronouns: j'ai, qu'il (French); dell'anno, un'amica (Italian).
_ELISIONS = {"fr": re.compile(r"\b(?:j|n|qu|m|t|s|d|c|l)'(?=[a-zà-ÿ])"),
             "it": re.compile(r"\b(?:dell|nell|all|dall|sull|un|l|c)'(?=[a-zà-ÿ])")}
# Letters only some Latin languages use.
_LETTERS: dict[str, str] = {"es": "ñ¿¡", "fr": "œçèêëîïûùâ", "de": "äöüß", "it": "ìò", "pt": "ãõçâêô"}


def function_words(language: str) -> frozenset[str]:
    """The short frequent words of a Latin-script ``language`` (none for the others)."""
    return _FUNCTION_WORDS.get(language, frozenset())


def script_language(text: str) -> str | None:
    """The language a non-Latin script names outright, when it outweighs the Latin letters."""
    hangul = kana = han = cyrillic = latin = 0
    for char in text:
        code = ord(char)
        if 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
            hangul += 1
        elif 0x3040 <= code <= 0x30FF:
            kana += 1
        elif 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
            han += 1
        elif 0x0400 <= code <= 0x04FF:
            cyrillic += 1
        elif char.isalpha() and code < 0x0250:
            latin += 1
    if (hangul + kana + han) * _CJK_WEIGHT >= max(latin, 1):
        if hangul >= kana and hangul > 0:
            return "ko"
        return "ja" if kana else "zh"
    return "ru" if cyrillic > latin else None


def latin_scores(text: str) -> dict[str, int]:
    """How strongly each Latin-script language shows in ``text``: function words and telltale letters."""
    lowered = text.lower().replace("’", "'")
    words = _LATIN_WORD.findall(lowered) + re.findall(r"[a-z]+'[a-z]+", lowered)
    scores = {lang: sum(w in vocabulary for w in words) * 2 for lang, vocabulary in _FUNCTION_WORDS.items()}
    for lang, letters in _LETTERS.items():
        scores[lang] += sum(1 for char in lowered if char in letters)
    for lang, elided in _ELISIONS.items():
        scores[lang] += 2 * len(elided.findall(lowered))
    return scores


def leaders(text: str, tiebreak: Tiebreak | None = None, margin: int = 0) -> list[str]:
    """The languages ``text`` shows most, best first: one for a non-Latin script, several on a tie (or
    within ``margin`` points of the best)."""
    found = script_language(text)
    if found is not None:
        return [found]
    scores = latin_scores(text)
    best = max(scores.values())
    close = [lang for lang in LATIN if scores[lang] >= best - margin]
    if len(close) > 1 and tiebreak is not None:
        known = {lang: tiebreak(text, lang) for lang in close}
        close.sort(key=lambda lang: (-scores[lang], -known[lang]))
    return close


def detect(text: str, hint: str | None = None, tiebreak: Tiebreak | None = None) -> str:
    """The language of ``text`` among `LANGUAGES`.

    Among Latin-script languages that show equally, ``tiebreak`` (how many of the words each one knows)
    decides first, then ``hint`` (e.g. the personality's language), then the order of `LATIN`.
    """
    found = script_language(text)
    if found is not None:
        return found
    scores = latin_scores(text)
    best = max(scores.values())
    tied = [lang for lang in LATIN if scores[lang] == best]
    if len(tied) > 1 and tiebreak is not None:
        known = {lang: tiebreak(text, lang) for lang in tied}
        most = max(known.values())
        tied = [lang for lang in tied if known[lang] == most]
    return hint if hint in tied else tied[0]
