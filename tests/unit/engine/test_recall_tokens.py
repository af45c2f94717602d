from __future__ import annotations

from chalicelib.engine.recall import concepts, tokens


def test_accents_are_kept_and_case_and_width_fold() -> None:
    assert tokens.terms("Café", "fr") == tokens.terms("CAFÉ", "fr")
    assert tokens.terms("ｃａｆé", "fr") == tokens.terms("café", "fr")
    assert tokens.terms("café", "en") != tokens.terms("cafe", "en")


def test_english_words_are_stemmed_so_forms_of_a_word_meet() -> None:
    assert tokens.terms("adopting") == tokens.terms("adoption") == tokens.terms("adopted")
    assert tokens.terms("the photographs") == tokens.terms("photograph")


def test_stop_words_of_the_texts_language_are_left_out() -> None:
    assert tokens.terms("What did you do with the dog?") == tokens.terms("dog")
    assert tokens.terms("Tengo un perro y dos gatos") == tokens.terms("tengo perros dos gato", "es")


def test_languages_are_guessed_from_function_words() -> None:
    assert tokens.language(tokens.words("Je suis allé à la plage avec mes enfants")) == "fr"
    assert tokens.language(tokens.words("Ich habe heute mit meiner Schwester gesprochen")) == "de"
    assert tokens.language(tokens.words("Я люблю свою собаку")) == "ru"
    assert tokens.language(tokens.words("zzz")) == "en"


def test_chinese_japanese_and_korean_become_character_bigrams() -> None:
    assert tokens.terms("我喜欢咖啡店") == ["我喜", "喜欢", "欢咖", "咖啡", "啡店"]
    assert "コー" in tokens.terms("コーヒーが好き")
    assert "고양" in tokens.terms("고양이를 키워요")
    assert tokens.terms("猫") == ["猫"]


def test_a_question_looks_words_up_in_every_language_the_index_holds() -> None:
    variants = tokens.query_terms("parlé", ["en", "fr"])
    assert variants == [frozenset({tokens.stem("parlé", "en"), tokens.stem("parlé", "fr")})]


def test_particular_words_carry_their_general_ones() -> None:
    heads = concepts.keys(tokens.terms("I'm off to taekwondo with my daughter"), "en")
    assert {tokens.stem("martial", "en"), tokens.stem("sports", "en"), tokens.stem("children", "en")} <= set(heads)
    assert concepts.keys(tokens.terms("taekwondo", "fr"), "fr") == []
