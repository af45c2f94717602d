"""Portuguese statements about oneself: name, age, home, work, studies, pastimes, likings, family."""

from __future__ import annotations

import re

from chalicelib.engine.memory.patterns import latin as L
from chalicelib.engine.memory.patterns.common import words

W = L.Words(
    ends="e|ou|mas|porque|que|quando|onde|desde|há|como|enquanto|com",
    articles="o|a|os|as|um|uma|uns|umas",
    links="de|do|da|dos|das|e",
    stops="em|no|na|nos|nas|numa|num|para|desde|há|com|de\\s+segunda",
    jobs=L.jobs("professor médic enfermeir engenheir programador desenvolvedor designer advogad arquitet "
                "contador contadora cozinheir chef garçom garçonete jornalista escritor escritora fotógraf "
                "músic ator atriz pintor pintora eletricista encanador mecânic carpinteir marceneir padeir "
                "açougueir cabeleireir vendedor vendedora caixa secretári gerente diretor diretora psicólog "
                "terapeuta biólog cientista pesquisador tradutor tradutora bibliotecári agricultor fazendeir "
                "soldado piloto comissári cuidador assistente economista consultor consultora analista "
                "empresári funcionári babá guia recepcionista carteir soldador pedreir jardineir pescador "
                "juiz juíza cirurgi fisioterapeuta veterinári dentista farmacêutic motorista taxista "
                "caminhoneir policial bombeir técnic educador educadora atendente operári"),
    not_names=words("muito tão um uma o a de do da feliz bom boa assim eu aqui novo nova capaz"),
    about_us=words("você contigo te ti vocês nossa nosso nossas nossos"),
    negated=r"(?<!não\s)(?<!nao\s)(?<!nunca\s)",
)
RELATIVES = {
    "irmã": "sister", "irmão": "brother", "mãe": "mother", "pai": "father", "filha": "daughter", "filho": "son",
    "esposa": "wife", "mulher": "wife", "esposo": "husband", "marido": "husband", "companheiro": "partner",
    "companheira": "partner", "namorado": "boyfriend", "namorada": "girlfriend", "avó": "grandmother",
    "avô": "grandfather", "prima": "cousin", "primo": "cousin", "tia": "aunt", "tio": "uncle",
    "melhor amiga": "best_friend", "melhor amigo": "best_friend",
}
PETS = {"cachorro": "pet_dog", "cachorra": "pet_dog", "cão": "pet_dog", "cadela": "pet_dog", "gato": "pet_cat",
        "gata": "pet_cat", "gatinho": "pet_cat", "gatinha": "pet_cat", "coelho": "pet_rabbit",
        "hamster": "pet_hamster", "papagaio": "pet_parrot", "cavalo": "pet_horse", "tartaruga": "pet_turtle",
        "peixe": "pet_fish"}
NAMED = r"que\s+se\s+chama|se\s+chama|chamad[oa]|de\s+nome|é"
SKIP = re.compile(r"(?i)(?:^|[,;]\s*)se\s+(?:eu|fosse|tivesse|estivesse|pudesse)|\b(?:talvez|imagina|suponha|"
                  r"quem\s+sabe|seria|teria|faria|gostaria|poderia|deveria|iria|compraria|moraria|viveria|"
                  r"fosse|tivesse|estivesse|diz\s+que|disse\s+que)\b")
RULES = (
    L.name(W, r"meu\s+nome\s+é|me\s+chamo|chamo-me|pode\s+me\s+chamar\s+de|me\s+chama\s+de"),
    L.name_or_job(W, r"(?:eu\s+)?sou"),
    L.simple(W, "personal_info", "age", r"(?i:tenho\s+)(\d{1,3})(?i:\s+anos)", 0.95),
    L.place(W, "location", r"(?:eu\s+)?(?:moro|vivo)\s+(?:em|no|na|nos|nas)|me\s+mudei\s+para|estou\s+morando\s+em"),
    L.place(W, "hometown", r"sou\s+(?:de|do|da)|nasci\s+(?:em|no|na)|venho\s+(?:de|do|da)|cresci\s+(?:em|no|na)"),
    L.job(W, r"trabalho\s+como|atuo\s+como|estou\s+trabalhando\s+como"),
    L.employer(W, r"trabalho(?:\s+como(?:\s+[^\s,.]+){1,3}?)?\s+(?:em|no|na|para)"),
    L.studies(W, r"estudo|estou\s+estudando|faço\s+faculdade\s+de|curso|sou\s+estudante\s+de"),
    L.hobbies(W, r"(?:o\s+)?meu\s+(?:hobby|passatempo)(?:\s+favorito)?\s+é|(?:os\s+)?meus\s+(?:hobbies|"
                 r"passatempos)\s+são"),
    L.played(W, r"jogo|toco|pratico"),
    L.liked(W, r"(?:eu\s+)?(?:adoro|amo)", "adora"),
    L.liked(W, r"(?:eu\s+)?gosto(?:\s+(?:muito|demais|bastante))?\s+(?:de|do|da|dos|das)", "gosta de"),
    L.liked(W, r"(?:eu\s+)?curto", "curte"),
    L.liked(W, r"(?:eu\s+)?(?:odeio|detesto)", "odeia", liking=False),
    L.liked(W, r"não\s+gosto\s+(?:nada\s+)?(?:de|do|da|dos|das)", "não gosta de", liking=False),
    L.favorite(W, r"(?i:(?:o\s+|a\s+)?(?:meu|minha)\s+)(\w+)(?i:\s+favorit[oa]\s+é)"),
    L.relative(W, r"(?:o\s+|a\s+)?(?:meu|minha|meus|minhas)", RELATIVES | PETS, NAMED),
    L.pet(W, r"tenho|temos", RELATIVES | PETS, NAMED),
    L.simple(W, "relationships", "marital_status",
             r"(?i:sou\s+|estou\s+)(casad[oa]|solteir[oa]|divorciad[oa]|noiv[oa]|viúv[oa])\b", 0.85),
    L.simple(W, "relationships", "children",
             r"(?i:tenho\s+)((?i:um|uma|dois|duas|três|quatro|\d+)\s+(?i:filh[oa]s?))\b", 0.8),
    L.goal(W, r"(?:o\s+)?meu\s+(?:sonho|objetivo)\s+é|quero\s+(?=aprender|ser|viajar|terminar)"),
)
