"""Valences of common emoji and text emoticons, on VADER's -4 to 4 scale, for every language."""

from __future__ import annotations

import re

# One code point per emoji: skin tones, variation selectors and joiners that follow it change nothing here.
_EMOJI_LINES = """
3 😍 🥰 🤩 😻
2.8 🥳
2.5 😘 💕 💖 💗 💓 💞 💘 💝 ❤ 🧡 💛 💚 💙 💜 ♥ 🎉 🎊 🫶
2.2 😄 😊
2 😀 😃 😁 😆 ☺ 🤗 🤣 👏 🙌 💯 😇 🤍 😸 💋
1.8 😂 👍
1.5 😎 😋 🌟 🌹 👌 😺 💪 🥹
1.2 😉 🔥 🙏
1 🙂 ✨ ⭐ 🌸 🌈 ☀ 🍀 😌 ✌ 🖤
-0.8 😑 😬
-1 🥺 😷 🫤
-1.2 😕 😪
-1.5 🙁 🙄 😓 🤒 🤕 😵 ☠
-1.8 😟 ☹ 😒 😥
-2 😔 😣 😖 😤 😰 😨 😱 👎 💩 😿 👿
-2.2 😢 😞 😫 😩
-2.5 😭 😠 🤢
-2.8 💔
-3 😡 🤮 🖕
-3.2 🤬
"""
EMOJI: dict[str, float] = {emoji: float(line.split()[0]) for line in _EMOJI_LINES.strip().splitlines()
                           for emoji in line.split()[1:]}
_EMOTICONS: dict[str, float] = {
    ":)": 2.0, ":-)": 2.0, ":]": 1.5, "=)": 2.0, ":D": 2.2, ":-D": 2.2, "xD": 2.0, "XD": 2.0,
    ";)": 1.2, ";-)": 1.2, ":P": 1.0, ":p": 1.0, "<3": 2.5, "^^": 2.0, "^_^": 2.0, "^.^": 2.0,
    ":(": -2.0, ":-(": -2.0, ":'(": -2.5, ";(": -2.0, ">:(": -2.5, ":/": -1.0, ":-/": -1.0,
    "T_T": -2.5, "T.T": -2.5, ";_;": -2.5, "</3": -2.8,
}
_EMOTICON = re.compile(
    r"(?<![\w:/])(?:" + "|".join(re.escape(e) for e in sorted(_EMOTICONS, key=len, reverse=True)) + r")(?![\w/])"
)


def valences(text: str) -> list[float]:
    """The valence of each emoji and emoticon in ``text``."""
    found = [EMOJI[char] for char in text if char in EMOJI]
    found.extend(_EMOTICONS[match] for match in _EMOTICON.findall(text))
    return found
