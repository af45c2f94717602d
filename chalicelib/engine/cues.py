"""Named interactions recognised in a message by their words, with no LLM.

LuminoraCore files name what a user does in snake_case (``question_about_science``, ``deep_conversation``,
``user_gives_compliment``, ``positive_interaction``). A name is recognised when every word of it that says
something is cued by the message: a known word by its cue below, any other word by appearing in the
message itself. Words such as ``user``, ``about`` or ``conversation`` say nothing and are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import NamedTuple


class Said(NamedTuple):
    """A user message and its sentiment label, as the cues read it."""

    text: str
    sentiment: str = "neutral"

    @property
    def lowered(self) -> str:
        return self.text.lower()


def _words(pattern: str) -> Callable[[Said], bool]:
    # Compiled on first use (and kept by `re`'s cache): most personalities test few of these cues.
    full = r"\b(?:" + pattern + r")"
    return lambda said: bool(re.search(full, said.text, re.I))


def _any(*tests: Callable[[Said], bool]) -> Callable[[Said], bool]:
    return lambda said: any(test(said) for test in tests)


_QUESTION = _any(lambda s: "?" in s.text,
                 _words(r"^\s*(?:how|what|why|when|where|who|which|can you|could you|do you|is it|are there)\b"))
_SCIENCE = _words(
    r"scien|physic|chemi|biolog|astronom|quantum|atom|molecul|photosynth|gravity|evolution|planet|galax|"
    r"universe|black hole|dna\b|genes?\b|cells?\b|experiment|hypothes|theory|energy|electric|magnet|climate|"
    r"volcan|earthquake|tides?\b|orbit|telescope|fossil|element|particle|neuron|vaccine|virus|bacteria"
)
_ENTHUSIASM = _any(lambda s: "!" in s.text and s.sentiment in ("positive", "very_positive"),
                   _words(r"amazing|awesome|so cool|fascinat|incredible|wow|can't wait|love (?:this|that|it)|"
                          r"excit|thrill"))
_DEEP = _any(lambda s: len(s.text) >= 160,
             _words(r"meaning|purpose|believe|soul|afraid|dream|lonely|death|honestly|deep down|what matters|"
                    r"who i am|my life"))
_COMPLIMENT = _words(r"you(?:'re| are) (?:so |really |very )?(?:smart|amazing|great|kind|funny|brilliant|wonderful|"
                     r"cute|beautiful|the best|awesome|clever|sweet)|i love (?:your|talking to you)|well done|"
                     r"good job")
_THANKS = _words(r"thanks|thank you|grateful|appreciate")
_HUMOUR = _words(r"haha|lol|lmao|joke|funny|hilarious|😂|🤣")
_GOOD_NEWS = _words(r"good news|great news|got the job|got promoted|promotion|passed|i won|we won|got engaged|"
                    r"got married|had a baby|accepted|graduated|finally did it")
_GREETING = _words(r"^\s*(?:hi|hello|hey|good (?:morning|afternoon|evening)|greetings)\b")
_GOODBYE = _words(r"bye|goodbye|good night|see you|talk later")
_APOLOGY = _words(r"sorry|apologi[sz]e|my bad")
_HELP = _words(r"help|advice|how do i|how can i|could you|can you|please")
_SECRET = _words(r"never told|secret|confess|have to admit|between us")
_LEARNING = _words(r"learn|study|teach|explain|understand|lesson")
_CRITICISM = _any(lambda s: s.sentiment in ("negative", "very_negative") and bool(re.search(r"\byou", s.lowered)),
                  _words(r"you(?:'re| are) wrong|that's wrong|useless|stupid|you don't get it"))


def _sentiment(*labels: str) -> Callable[[Said], bool]:
    return lambda said: said.sentiment in labels


# Known words and what cues them; plural and verb forms map to the same cue.
_CUES: dict[str, Callable[[Said], bool]] = {
    **dict.fromkeys(("question", "questions", "asks", "ask", "asking", "curious", "curiosity"), _QUESTION),
    **dict.fromkeys(("science", "scientific", "physics", "chemistry", "biology", "astronomy", "space"), _SCIENCE),
    **dict.fromkeys(("enthusiasm", "enthusiastic", "excited", "excitement", "joy", "passion"), _ENTHUSIASM),
    **dict.fromkeys(("deep", "meaningful", "philosophical", "personal", "intimate", "serious"), _DEEP),
    **dict.fromkeys(("compliment", "compliments", "praise", "flatters", "flirts", "flirt"), _COMPLIMENT),
    **dict.fromkeys(("gratitude", "thanks", "thank", "thankful", "grateful", "appreciation"), _THANKS),
    **dict.fromkeys(("joke", "jokes", "humor", "humour", "funny", "laughs", "laughter"), _HUMOUR),
    **dict.fromkeys(("good_news", "news", "success", "achievement", "celebration"), _GOOD_NEWS),
    **dict.fromkeys(("greeting", "greets", "hello"), _GREETING),
    **dict.fromkeys(("goodbye", "farewell", "leaves"), _GOODBYE),
    **dict.fromkeys(("apology", "apologizes", "apologises", "sorry"), _APOLOGY),
    **dict.fromkeys(("help", "advice", "request", "requests", "support"), _HELP),
    **dict.fromkeys(("secret", "secrets", "confession", "confides"), _SECRET),
    **dict.fromkeys(("learning", "learn", "learns", "study", "lesson", "explanation"), _LEARNING),
    **dict.fromkeys(("criticism", "criticizes", "insult", "insults", "rude", "complaint", "complains"), _CRITICISM),
    **dict.fromkeys(("positive", "happy", "good"), _sentiment("positive", "very_positive")),
    **dict.fromkeys(("negative", "sad", "upset", "bad"), _sentiment("negative", "very_negative")),
}
_SILENT = {"user", "users", "about", "the", "a", "an", "of", "with", "and", "to", "on", "for", "in", "is",
           "interaction", "interactions", "conversation", "conversations", "message", "talk", "talks", "chat",
           "shares", "share", "shared", "sharing", "gives", "give", "makes", "make", "says", "something", "topic",
           "mentions", "expresses", "shows"}


def recognised(name: str, said: Said) -> bool:
    """Whether the message shows the interaction called ``name``."""
    words = [w for w in re.split(r"[_\s]+", name.lower().replace("good_news", "good-news")) if w]
    words = ["good_news" if w == "good-news" else w for w in words]
    wanted = [w for w in words if w not in _SILENT]
    return bool(wanted) and all(_cued(word, said) for word in wanted)


def recognised_among(names: Iterable[str], said: Said) -> list[str]:
    """The names in ``names`` that the message shows, in the given order."""
    return [name for name in names if recognised(name, said)]


def _cued(word: str, said: Said) -> bool:
    cue = _CUES.get(word)
    if cue is not None:
        return cue(said)
    stem = word[:-1] if word.endswith("s") and len(word) > 4 else word
    return re.search(r"\b" + re.escape(stem), said.lowered) is not None
