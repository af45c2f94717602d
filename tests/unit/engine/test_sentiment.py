"""Per-message sentiment in every listed language: lexicons, negation, intensifiers, emoji and detection."""

from __future__ import annotations

import pytest

from chalicelib.engine import feeling, sentiment

# (language, text, sign): +1 positive, -1 negative, 0 neutral. Each language has a plain positive and
# negative line, a negated positive that turns negative, and a neutral statement.
LINES = [
    ("es", "Hoy estoy contentísimo, ¡qué día tan bonito!", 1),
    ("es", "Esta semana ha sido horrible y estoy agotada.", -1),
    ("es", "No estoy nada contento con cómo salió todo.", -1),
    ("es", "El tren sale a las ocho desde la estación central.", 0),
    ("fr", "Merci pour ton aide, tu es vraiment gentille.", 1),
    ("fr", "Je suis déçue et un peu triste ce soir.", -1),
    ("fr", "Franchement, ce film n'était pas bon du tout.", -1),
    ("fr", "Le rendez-vous est prévu jeudi à quinze heures.", 0),
    ("de", "Das Konzert gestern war einfach wunderbar!", 1),
    ("de", "Mein Tag war furchtbar, ich bin total erschöpft.", -1),
    ("de", "Ehrlich gesagt gefällt mir das neue Album nicht.", -1),
    ("de", "Der Zug fährt um acht Uhr vom Hauptbahnhof ab.", 0),
    ("it", "Sono felicissima, ho passato l'esame!", 1),
    ("it", "Oggi mi sento stanco e molto triste.", -1),
    ("it", "Non mi piace per niente questa situazione.", -1),
    ("it", "Domani devo andare in banca alle nove.", 0),
    ("pt", "Adorei a viagem, foi tudo maravilhoso!", 1),
    ("pt", "Estou muito preocupada e com medo do resultado.", -1),
    ("pt", "Não gostei nada do jantar de ontem.", -1),
    ("pt", "A reunião foi marcada para segunda de manhã.", 0),
    ("ru", "Спасибо, ты мне очень помог, это замечательно!", 1),
    ("ru", "Мне сегодня грустно и очень одиноко.", -1),
    ("ru", "Этот фильм мне совсем не понравился.", -1),
    ("ru", "Поезд отправляется в восемь утра.", 0),
    ("zh", "今天真开心，谢谢你陪我聊天！", 1),
    ("zh", "我最近压力很大，心情很糟糕。", -1),
    ("zh", "这部电影我一点也不喜欢。", -1),
    ("zh", "火车早上八点从北京站出发。", 0),
    ("ja", "週末の旅行、本当に楽しかったです！", 1),
    ("ja", "最近ずっと疲れていて、悲しい気分です。", -1),
    ("ja", "その映画はあまり好きじゃない。", -1),
    ("ja", "電車は朝八時に駅を出ます。", 0),
    ("ko", "오늘 정말 행복해요, 고마워요!", 1),
    ("ko", "요즘 너무 힘들고 우울해요.", -1),
    ("ko", "그 영화는 별로 재미있지 않았어요.", -1),
    ("ko", "기차는 아침 여덟 시에 출발해요.", 0),
]


def _sign(score: float) -> int:
    return 1 if score >= 0.05 else -1 if score <= -0.05 else 0


@pytest.mark.parametrize(("language", "text", "sign"), LINES)
def test_each_language_scores_positive_negative_negated_and_neutral_lines(language: str, text: str, sign: int) -> None:
    assert sentiment.detect(text) == language
    assert _sign(sentiment.polarity(text)) == sign


@pytest.mark.parametrize(("plain", "intensified"), [
    ("Estoy contento.", "Estoy muy contento."),
    ("C'est triste.", "C'est vraiment triste."),
    ("Ich bin froh.", "Ich bin sehr froh."),
    ("Sono stanca.", "Sono davvero stanca."),
    ("Estou feliz.", "Estou muito feliz."),
    ("Мне грустно.", "Мне очень грустно."),
    ("我很开心。", "我非常开心。"),
    ("悲しいです。", "とても悲しいです。"),
    ("좋아요.", "너무 좋아요."),
])
def test_an_intensifier_makes_the_same_feeling_stronger(plain: str, intensified: str) -> None:
    before, after = sentiment.polarity(plain), sentiment.polarity(intensified)
    assert abs(after) > abs(before) > 0.05
    assert (after > 0) == (before > 0)


@pytest.mark.parametrize(("positive", "negated"), [
    ("Me gusta este libro.", "No me gusta este libro."),
    ("J'aime ce quartier.", "Je n'aime pas ce quartier."),
    ("Ich mag diesen Film.", "Ich mag diesen Film nicht."),
    ("Mi piace il mare.", "Non mi piace il mare."),
    ("Gosto desta música.", "Não gosto desta música."),
    ("Мне нравится эта книга.", "Мне не нравится эта книга."),
    ("我喜欢这本书。", "我不喜欢这本书。"),
    ("この本が好きです。", "この本は好きじゃないです。"),
    ("이 책이 좋아요.", "이 책이 안 좋아요."),
])
def test_negation_turns_a_liking_into_a_dislike(positive: str, negated: str) -> None:
    assert sentiment.polarity(positive) > 0.05
    assert sentiment.polarity(negated) < -0.05


def test_an_idiom_that_carries_its_own_negation_stays_positive() -> None:
    assert sentiment.polarity("Ce n'est pas mal du tout.") > 0.05
    assert sentiment.polarity("No está nada mal.") > 0.05


def test_what_follows_but_weighs_more_than_what_comes_before() -> None:
    assert sentiment.polarity("La comida estaba buena, pero el servicio fue horrible.") < 0
    assert sentiment.polarity("Der Anfang war schlecht, aber das Ende war wunderbar.") > 0


def test_emoji_and_emoticons_carry_sentiment_in_any_language() -> None:
    assert sentiment.polarity("Mañana salgo de viaje 😍") > 0.05
    assert sentiment.polarity("明天要考试 😭") < -0.05
    assert sentiment.polarity("Enfin le week-end :)") > 0.05
    assert sentiment.polarity("https://example.com/a") == 0


def test_exclamation_marks_push_the_score_further() -> None:
    assert sentiment.polarity("¡Qué bonito!!!") > sentiment.polarity("Qué bonito.") > 0


def test_scripts_name_their_languages() -> None:
    assert sentiment.detect("안녕하세요, 반가워요") == "ko"
    assert sentiment.detect("こんにちは、元気ですか") == "ja"
    assert sentiment.detect("你好，最近怎么样") == "zh"
    assert sentiment.detect("Привет, как дела?") == "ru"


def test_the_hint_settles_what_the_text_leaves_open() -> None:
    assert sentiment.detect("👍", hint="pt") == "pt"
    assert sentiment.detect("👍") == "en"
    assert sentiment.detect("Te amo", hint="pt") == "pt"
    assert sentiment.detect("Te amo", hint="es") == "es"
    assert sentiment.detect("👍", hint="ja") == "en"  # a Latin-script line is not read as Japanese
    assert sentiment.detect("I really love this song", hint="es") == "en"


def test_english_is_scored_by_vader() -> None:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    text = "This is the best day ever, thank you!"
    assert sentiment.polarity(text) == SentimentIntensityAnalyzer().polarity_scores(text)["compound"]


def test_a_warm_message_moves_affinity_as_much_in_spanish_as_in_english() -> None:
    english = feeling.sentiment("I love talking to you, you are wonderful!")
    spanish = feeling.sentiment("¡Me encanta hablar contigo, eres maravillosa!")
    assert english.label == spanish.label == "very_positive"
    assert feeling.sentiment("Ich hasse dich, du bist furchtbar.").label == "very_negative"


def test_lexicons_load_on_first_use_only() -> None:
    import sys

    sentiment.lexicon("ko")
    assert "chalicelib.engine.sentiment.ko" in sys.modules
    with pytest.raises(ValueError, match="xx"):
        sentiment.lexicon("xx")


@pytest.mark.parametrize("text", ["Bueno, luego te llamo.", "Bon, on verra demain.", "Bom, vou dormir.",
                                  "好吧，明天再说。"])
def test_a_discourse_word_that_opens_a_sentence_carries_no_feeling(text: str) -> None:
    assert sentiment.polarity(text) == 0


@pytest.mark.parametrize("text", ["Ya no puedo más con esto.", "Je n'en peux plus.", "Ich kann nicht mehr.",
                                  "Non ce la faccio.", "Não aguento mais.", "Я больше не могу."])
def test_an_idiom_of_exhaustion_is_negative_though_it_holds_a_negation(text: str) -> None:
    assert sentiment.polarity(text) < -0.05
