"""The prebuilt VADER lexicons score exactly as the package's own parse, and are only used when they match."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from chalicelib.engine import vader

TEXTS = (
    "Thank you so much, you are wonderful and I love talking to you!",
    "I hate this, you are useless and terrible.",
    "The meeting is on Tuesday.",
    "I'm not happy at all :( but it's kinda ok I guess",
    "WOW!!! That is SO cool 😀🎉",
    "meh 😒 whatever",
    "Não sei, estou cansada",
)


@pytest.fixture
def prebuilt(tmp_path: Path) -> str:
    return vader.prebuild(str(tmp_path / "vader.marshal"))


def _is_prebuilt(analyzer: SentimentIntensityAnalyzer) -> bool:
    # Only the package's own constructor keeps the text of the files it parsed.
    return not hasattr(analyzer, "lexicon_full_filepath")


def test_the_prebuilt_analyzer_scores_every_text_as_the_package_does(prebuilt: str) -> None:
    fast, stock = vader.analyzer(prebuilt), SentimentIntensityAnalyzer()
    assert _is_prebuilt(fast) and not _is_prebuilt(stock)
    assert fast.lexicon == stock.lexicon and fast.emojis == stock.emojis
    for text in TEXTS:
        assert fast.polarity_scores(text) == stock.polarity_scores(text), text


def test_no_file_means_the_package_parses_its_own(tmp_path: Path) -> None:
    analyzer = vader.analyzer(str(tmp_path / "missing.marshal"))
    assert not _is_prebuilt(analyzer)
    assert analyzer.polarity_scores(TEXTS[0])["compound"] > 0.5


def test_a_file_made_from_other_package_files_is_ignored(prebuilt: str) -> None:
    data = marshal.loads(Path(prebuilt).read_bytes())
    data["stamp"][-1] += 1  # another emoji lexicon
    data["lexicon"]["love"] = -4.0
    Path(prebuilt).write_bytes(marshal.dumps(data))
    analyzer = vader.analyzer(prebuilt)
    assert not _is_prebuilt(analyzer)
    assert analyzer.lexicon["love"] > 0


@pytest.mark.parametrize("content", [b"", b"not marshal data", marshal.dumps(["a", "list"])])
def test_a_damaged_file_is_ignored(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "vader.marshal"
    path.write_bytes(content)
    assert not _is_prebuilt(vader.analyzer(str(path)))


def test_a_package_copied_elsewhere_gets_its_own_file(tmp_path: Path) -> None:
    # What the deployment zip does: the lexicons are prebuilt from the zip's copy of the package.
    import vaderSentiment.vaderSentiment as package

    source = Path(package.__file__).parent
    copy = tmp_path / "vaderSentiment"
    copy.mkdir()
    for name in ("vaderSentiment.py", "vader_lexicon.txt", "emoji_utf8_lexicon.txt"):
        (copy / name).write_bytes((source / name).read_bytes())
    target = vader.prebuild(str(tmp_path / "vader.marshal"), package_dir=str(copy))
    assert _is_prebuilt(vader.analyzer(target))
