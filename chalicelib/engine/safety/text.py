"""Text as the safety rules read it: folded case, accents, apostrophes and Chinese character forms."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = dict.fromkeys(map(ord, "'’‘`´ʼ＇"), None)
_MARKS = re.compile("[\u0300-\u036f]+")  # Latin and Cyrillic diacritics only: kana voicing marks stay
# Traditional characters the rules use, folded to their simplified forms (Japanese kanji fold alike,
# which is harmless: the rules are folded the same way as the text).
_HANZI = str.maketrans(
    "殺傷結東沒義們還這說個嗎機類實話與為會覺壓絕歡愛讓開離藥過邊裡裏頭聞報導戲遊劇電視書醫療劑時間從後點樣麼"
    "麗夠貼慮憂鬱際擔負嗎隻對難氣緒應該決遺囑準備亂講聽寫認識誰語訴護據輕現經歷衛彈槍繩跳樓橋斷腕掉",
    "杀伤结东没义们还这说个吗机类实话与为会觉压绝欢爱让开离药过边里里头闻报导戏游剧电视书医疗剂时间从后点样么"
    "丽够贴虑忧郁际担负吗只对难气绪应该决遗嘱准备乱讲听写认识谁语诉护据轻现经历卫弹枪绳跳楼桥断腕掉",
)
SCRIPT_LANGUAGES = {
    "hangul": ("ko",),
    "kana": ("ja",),
    "han": ("zh", "ja"),
    "cyrillic": ("ru",),
    "latin": ("en", "es", "fr", "de", "it", "pt"),
}


def fold(text: str) -> str:
    """Lower case without accents or apostrophes, single spaces, simplified Chinese characters.

    Rules are folded the same way, so they are written with their accents and apostrophes, and match a
    message typed without them.
    """
    text = unicodedata.normalize("NFKC", text).lower().translate(_APOSTROPHES).translate(_HANZI)
    text = unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFD", text)))
    return " ".join(text.split())


def scripts(text: str) -> list[str]:
    """The scripts ``text`` is written in, in the order `SCRIPT_LANGUAGES` prefers them."""
    found = set()
    for char in text:
        code = ord(char)
        if code < 0x80:
            if char.isalpha():
                found.add("latin")
        elif 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
            found.add("hangul")
        elif 0x3040 <= code <= 0x30FF or 0xFF66 <= code <= 0xFF9F:
            found.add("kana")
        elif 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
            found.add("han")
        elif 0x0400 <= code <= 0x04FF:
            found.add("cyrillic")
        elif char.isalpha():
            found.add("latin")
    return [name for name in SCRIPT_LANGUAGES if name in found]


def candidates(text: str, hint: str | None) -> list[str]:
    """Languages whose rules can apply to ``text``: those of its scripts, the hinted one first."""
    written = scripts(text)
    if "kana" in written and "han" in written:  # kanji among kana: Japanese, not Chinese
        written.remove("han")
    found = [code for script in written for code in SCRIPT_LANGUAGES[script]]
    ordered = list(dict.fromkeys(found))
    if hint in ordered:
        ordered.remove(hint)
        ordered.insert(0, hint)
    return ordered


# A few of the commonest words of each language written in Latin script, folded: enough to say which
# of them a short message is in when more than one language's rules match it.
_COMMON_WORDS = {
    "en": "the and is i you to my it this that of me im dont with for have just be not what are am",
    "es": "el la los las que y es de no me yo mi por para con una un pero muy estoy tengo quiero mas nunca"
          " ya se lo te eres cuando tambien ahora hoy ayer soy ella hay esto eso",
    "fr": "le la les et est je tu de pas ne me mon ma pour avec une un mais tres suis jai cest on qui que"
          " des du plus",
    "de": "der die das und ist ich du nicht mich mir mein meine ein eine mit fur aber sehr bin habe hab es"
          " zu auf noch schon",
    "it": "il la lo gli le e di che non mi io mio mia per con una un ma molto sono ho voglio della del ti"
          " piu sei",
    "pt": "o a os as e de que nao me eu meu minha por para pra com uma um mas muito estou to tenho quero"
          " vou ja voce vc quando fico isso isto tambem agora hoje ontem tudo sou ele ela ta",
}
_FUNCTION_WORDS = {code: frozenset(words.split()) for code, words in _COMMON_WORDS.items()}


def by_likelihood(folded: str, languages: list[str]) -> list[str]:
    """``languages`` with those whose common words ``folded`` uses most first (a stable sort)."""
    words = set(folded.replace("?", " ").replace(",", " ").replace(".", " ").split())
    score = {code: len(words & _FUNCTION_WORDS[code]) for code in languages if code in _FUNCTION_WORDS}
    return sorted(languages, key=lambda code: -score.get(code, 0))
