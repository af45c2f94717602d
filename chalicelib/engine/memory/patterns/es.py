"""Spanish statements about oneself: name, age, home, work, studies, pastimes, likings, family."""

from __future__ import annotations

import re

from chalicelib.engine.memory.patterns import latin as L
from chalicelib.engine.memory.patterns.common import words

W = L.Words(
    ends="y|e|o|u|pero|porque|aunque|que|cuando|donde|desde|hace|como|mientras|ya|con",
    articles="el|la|los|las|un|una|unos|unas",
    links="de|del|la|las|los|el",
    stops="en|para|desde|a|al|con|de_lunes",
    jobs=L.jobs("profesor maestr médic medic enfermer ingenier abogad arquitect contador contable cociner chef "
                "camarer mesero mesera programador desarrollador diseñador periodista escritor escritora "
                "fotógraf músic actor actriz pintor pintora electricista fontaner plomer mecánic carpinter "
                "panader carnicer peluquer dependient vendedor vendedora cajer secretari gerente director "
                "directora psicólog terapeuta biólog científic investigador traductor traductora bibliotecari "
                "agricultor granjer soldado piloto azafat limpiador cuidador trabajador_social economista "
                "consultor consultora analista empresari funcionari niñer guía recepcionista carter "
                "soldador albañil jardiner pescador juez jueza cirujan fisioterapeuta veterinari dentista "
                "farmacéutic conductor conductora taxista camioner policía bomber informátic administrativ "
                "repartidor repartidora educador educadora"),
    not_names=words("muy tan un una el la de del feliz bueno buena así yo aquí nuevo nueva capaz "
                        "bastante super súper"),
    negated=r"(?<!no\s)(?<!nunca\s)",
    about_us=words("contigo tú ti te vosotros nuestra nuestras nuestro nuestros"),
)
RELATIVES = {
    "hermana": "sister", "hermano": "brother", "madre": "mother", "mamá": "mother", "padre": "father",
    "papá": "father", "hija": "daughter", "hijo": "son", "esposa": "wife", "mujer": "wife", "esposo": "husband",
    "marido": "husband", "pareja": "partner", "novio": "boyfriend", "novia": "girlfriend", "abuela": "grandmother",
    "abuelo": "grandfather", "prima": "cousin", "primo": "cousin", "tía": "aunt", "tío": "uncle",
    "mejor amiga": "best_friend", "mejor amigo": "best_friend", "compañero de piso": "roommate",
    "compañera de piso": "roommate",
}
PETS = {"perro": "pet_dog", "perra": "pet_dog", "perrito": "pet_dog", "perrita": "pet_dog", "gato": "pet_cat",
        "gata": "pet_cat", "gatito": "pet_cat", "gatita": "pet_cat", "conejo": "pet_rabbit",
        "coneja": "pet_rabbit", "hámster": "pet_hamster", "loro": "pet_parrot", "caballo": "pet_horse",
        "tortuga": "pet_turtle", "pez": "pet_fish", "canario": "pet_bird"}
NAMED = r"que\s+se\s+llama|llamad[oa]|de\s+nombre|se\s+llama|es"
# A supposition, a wish or someone else's words: "si fuera...", "ojalá", "dice que".
SKIP = re.compile(r"(?i)(?:^|[,;]\s*)si\s|\b(?:ojalá|quizás?|tal\s+vez|a\s+lo\s+mejor|imagina|supongamos|"
                  r"sería|tendría|haría|podría|debería|iría|compraría|viviría|fuera|fuese|tuviera|tuviese|"
                  r"estuviera|dice\s+que|dijo\s+que)\b")
RULES = (
    L.name(W, r"me\s+llamo|mi\s+nombre\s+es|llámame|llamadme|me\s+dicen"),
    L.name_or_job(W, r"(?:yo\s+)?soy"),
    L.simple(W, "personal_info", "age", r"(?i:tengo\s+)(\d{1,3})(?i:\s+años)", 0.95),
    L.place(W, "location", r"(?:yo\s+)?vivo\s+en|resido\s+en|me\s+(?:he\s+)?mud(?:é|ado)\s+a|estoy\s+viviendo\s+en"),
    L.place(W, "hometown", r"soy\s+de|nací\s+en|vengo\s+de|me\s+crie\s+en|crecí\s+en"),
    L.job(W, r"trabajo\s+(?:como|de)|estoy\s+trabajando\s+como"),
    L.employer(W, r"trabajo(?:\s+(?:como|de)(?:\s+[^\s,.]+){1,3}?)?\s+(?:en|para)"),
    L.studies(W, r"estudio|estoy\s+estudiando|soy\s+estudiante\s+de|estudiante\s+de"),
    L.hobbies(W, r"mis?\s+(?:hobbies|hobby|pasatiempos?|aficiones|afición)(?:\s+favorit[oa]s?)?\s+(?:es|son)"),
    L.played(W, r"juego\s+(?:al|a\s+la|a)|toco\s+(?:el|la)|practico"),
    L.liked(W, r"me\s+encantan?", "le encanta"),
    L.liked(W, r"me\s+gustan?(?:\s+mucho)?", "le gusta"),
    L.liked(W, r"(?:yo\s+)?(?:adoro|amo)", "adora"),
    L.liked(W, r"(?:yo\s+)?(?:odio|detesto)", "odia", liking=False),
    L.liked(W, r"no\s+me\s+gustan?(?:\s+nada)?", "no le gusta", liking=False),
    L.favorite(W, r"(?i:mi\s+)(\w+)(?i:\s+favorit[oa]\s+es)"),
    L.relative(W, r"mis?", RELATIVES | PETS, NAMED),
    L.pet(W, r"tengo|tenemos", RELATIVES | PETS, NAMED),
    L.simple(W, "relationships", "marital_status",
             r"(?i:estoy\s+)(casad[oa]|soltera?o?|divorciad[oa]|prometid[oa]|viud[oa])\b", 0.85),
    L.simple(W, "relationships", "children", r"(?i:tengo\s+)((?i:un|una|dos|tres|cuatro|\d+)\s+(?i:hij[oa]s?))\b",
             0.8),
    L.goal(W, r"mi\s+(?:sueño|objetivo|meta)\s+es|quiero\s+(?=aprender|ser|viajar|terminar|conseguir)"),
)
