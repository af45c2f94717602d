"""The offline extractor outside English: what users state about themselves, and nothing else."""

from __future__ import annotations

import pytest

from chalicelib.engine.memory.extraction import RuleBasedExtractor
from chalicelib.models import FactCandidate, Message


def _facts(text: str) -> set[tuple[str, str, str]]:
    message = Message("m1", "s1", "user", text, "2000-01-01T00:00:00Z", seq=0)
    return {(f.category, f.key, f.value) for f in RuleBasedExtractor().extract([message], []).facts}


def _found(text: str) -> list[FactCandidate]:
    message = Message("m1", "s1", "user", text, "2000-01-01T00:00:00Z", seq=0)
    return list(RuleBasedExtractor().extract([message], []).facts)


@pytest.mark.parametrize(("text", "expected"), [
    ("Me llamo Carmen, tengo 55 años y vivo en Zaragoza.",
     {("personal_info", "name", "Carmen"), ("personal_info", "age", "55"), ("personal_info", "location", "Zaragoza")}),
    ("Trabajo como diseñadora gráfica.", {("work", "job_title", "diseñadora gráfica")}),
    ("Tengo un perro que se llama Toby.", {("relationships", "pet_dog", "Toby")}),
    ("Je m'appelle Hugo et j'habite à Marseille.",
     {("personal_info", "name", "Hugo"), ("personal_info", "location", "Marseille")}),
    ("Je travaille comme développeur chez Ubisoft.",
     {("work", "job_title", "développeur"), ("work", "employer", "Ubisoft")}),
    ("Ma sœur s'appelle Claire.", {("relationships", "sister", "Claire")}),
    ("Hallo, ich bin Anna, 31 Jahre alt, und lebe seit drei Jahren in Leipzig.",
     {("personal_info", "name", "Anna"), ("personal_info", "age", "31"), ("personal_info", "location", "Leipzig")}),
    ("Ich arbeite als Softwareentwicklerin bei SAP.",
     {("work", "job_title", "Softwareentwicklerin"), ("work", "employer", "SAP")}),
    ("Meine Hobbys sind Lesen, Schwimmen und Kochen.",
     {("hobbies", "reading", "Lesen"), ("hobbies", "swimming", "Schwimmen"), ("hobbies", "cooking", "Kochen")}),
    ("Mi chiamo Giulia e abito a Bologna.",
     {("personal_info", "name", "Giulia"), ("personal_info", "location", "Bologna")}),
    ("Faccio il cuoco in un ristorante.", {("work", "job_title", "cuoco")}),
    ("Ho un gatto che si chiama Fuffi.", {("relationships", "pet_cat", "Fuffi")}),
    ("Meu nome é João e moro em São Paulo.",
     {("personal_info", "name", "João"), ("personal_info", "location", "São Paulo")}),
    ("Sou professora de inglês numa escola.", {("work", "job_title", "professora de inglês")}),
    ("Adoro cozinhar.", {("hobbies", "cooking", "cozinhar")}),
    ("Меня зовут Олег, я живу в Новосибирске.",
     {("personal_info", "name", "Олег"), ("personal_info", "location", "Новосибирске")}),
    ("Мою сестру зовут Лена.", {("relationships", "sister", "Лена")}),
    ("我叫王小明，今年28岁，住在杭州。",
     {("personal_info", "name", "王小明"), ("personal_info", "age", "28"), ("personal_info", "location", "杭州")}),
    ("我的爱好是看书和游泳。", {("hobbies", "reading", "看书"), ("hobbies", "swimming", "游泳")}),
    ("佐藤花子と申します。東京に住んでいます。",
     {("personal_info", "name", "佐藤花子"), ("personal_info", "location", "東京")}),
    ("看護師をしています。", {("work", "job_title", "看護師")}),
    ("김민준이라고 해요. 서울에 살아요.", {("personal_info", "name", "김민준"), ("personal_info", "location", "서울")}),
    ("초코라는 강아지를 키워요.", {("relationships", "pet_dog", "초코")}),
    ("Tengo un primo que se llama Óscar.", {("relationships", "cousin", "Óscar")}),
    ("Faccio l'infermiera.", {("work", "job_title", "infermiera")}),
    ("我是设计师。", {("work", "job_title", "设计师")}),
    ("どうも、伊藤誠です。", {("personal_info", "name", "伊藤誠")}),
    ("犬を飼っていて、名前はコロです。", {("relationships", "pet_dog", "コロ")}),
])
def test_statements_about_oneself_become_facts_in_the_users_words(text: str, expected: set[tuple[str, ...]]) -> None:
    assert _facts(text) == expected


@pytest.mark.parametrize("text", [
    "¿Dónde vives tú?",
    "Si viviera en Roma, sería feliz.",
    "Mi amigo Juan es médico y vive en Lima.",
    "Me encanta hablar contigo.",
    "Si j'habitais à Paris, je serais contente.",
    "Mon voisin est boulanger et vit à Dijon.",
    "Wenn ich reich wäre, würde ich in Berlin wohnen.",
    "Mein Kollege arbeitet als Arzt in München.",
    "Mia madre vive a Napoli.",
    "Minha vizinha trabalha como advogada em Brasília.",
    "Мой брат живёт в Казани.",
    "我朋友住在广州。",
    "如果我有钱，我会住在纽约。",
    "母は大阪に住んでいます。",
    "친구가 서울에 산대요.",
    "Ella me dijo: «Vivo en Roma y soy pintora».",
    "Meine Mutter ist Ärztin.",
    "母は看護師です。",
])
def test_questions_suppositions_quotes_and_other_peoples_facts_state_nothing(text: str) -> None:
    assert _facts(text) == set()


def test_a_negated_statement_is_not_read_as_its_opposite() -> None:
    assert _facts("No soy médico, soy enfermero.") == {("work", "job_title", "enfermero")}
    assert _facts("Non mi piace il caffè.") == {("preferences", "caffe", "non gli piace caffè")}
    assert _facts("Ich mag keine Spinnen.") == {("preferences", "spinnen", "mag keine Spinnen")}


def test_keys_stay_english_snake_case_whatever_the_language() -> None:
    keys = {f.key for text in ("Mis hobbies son la fotografía, el ajedrez y correr.", "我很喜欢打篮球。",
                               "Я очень люблю собак.", "趣味は読書と料理です。") for f in _found(text)}
    assert {"photography", "chess", "running", "basketball", "reading", "cooking"} <= keys
    assert all(k.isascii() and k == k.lower() and " " not in k for k in keys)


def test_a_statement_whose_words_leave_the_language_open_is_read_the_way_that_finds_facts() -> None:
    assert ("work", "job_title", "motorista") in _facts("Trabalho como motorista.")
    assert ("personal_info", "location", "Firenze") in _facts("Abito a Firenze da tre anni.")
