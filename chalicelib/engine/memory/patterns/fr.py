"""French statements about oneself: name, age, home, work, studies, pastimes, likings, family."""

from __future__ import annotations

import re

from chalicelib.engine.memory.patterns import latin as L
from chalicelib.engine.memory.patterns.common import words

W = L.Words(
    ends="et|ou|mais|parce|car|que|qui|quand|où|depuis|comme|pendant|avec|donc",
    articles="le|la|les|un|une|des|du|de\\s+la|au|aux",
    links="de|du|des|la|le|les|en|sur|sous",
    stops="à|a|au|aux|en|chez|dans|pour|depuis|de\\s+puis|sur",
    jobs=L.jobs("professeur prof enseignant institut médecin infirmi ingénieur avocat architecte comptable "
                "cuisini chef serveu serveuse programmeu développeu designer graphiste journaliste écrivain "
                "photographe musicien actrice acteur peintre électricien plombier mécanicien menuisier "
                "boulang boucher coiffeu vendeu vendeuse caissi secrétaire directeur directrice gérant "
                "psychologue thérapeute biologiste chercheu chercheuse scientifique traducteur traductrice "
                "bibliothécaire agriculteur agricultrice soldat pilote hôtesse steward aide-soignant "
                "assistant assistante éducat économiste consultant consultante analyste entrepreneu "
                "fonctionnaire nounou guide réceptionniste facteur factrice soudeu maçon jardini pêcheur "
                "juge chirurgien kiné vétérinaire dentiste pharmacien chauffeu policier policière pompier "
                "informaticien informaticienne livreu livreuse ouvri employé employée caméraman avocate"),
    not_names=words("très un une le la de du content contente là ici prêt prête sûr sûre désolé "
                        "désolée fatigué fatiguée"),
    about_us=words("toi te t vous nous notre nos"),
    infinitive=r"\w+(?:er|ir|re)",
    negated=r"(?<!ne\s)(?<!n['’])(?<!pas\s)",
)
RELATIVES = {
    "sœur": "sister", "soeur": "sister", "frère": "brother", "mère": "mother", "maman": "mother", "père": "father",
    "papa": "father", "fille": "daughter", "fils": "son", "femme": "wife", "épouse": "wife", "mari": "husband",
    "époux": "husband", "compagnon": "partner", "compagne": "partner", "copain": "boyfriend",
    "copine": "girlfriend", "petit ami": "boyfriend", "petite amie": "girlfriend", "grand-mère": "grandmother",
    "grand-père": "grandfather", "cousine": "cousin", "cousin": "cousin", "tante": "aunt", "oncle": "uncle",
    "meilleure amie": "best_friend", "meilleur ami": "best_friend", "colocataire": "roommate", "coloc": "roommate",
}
PETS = {"chien": "pet_dog", "chienne": "pet_dog", "chiot": "pet_dog", "chat": "pet_cat", "chatte": "pet_cat",
        "chaton": "pet_cat", "lapin": "pet_rabbit", "hamster": "pet_hamster", "perroquet": "pet_parrot",
        "cheval": "pet_horse", "tortue": "pet_turtle", "poisson": "pet_fish"}
NAMED = r"qui\s+s['’]appelle|s['’]appelle|nommée?|appelée?|est"
SKIP = re.compile(r"(?i)(?:^|[,;]\s*)(?:si|s['’]il|s['’]ils)\b|\b(?:peut-être|imagine|imaginons|supposons|"
                  r"serais|serait|aurais|aurait|ferais|voudrais|pourrais|devrais|irais|habiterais|vivrais|"
                  r"dit\s+qu|a\s+dit\s+qu)")
RULES = (
    L.name(W, r"je\s+m['’]appelle|mon\s+(?:nom|prénom)\s+est|moi\s*,?\s+c['’]est|appelle-moi"),
    L.name_or_job(W, r"je\s+suis"),
    L.simple(W, "personal_info", "age", r"(?i:j['’]ai\s+)(\d{1,3})(?i:\s+ans)", 0.95),
    L.place(W, "location", r"j['’]habite(?:\s+(?:à|a|en|au|aux))?|je\s+vis\s+(?:à|a|en|au|aux)|"
                           r"je\s+suis\s+install[ée]+\s+(?:à|a|en|au)|j['’]ai\s+déménagé\s+(?:à|a|en|au)"),
    L.place(W, "hometown", r"je\s+viens\s+(?:de|d['’]|du)|je\s+suis\s+(?:originaire\s+)?(?:de|d['’])|"
                           r"je\s+suis\s+né[e]?\s+(?:à|a|en|au)"),
    L.job(W, r"je\s+travaille\s+comme|je\s+bosse\s+comme|je\s+suis\s+employée?\s+comme"),
    L.employer(W, r"je\s+(?:travaille|bosse)(?:\s+comme(?:\s+[^\s,.]+){1,3}?)?\s+(?:chez|pour|à|dans)"),
    L.studies(W, r"j['’]étudie|je\s+fais\s+des\s+études\s+(?:de|d['’])|je\s+suis\s+étudiante?\s+en"),
    L.hobbies(W, r"mes\s+(?:loisirs|passe-temps|hobbies)(?:\s+préférés)?\s+sont|"
                 r"mon\s+(?:loisir|passe-temps|hobby)(?:\s+préféré)?\s*,?\s+(?:est|c['’]est)"),
    L.played(W, r"je\s+joue\s+(?:au|aux|à\s+la|du|de\s+la|de\s+l['’]|des)|je\s+fais\s+(?:du|de\s+la|de\s+l['’])"),
    L.liked(W, r"j['’]adore", "adore"),
    L.liked(W, r"j['’]aime(?:\s+(?:bien|beaucoup))?", "aime"),
    L.liked(W, r"je\s+(?:déteste|hais)", "déteste", liking=False),
    L.liked(W, r"je\s+n['’]aime\s+pas", "n'aime pas", liking=False),
    L.favorite(W, r"(?i:mon\s+|ma\s+)(\w+)(?i:\s+préférée?\s+(?:est|c['’]est))"),
    L.relative(W, r"mon|ma|mes", RELATIVES | PETS, NAMED),
    L.pet(W, r"j['’]ai", RELATIVES | PETS, NAMED),
    L.simple(W, "relationships", "marital_status",
             r"(?i:je\s+suis\s+)(mariée?|célibataire|divorcée?|fiancée?|veu(?:f|ve)|pacsée?)\b", 0.85),
    L.simple(W, "relationships", "children",
             r"(?i:j['’]ai\s+)((?i:un|une|deux|trois|quatre|\d+)\s+(?i:enfants?|fils|filles?))\b", 0.8),
    L.goal(W, r"mon\s+(?:rêve|objectif|but)\s+(?:est|c['’]est)\s+de|je\s+veux\s+(?=apprendre|devenir|voyager|finir)"),
)
