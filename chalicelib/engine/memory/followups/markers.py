"""Words that make a dated sentence no follow-up (past, habit, hypothesis) or change an earlier one."""

from __future__ import annotations

import re

_WEEKDAY_STEMS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days"
_ES_DAYS = r"(?:lunes|martes|miércoles|jueves|viernes|sábados|domingos)"
_FR_DAYS = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s?"
_IT_DAYS = r"(?:lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica)"
_PT_DAYS = r"(?:segundas|terças|quartas|quintas|sextas|sábados|domingos)"
_RU_DAYS = r"(?:понедельникам|вторникам|средам|четвергам|пятницам|субботам|воскресеньям)"

# Said of something that already happened (or its outcome): checked on the whole sentence.
PAST = re.compile(
    r"\b(?:yesterday|ago|last|was|were|went|did|had|happened|passed|failed|finished|won|lost)\b(?<!at last)"
    r"|\b(?:ayer|anteayer|anoche|fue|fui|fuimos|estuvo|tuve|hice)\b|\bpasad[oa]\b(?! mañana)"
    r"|\bhace (?:\w+ )?(?:días|semanas|meses)\b"
    r"|\b(?:saw|took|came|met|bought|flew|told)\b|\b\w{3,}ó(?!\w)"
    r"|\b(?:aprobé|terminé|llegué|jugué|gané|pasé|empecé|acabé|suspendí|perdí|salí|vi|hice)(?!\w)"
    r"|\b(?:j'ai|ai|as|a|avons|avez|ont)\s+(?:été|eu|vu|fait|pris|fini|perdu|\w{2,}é)\b"
    r"|\b(?:suis|est|sommes|sont)\s+(?:allée?s?|partie?s?|venue?s?|rentrée?s?)\b"
    r"|\b(?:ho|hai|ha|abbiamo|avete|hanno|sono|è|siamo)\s+\w+(?:ato|ata|ati|ate|uto|uta|ito|ita|sto|tto|rso)\b"
    r"|\b(?:habe|hast|hat|haben|bin|ist|sind)\b.*\bge(?!gen\b|nau\b|rn\b)\w{3,}(?:t|en)\b"
    r"|\b(?:fiz|fez|teve|tivemos)\b"
    r"|た(?:よ|ね|わ|の|んだ|けど)?[!！。…\s]*$|[봤갔왔했었았였났샀됐졌렸쳤]"
    r"|\b(?:hier|dernier|dernière|était|étais|il y a|a été|ai eu|avons eu|a duré|suis allée?)\b"
    r"|\b(?:gestern|vorgestern|letzte[nrs]?|vergangene[nrs]?|war|waren|hatte|hatten)\b"
    r"|\bvor (?:\w+ )?(?:tagen|wochen|monaten)\b"
    r"|\b(?:ieri|scors[oa]|era|è stat[oa]|sono andat[oa]|ho fatto|ho avuto)\b|\b(?:giorni|settimane|mesi) fa\b"
    r"|\b(?:ontem|passad[oa]|foi|fui|fomos|estava|tive|atrás)\b|\bhá (?:\w+ )?(?:dias|semanas|meses)\b"
    r"|(?<!\w)(?:вчера|позавчера|прошл\w*|назад|был|была|было|были)(?!\w)"
    r"|上周|上週|上星期|上礼拜|上禮拜|上个|上個|昨天|前天|去年"
    r"|先週|昨日|先月|一昨日|ました|でした|だった|かった"
    r"|지난|어제|그저께|했어|었어|았어|었다|았다|했다"
)
# Chinese 了 / 过 mark a done action unless the sentence says it is still to come (要, 会, 打算 …).
_ZH_DONE = re.compile(r"了|过|過")
_ZH_AHEAD = re.compile(r"要|会|會|打算|准备|準備|将|將|想")


def past(sentence: str) -> bool:
    """Whether a sentence tells of something that already happened."""
    return bool(PAST.search(sentence)) or bool(_ZH_DONE.search(sentence) and not _ZH_AHEAD.search(sentence))


# Something done again and again: no single date to ask after.
HABIT = re.compile(
    r"\b(?:every|each|usually|always|daily|weekly|" + _WEEKDAY_STEMS + r")\b"
    r"|\b(?:cada|todos los|todas las|siempre)\b|\blos " + _ES_DAYS + r"\b"
    r"|\b(?:tous les|toutes les|chaque|toujours)\b|\ble " + _FR_DAYS + r"\b(?! \d)"
    r"|\b(?:jeden|jede|jedes|immer|täglich|wöchentlich|(?:mon|diens|mitt|donners|frei|sams|sonn)tags|mittwochs)\b"
    r"|\b(?:ogni|tutti i|tutte le|sempre)\b|\b(?:il|la) " + _IT_DAYS + r"\b(?! \d)"
    r"|\b(?:todo dia|todos os|todas as|toda semana|sempre)\b|\b(?:aos|às|as) " + _PT_DAYS + r"\b"
    r"|(?<!\w)(?:кажд\w*|всегда|по " + _RU_DAYS + r")(?!\w)"
    r"|每|总是|總是|经常|經常|平时|毎|いつも|매주|매일|매달|매년|마다|항상"
)
# A wish or a condition, not a plan.
HYPOTHETICAL = re.compile(
    r"\b(?:if|would|someday|wish|imagine|suppose|might)\b|\bone day\b"
    r"|(?:^|[,;:]\s*|\b(?:e|y|et|and|mas|ma|pero)\s+)(?:si|se|s'il)\b"
    r"|\b(?:ojalá|algún día|un jour|jamais|wenn|falls|irgendwann|würde|wäre|magari|un giorno|qualora|caso|"
    r"um dia|quem sabe)\b|(?<!\w)(?:если|бы|когда-нибудь)(?!\w)"
    r"|如果|要是|假如|万一|萬一|哪天|もし|たら|れば|만약|만일|언젠가"
)
CANCELLED = re.compile(
    r"\b(?:cancell?ed|called off|not happening|no longer|cancelad[oa]|cancelaron|suspendid[oa]|se canceló|"
    r"annulée?s?|n'a plus lieu|abgesagt|fällt aus|findet nicht statt|storniert|annullat[oa]|cancellat[oa]|"
    r"desmarcad[oa]|não vai mais)\b|(?<!\w)отмен\w*|取消|不去了|キャンセル|中止|なくなった|취소"
)
MOVED = re.compile(
    r"\b(?:moved|postponed|rescheduled|pushed back|pushed to|changed to|aplazad[oa]|pospuest[oa]|movid[oa]|"
    r"cambiad[oa]|cambiaron|trasladad[oa]|reportée?|déplacée?|décalée?|repoussée?|verschoben|verlegt|"
    r"rinviat[oa]|spostat[oa]|posticipat[oa]|anticipat[oa]|adiad[oa]|remarcad[oa]|mudou para|transferid[oa])\b"
    r"|(?<!\w)перен[её]с\w*|改到|改成|推迟|推遲|延期|提前到|変更|ずれ|연기|미뤄|바뀌"
)
# Goodbyes that name a day but no event ("see you tomorrow").
FAREWELL = re.compile(
    r"\b(?:see you|talk to you|talk|speak to you|catch you|bye)\s+(?:tomorrow|later|on \w+day|\w+day)\b"
    r"|\b(?:hasta mañana|à demain|a domani|até amanhã|bis morgen|до завтра)\b"
    r"|明天见|明天見|また明日|내일 봐|내일 만나"
)
# Words a follow-up's "what" is matched on when a later message moves or cancels it.
STOPWORDS = frozenset(" ".join((
    "the and that this with have has will just about from they them then than there their what when your "
    "really still going gonna tengo tiene para pero como esta este será sera estoy ahora porque "
    "avec pour mais dans cette sera suis demain "
    "habe wird nicht eine einen einem noch jetzt schon doch "
    "sono alla della degli ancora questo questa "
    "tenho para mais isso esse essa agora vai",
)).split())
