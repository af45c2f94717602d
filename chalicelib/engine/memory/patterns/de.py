"""German statements about oneself: name, age, home, work, studies, pastimes, likings, family."""

from __future__ import annotations

import re

from chalicelib.engine.memory.patterns import latin as L
from chalicelib.engine.memory.patterns.common import words

# German writes nouns with a capital, so an occupation is told from a name by its ending ("Busfahrerin").
W = L.Words(
    ends="und|oder|aber|weil|denn|dass|wenn|als|seit|wo|mit|bis|sondern",
    articles="der|die|das|den|dem|des|ein|eine|einen|einem|einer",
    links="am|an|der|im|in|bei|ob|auf",
    stops="in|im|bei|an|am|für|seit|auf",
    jobs=L.jobs("lehrer arzt ärztin krankenschwester pfleger ingenieur programmierer entwickler designer "
                "anwalt anwältin architekt buchhalter koch köchin kellner fahrer journalist schriftsteller "
                "fotograf musiker schauspieler maler elektriker klempner installateur mechaniker mechatroniker "
                "tischler schreiner bäcker metzger fleischer friseur verkäufer kassierer sekretär manager "
                "direktor leiter psychologe psychologin therapeut biologe biologin wissenschaftler forscher "
                "übersetzer dolmetscher bibliothekar bauer landwirt soldat pilot stewardess flugbegleiter "
                "reinigungskraft sozialarbeiter ökonom berater analyst unternehmer beamter beamtin erzieher "
                "rezeptionist briefträger schweißer maurer gärtner fischer richter chirurg physiotherapeut "
                "tierarzt tierärztin zahnarzt zahnärztin apotheker polizist feuerwehrmann informatiker "
                "kaufmann kauffrau angestellter angestellte handwerker studienrat professor dozent", suffix=True),
    not_names=words("sehr so ganz nicht auch hier da froh müde fertig zu gerade total wirklich echt student "
                        "studentin schüler schülerin azubi rentner rentnerin vegetarier vegetarierin veganer "
                        "veganerin single mutter vater fan anfänger anfängerin deutscher deutsche mama papa"),
    after_not=frozenset({"nicht"}),
    about_us=words("dir dich du euch uns unsere unser"),
    infinitive=r"[a-zäöüß]+(?:en|ern|eln)",
    negated=r"(?<!nicht\s)(?<!kein\s)",
)
RELATIVES = {
    "schwester": "sister", "bruder": "brother", "mutter": "mother", "mama": "mother", "vater": "father",
    "papa": "father", "tochter": "daughter", "sohn": "son", "frau": "wife", "ehefrau": "wife", "mann": "husband",
    "ehemann": "husband", "partner": "partner", "partnerin": "partner", "freund": "boyfriend",
    "oma": "grandmother", "großmutter": "grandmother", "opa": "grandfather", "großvater": "grandfather",
    "cousine": "cousin", "cousin": "cousin", "tante": "aunt", "onkel": "uncle", "beste freundin": "best_friend",
    "bester freund": "best_friend", "mitbewohner": "roommate", "mitbewohnerin": "roommate",
}
PETS = {"hund": "pet_dog", "hündin": "pet_dog", "welpe": "pet_dog", "katze": "pet_cat", "kater": "pet_cat",
        "kaninchen": "pet_rabbit", "hase": "pet_rabbit", "hamster": "pet_hamster", "papagei": "pet_parrot",
        "wellensittich": "pet_bird", "pferd": "pet_horse", "schildkröte": "pet_turtle"}
NAMED = r"heißt|namens|,?\s*der|,?\s*die"
SKIP = re.compile(r"(?i)\b(?:wenn|falls|angenommen|vielleicht|würde|würdest|wäre|wären|hätte|hätten|könnte|"
                  r"sagt|sagte|meinte)\b")
RULES = (
    L.name(W, r"ich\s+heiße|mein\s+name\s+ist|nenn\s+mich|man\s+nennt\s+mich"),
    L.name_or_job(W, r"ich\s+bin|bin\s+ich"),
    L.simple(W, "personal_info", "age", r"(?i:(?:ich\s+bin|bin\s+ich|und\s+bin)\s+)(\d{1,3})\b", 0.95),
    L.simple(W, "personal_info", "age", r"(?i:(?:ich\s+bin|bin\s+ich)(?:\s+[\w-]+)?,\s+)(\d{1,3})(?i:\s+jahre)", 0.9),
    L.place(W, "location", r"(?:ich\s+)?(?:wohne|lebe)(?:\s+(?:seit|schon|jetzt|gerade|mittlerweile|inzwischen|"
                           r"kurzem|einem|einigen|zwei|drei|vielen|jahren|monaten|wochen|jahr|monat))*\s+in|"
                           r"ich\s+bin\s+nach|ich\s+bin\s+(?:gerade\s+)?umgezogen\s+nach"),
    L.place(W, "hometown", r"(?:ich\s+)?komme\s+(?:ursprünglich\s+)?aus|ich\s+stamme\s+aus|ich\s+wurde\s+in|"
                           r"ich\s+bin\s+aus|geboren\s+bin\s+ich\s+in"),
    L.job(W, r"(?:ich\s+)?arbeite\s+als|von\s+beruf\s+bin\s+ich|ich\s+bin\s+von\s+beruf"),
    L.employer(W, r"(?:ich\s+)?arbeite(?:\s+als(?:\s+[^\s,.]+){1,2}?)?\s+(?:bei|für)"),
    L.studies(W, r"(?:ich\s+)?studiere|ich\s+mache\s+eine\s+ausbildung\s+(?:als|zum|zur)"),
    L.hobbies(W, r"meine?\s+(?:hobbys|hobbies|hobby|lieblingsbeschäftigung)\s+(?:ist|sind)"),
    L.played(W, r"ich\s+spiele(?:\s+(?:gern|gerne|oft|viel))?"),
    L.liked(W, r"ich\s+liebe", "liebt"),
    L.liked(W, r"ich\s+mag(?!\s+kein)", "mag"),
    L.liked(W, r"ich\s+hasse", "hasst", liking=False),
    L.liked(W, r"ich\s+mag\s+(?:kein|keine|keinen)", "mag keine", liking=False),
    L.favorite(W, r"(?i:mein\s+|meine\s+)(?i:lieblings)-?(\w+)(?i:\s+ist)"),
    L.relative(W, r"mein|meine|meinen|meinem|meiner", RELATIVES | PETS, NAMED),
    L.pet(W, r"ich\s+habe|wir\s+haben", RELATIVES | PETS, NAMED),
    L.simple(W, "relationships", "marital_status",
             r"(?i:ich\s+bin\s+)(verheiratet|ledig|single|geschieden|verlobt|verwitwet)\b", 0.85),
    L.simple(W, "relationships", "children",
             r"(?i:(?:ich\s+)?habe\s+)((?i:ein|eine|zwei|drei|vier|\d+)\s+(?i:kinder|kind|söhne|sohn|töchter|tochter))\b",
             0.8),
    L.goal(W, r"mein\s+(?:traum|ziel)\s+ist\s+es,?|ich\s+will\s+(?=lernen)|ich\s+möchte\s+(?=lernen)"),
)
