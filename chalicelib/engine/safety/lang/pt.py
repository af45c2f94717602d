"""Portuguese rules of the safety check, European and Brazilian (see `chalicelib.engine.safety.rules`)."""

# ruff: noqa: E501  (patterns are data: they read better unbroken)

from __future__ import annotations

# Folded: "não" reads "nao", "você" reads "voce"; Brazilian "tô", "pra" and "vc" are spelled out too.
_WISH = r"(?:quero|queria|quis|tenho vontade de|to com vontade de|estou com vontade de|vontade de|prefiro|preferia|penso em|pensando em|pensei em|vou|to pensando em|decidi|planejo|planeio|preciso|so quero|eu so queria|so queria)"

STEMS = (
    "morr", "mort", "matar", "suicid", "vida", "viver", "acordar", "acordasse", "sumir", "sumisse", "desaparec",
    "peso", "sem mim", "falta", "sentido", "cansad", "plano", "escolhi", "despedida", "pular", "jogar", "remedios",
    "comprimidos", "pilulas", "overdose", "cort", "machuc", "automutil", "autoles", "queim", "arranh", "sangr",
    "mutil", "quantos", "quantas", "forma de", "jeito de", "maneira de", "aqui", "existir", "acabar", "fim a",
    "machuq", "fatais", "me mato", "continuar", "razao", "viv", "existisse", "estiver", "fazer isso", "atirar",
    "medicamentos", "sangue", "alivio", "melhor", "morresse", "enforc",
)
HUMAN_STEMS = ("human", "pessoa", "robo", "bot", "ia", "maquina", "programa", "real", "de verdade", "alguem", "inteligencia")

SUICIDAL = (
    rf"\b{_WISH} (?:so |apenas |simplesmente |mesmo )?(?:morrer|me matar|matar-me|me suicidar|suicidar-me|tirar (?:a )?minha (?:propria )?vida|acabar com (?:a )?minha vida|acabar com tudo|por fim a (?:minha vida|tudo)|sumir(?: pra sempre| para sempre| do mapa| de vez)?|desaparecer(?: para sempre| pra sempre| de vez)?|nao acordar(?: mais)?|nao existir mais|deixar de viver|deixar de existir|nao estar mais aqui)\b",
    r"\b(?:me matar|matar-me|me suicidar|suicidar-me|tirar (?:a )?minha (?:propria )?vida|vou me matar|me mato)\b",
    r"\b(?:me enforcar|me enforco|enforcar-me)\b",
    r"\bnao (?:quero|aguento|consigo|tenho vontade de) (?:mais )?(?:viver|continuar vivendo|continuar a viver|existir|acordar)\b",
    r"\bja nao (?:quero|aguento) (?:mais )?(?:viver|estar aqui|existir)\b",
    r"\b(?:a|minha) vida nao (?:tem|faz) (?:mais )?(?:sentido|valor)\b",
    r"\bnao (?:vejo|encontro|tem) (?:mais )?(?:nenhum )?(?:sentido|motivo|razao) (?:na vida|em viver|pra viver|para viver|de viver|em continuar|na minha vida)\b",
    r"\bnao tenho (?:mais )?(?:motivos?|razao|razoes|vontade) (?:para|pra|de) (?:viver|continuar vivendo|continuar)\b",
    r"\b(?:cansad[oa]|farto|farta) de (?:viver|existir|estar viv[oa]|esta vida)\b",
    r"\b(?:seria|ia ser|tudo seria) (?:mais )?(?:facil|melhor|simples)\b[^.!?]{0,20}\b(?:se eu (?:nao acordasse|morresse|sumisse|desaparecesse|nao existisse|nao estivesse aqui)|nao acordar|morrer|sumir|desaparecer)\b",
    r"\b(?:estariam|ficariam|seriam|viveriam) (?:todos |todas )?(?:melhor(?:es)?|mais felizes|aliviad[oa]s)\b[^.!?]{0,15}\b(?:sem mim|se eu (?:morresse|sumisse|nao existisse|desaparecesse))",
    r"\bdormir e (?:nunca mais|nao|jamais) (?:mais )?acordar\b",
    r"\b(?:alivio|melhor|mais felizes|mais facil)\b[^.!?]{0,25}\bse eu (?:morresse|sumisse|desaparecesse|nao existisse|nao estivesse aqui)\b",
    r"\bninguem (?:sentiria|ia sentir|vai sentir) (?:a )?minha falta\b",
    r"\bsou (?:so )?um peso (?:para|pra) (?:todos|todo mundo|minha familia|voces|eles|os outros)\b",
    r"\bquando eu nao (?:estiver|existir) mais(?: aqui)?\b",
    r"\b(?:ja )?(?:tenho|fiz|tracei) (?:um |o )?plano (?:para|pra|de) (?:me matar|morrer|me suicidar|tirar minha vida|acabar com tudo)\b",
    r"\b(?:ja )?(?:escolhi|decidi|planejei|marquei) (?:o dia|a data|como|quando|o jeito|a forma)\b[^.!?]{0,25}\b(?:morrer|me matar|me suicidar|tirar minha vida|acabar com tudo|fazer isso)\b",
    r"\b(?:escrevi|escrevendo|deixei|vou deixar|deixarei)\b[^.!?]{0,15}\b(?:carta|cartas|bilhete|mensagem) de despedida\b",
    rf"\b(?:{_WISH}|vou) (?:pular|me jogar|me atirar|jogar) (?:da|do|de|na frente d[oa]|debaixo d[oa]|embaixo d[oa]) (?:uma |um |a |o )?(?:ponte|predio|janela|varanda|telhado|trem|metro|carro|onibus|penhasco)",
    r"\b(?:tomar|engolir|tomei|engoli) (?:todos|todas) (?:os |as |os meus |as minhas |meus |minhas )?(?:remedios|comprimidos|pilulas|medicamentos)\b",
    r"\b(?:tentei|ja tentei|tentava) (?:me matar|suicidio|o suicidio|me suicidar|tirar minha vida|acabar com minha vida)\b",
    r"\b(?:tenho|ando tendo|tive) (?:muitos )?pensamentos (?:suicidas|de morte|de me matar)\b",
    r"\bpenso (?:muito |sempre |o tempo todo )?(?:em suicidio|na morte|em morrer|em me matar)\b",
)

ALWAYS = (
    r"\bquant[oa]s (?:comprimidos|remedios|pilulas|mg)\b[^.!?]{0,40}\b(?:para morrer|pra morrer|pra nao acordar|sao fatais|para uma overdose|pra uma overdose)\b",
    r"\b(?:forma|jeito|maneira|metodo) (?:mais )?(?:facil|rapid[oa]|indolor|segur[oa]) de (?:morrer|me matar|me suicidar)\b",
    r"\b(?:estou|to|me sinto) (?:muito )?suicida\b",
)

SELF_HARM = (
    r"\bme (?:corto|cortei|machuco|machuquei de proposito|queimo|queimei de proposito|arranho|mutilo|cortando|machucando|automutilo)\b",
    r"\b(?:me cortar|me machucar|me mutilar|me queimar|cortar-me|machucar-me) (?:de novo|outra vez|de proposito|os bracos|os pulsos|as pernas|as coxas|ate sangrar)?",
    r"\bcortar (?:os |meus )?(?:pulsos|bracos|coxas)\b",
    r"\b(?:automutilacao|automutilacoes|autolesao|autolesoes|autolesivo)\b",
    r"\bate (?:sangrar|sair sangue)\b",
)

NOT_MEANT = (
    r"\b(?:morrendo|morrer|morri|morro|mort[oa]|vou morrer|quase morri) de (?:fome|sono|rir|vergonha|calor|frio|tedio|medo|saudade|saudades|vontade|cansaco|inveja|curiosidade|ciume|ciumes)\b",
    r"\b(?:me mata|me matou|me matando) de (?:rir|vergonha|susto)\b",
    r"\bnao (?:quero|vou|pretendo|penso em|tenho intencao de) (?:nunca )?(?:morrer|me matar|me machucar|me cortar|me suicidar|acabar com (?:a )?minha vida)\w*",
    r"\bnunca (?:me )?(?:mataria|machucaria|cortaria)\b",
    r"\bme (?:cortei|machuquei|queimei) (?:o dedo|a mao|cozinhando|com (?:a|o|uma|um) (?:faca|papel|forno|ferro|panela|oleo)|sem querer|por acidente|fazendo a barba|jogando|no futebol|na academia)\b",
    r"\b(?:cortei|cortar) (?:o |meu )?cabelo\b",
    r"\b(?:vai|vao|ia|iam|quer|querem) me matar\b",
    r"\b(?:me matando|me mato) (?:de trabalhar|de estudar|estudando|trabalhando|na academia)\b",
)

FRAMES = (
    r"\b(?:no|nesse|neste|durante o|durante a) (?:jogo|videogame|game|nivel|fase|partida|servidor)\b",
    r"\b(?:meu|minha|seu|sua|o|a) (?:personagem|avatar|protagonista|heroi|heroina|vilao)\b",
    r"\b(?:chefao|chefe final|respawn|game over|jogando)\b",
    r"\b(?:no|na|do|da|num|numa) (?:filme|livro|romance|serie|novela|historia|conto|musica|capitulo|episodio|anime|manga|poema)\b",
    r"\b(?:estou|to) (?:escrevendo|lendo|assistindo) (?:um|uma|o|a) (?:historia|romance|livro|conto|roteiro|serie|filme)\b",
    r"\b(?:no jornal|no noticiario|segundo o noticiario|nas noticias|no telejornal|reportagem|segundo a policia|de acordo com|estatisticas|documentario|uma noticia)\b",
    r"\b(?:posso|pode|e perigoso|e seguro|quanto|quantos|quantas|dose|devo)\b[^.!?]{0,40}\b(?:paracetamol|ibuprofeno|dipirona|aspirina|antibioticos?|remedios?|medicamentos?|mg|dose|efeitos colaterais|receita|xarope)\b",
)

HUMAN = (
    r"\b(?:voce e|vc e|tu es|voce|vc|tu e|e voce) (?:mesmo |realmente |de fato )?(?:um |uma )?(?:humano|humana|pessoa|robo|bot|ia|inteligencia artificial|maquina|programa|real|de verdade|pessoa real|ser humano|chatbot)\b",
    r"\b(?:isso|isto|aqui)(?: aqui)? e (?:um |uma )?(?:bot|robo|ia|maquina|programa|pessoa)\b",
    r"\b(?:estou|to|tou) (?:falando|conversando|teclando) com (?:um |uma )?(?:pessoa|humano|bot|robo|ia|maquina|programa|pessoa real)\b",
    r"\b(?:bot|robo|ia|maquina|programa|inteligencia artificial) ou (?:uma |um )?(?:pessoa|humano|humana|ser humano)\b",
    r"\b(?:pessoa|humano|humana|real) ou (?:um |uma )?(?:bot|robo|ia|maquina|programa)\b",
    r"\btem (?:alguem|uma pessoa|um humano) (?:real |de verdade )?(?:ai|do outro lado|respondendo|escrevendo)\b",
)

SEXUAL = (
    r"\b(?:sexo|sexual|sexuais|sexy|porno|pornografia|nudes?|pelad[oa]s?|nua|excitad[oa]|excitante|sensual|sensuais|erotic[oa]s?|safad[oa]s?|safadeza|putaria|sacanagem|tesao|transar|nsfw)\b",
    r"\b(?:algo|historia|historias|coisa|coisas|mensagens|fotos|conversa) (?:bem |muito )?(?:picante|picantes|quente|quentes|hot|ousad[oa]s?|proibid[oa]s?)\b",
    r"\b(?:fazer amor|me excitar|me tocar|me deixa com tesao)\b",
)
