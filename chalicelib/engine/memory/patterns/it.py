"""Italian statements about oneself: name, age, home, work, studies, pastimes, likings, family."""

from __future__ import annotations

import re

from chalicelib.engine.memory.patterns import latin as L
from chalicelib.engine.memory.patterns.common import words

W = L.Words(
    ends="e|ed|o|ma|perché|perche|che|quando|dove|da|mentre|come|con|però",
    articles="il|lo|la|i|gli|le|un|uno|una|del|della|dei|delle|al|alla",
    links="di|del|della|da|la|le|lo|sul|sulla|in",
    stops="a|al|alla|all|in|nel|nella|nell|presso|da|dal|dalla|per|con",
    jobs=L.jobs("insegnant professor maestr medic dottor infermier ingegner programmator sviluppator designer "
                "grafic avvocat architett commercialista contabil cuoc chef camerier giornalist scrittor "
                "fotograf musicist attor attric pittor elettricist idraulic meccanic falegnam panettier "
                "macellai parrucchier commess cassier segretari manager dirett psicolog terapeut biolog "
                "ricercat scienziat traduttor traduttric bibliotecari agricolt contadin soldat pilot "
                "hostess steward badant assistent educat economist consulent analist imprenditor impiegat "
                "funzionari babysitter guida receptionist postin saldator muratore giardinier pescator "
                "giudic chirurg fisioterapist veterinari dentist farmacist autist tassist camionist "
                "poliziott vigil pompier informatic operai barist"),
    not_names=words("molto così cosi un una il la di felice contento contenta qui qua pronto pronta sicuro "
                        "sicura stanco stanca io"),
    about_us=words("te ti voi noi nostro nostra nostri nostre"),
    infinitive=r"\w+(?:are|ere|ire)",
    negated=r"(?<!non\s)(?<!mai\s)",
)
RELATIVES = {
    "sorella": "sister", "fratello": "brother", "madre": "mother", "mamma": "mother", "padre": "father",
    "papà": "father", "figlia": "daughter", "figlio": "son", "moglie": "wife", "marito": "husband",
    "compagno": "partner", "compagna": "partner", "ragazzo": "boyfriend", "fidanzato": "boyfriend",
    "ragazza": "girlfriend", "fidanzata": "girlfriend", "nonna": "grandmother", "nonno": "grandfather",
    "cugina": "cousin", "cugino": "cousin", "zia": "aunt", "zio": "uncle", "migliore amica": "best_friend",
    "migliore amico": "best_friend", "coinquilino": "roommate", "coinquilina": "roommate",
}
PETS = {"cane": "pet_dog", "cagnolino": "pet_dog", "cagnolina": "pet_dog", "gatto": "pet_cat", "gatta": "pet_cat",
        "gattino": "pet_cat", "coniglio": "pet_rabbit", "criceto": "pet_hamster", "pappagallo": "pet_parrot",
        "cavallo": "pet_horse", "tartaruga": "pet_turtle", "pesce": "pet_fish"}
NAMED = r"che\s+si\s+chiama|si\s+chiama|chiamat[oa]|di\s+nome|è"
SKIP = re.compile(r"(?i)(?:^|[,;]\s*)se\s|\b(?:magari|forse|immagina|supponiamo|sarei|avrei|farei|vorrei|"
                  r"potrei|dovrei|andrei|vivrei|comprerei|fossi|avessi|dice\s+che|ha\s+detto\s+che)\b")
RULES = (
    L.name(W, r"mi\s+chiamo|il\s+mio\s+nome\s+è|chiamami"),
    L.name_or_job(W, r"(?:io\s+)?sono"),
    L.simple(W, "personal_info", "age", r"(?i:ho\s+)(\d{1,3})(?i:\s+anni)", 0.95),
    L.place(W, "location", r"(?:io\s+)?(?:vivo|abito)\s+(?:a|ad|in)|mi\s+sono\s+trasferit[oa]\s+(?:a|ad|in)"),
    L.place(W, "hometown", r"sono\s+(?:di|originari[oa]\s+di)|vengo\s+da|sono\s+nat[oa]\s+(?:a|in)|"
                           r"sono\s+cresciut[oa]\s+(?:a|in)"),
    L.job(W, r"lavoro\s+come"),
    L.job(W, r"(?:di\s+mestiere\s+)?faccio", known_only=True),
    L.employer(W, r"lavoro(?:\s+come(?:\s+[^\s,.]+){1,3}?)?\s+(?:presso|per|da|in|alla|al)"),
    L.studies(W, r"studio|sto\s+studiando|sono\s+student(?:e|essa)\s+di|frequento"),
    L.hobbies(W, r"(?:il\s+)?mio\s+hobby(?:\s+preferito)?\s+è|(?:i\s+)?miei\s+hobby\s+sono|"
                 r"(?:i\s+)?miei\s+passatempi\s+sono|(?:il\s+)?mio\s+passatempo(?:\s+preferito)?\s+è"),
    L.played(W, r"gioco\s+(?:a|al|alla|ai)|suono\s+(?:il|la|lo|l['’])|pratico"),
    L.liked(W, r"(?:io\s+)?(?:adoro|amo)", "adora"),
    L.liked(W, r"mi\s+(?:piace|piacciono)(?:\s+(?:molto|tanto|un\s+sacco))?", "gli piace"),
    L.liked(W, r"(?:io\s+)?(?:odio|detesto)", "odia", liking=False),
    L.liked(W, r"non\s+mi\s+(?:piace|piacciono)(?:\s+per\s+niente)?", "non gli piace", liking=False),
    L.favorite(W, r"(?i:(?:il|la)\s+mi[oa]\s+)(\w+)(?i:\s+preferit[oa]\s+è)"),
    L.relative(W, r"(?:il\s+|la\s+)?mi[oa]|(?:i\s+|le\s+)?mie?i?", RELATIVES | PETS, NAMED),
    L.pet(W, r"ho", RELATIVES | PETS, NAMED),
    L.simple(W, "relationships", "marital_status",
             r"(?i:sono\s+)(sposat[oa]|single|divorziat[oa]|fidanzat[oa]|vedov[oa])\b", 0.85),
    L.simple(W, "relationships", "children",
             r"(?i:ho\s+)((?i:un|una|due|tre|quattro|\d+)\s+(?i:figli[oa]?|figlie|bambini|bambine))\b", 0.8),
    L.goal(W, r"il\s+mio\s+(?:sogno|obiettivo)\s+è|voglio\s+(?=imparare|diventare|viaggiare|finire)"),
)
