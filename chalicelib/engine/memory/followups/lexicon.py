"""Calendar words per language (en, es, fr, de, it, pt, ru; zh, ja, ko) that date mentions are built from."""

from __future__ import annotations

# Weekday words, Monday = 0. Portuguese ordinals ("segunda", "quarta") only count with "-feira" or a
# preposition before them, so they live in `PT_WEEKDAYS`, not here.
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "lunes": 0, "martes": 1, "miércoles": 2, "miercoles": 2, "jueves": 3, "viernes": 4, "sábado": 5,
    "sabado": 5, "domingo": 6,
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5, "sonnabend": 5,
    "sonntag": 6,
    "lunedì": 0, "lunedi": 0, "martedì": 1, "martedi": 1, "mercoledì": 2, "mercoledi": 2, "giovedì": 3,
    "giovedi": 3, "venerdì": 4, "venerdi": 4, "sabato": 5, "domenica": 6,
    "понедельник": 0, "вторник": 1, "среду": 2, "среда": 2, "четверг": 3, "пятницу": 4, "пятница": 4,
    "субботу": 5, "суббота": 5, "воскресенье": 6,
}
PT_WEEKDAYS: dict[str, int] = {"segunda": 0, "terça": 1, "terca": 1, "quarta": 2, "quinta": 3, "sexta": 4}
# Chinese 周六 / 星期六 / 礼拜六, Japanese 土曜(日), Korean 토요일.
ZH_WEEKDAYS: dict[str, int] = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
JA_WEEKDAYS: dict[str, int] = {"月": 0, "火": 1, "水": 2, "木": 3, "金": 4, "土": 5, "日": 6}
KO_WEEKDAYS: dict[str, int] = {"월": 0, "화": 1, "수": 2, "목": 3, "금": 4, "토": 5, "일": 6}

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "aug": 8, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "juni": 6, "juli": 7,
    "oktober": 10, "dezember": 12,
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7, "settembre": 9,
    "ottobre": 10, "dicembre": 12,
    "janeiro": 1, "fevereiro": 2, "março": 3, "marco": 3, "maio": 5, "junho": 6, "julho": 7, "setembro": 9,
    "outubro": 10, "dezembro": 12,
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7, "августа": 8,
    "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "январе": 1, "феврале": 2, "марте": 3, "апреле": 4, "мае": 5, "июне": 6, "июле": 7, "августе": 8,
    "сентябре": 9, "октябре": 10, "ноябре": 11, "декабре": 12,
}
# Short month names only count next to a day number ("in oct" is too rare to risk).
ABBREVIATED_MONTHS = frozenset({"jan", "feb", "aug", "sept", "oct", "nov", "dec"})

# Days from the message's local date.
RELATIVE_DAYS: dict[str, int] = {
    "today": 0, "tonight": 0, "this evening": 0, "tomorrow": 1, "the day after tomorrow": 2,
    "day after tomorrow": 2,
    "hoy": 0, "esta noche": 0, "mañana": 1, "pasado mañana": 2,
    "aujourd'hui": 0, "ce soir": 0, "demain": 1, "après-demain": 2, "après demain": 2,
    "heute": 0, "heute abend": 0, "morgen": 1, "übermorgen": 2,
    "oggi": 0, "stasera": 0, "domani": 1, "dopodomani": 2,
    "hoje": 0, "hoje à noite": 0, "amanhã": 1, "depois de amanhã": 2,
    "сегодня": 0, "завтра": 1, "послезавтра": 2,
    "今天": 0, "今晚": 0, "明天": 1, "明日": 1, "后天": 2, "後天": 2, "明晚": 1,
    "今日": 0, "今夜": 0, "あした": 1, "あす": 1, "明後日": 2, "あさって": 2,
    "오늘": 0, "내일": 1, "모레": 2,
}

NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10,
    "un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10, "quince": 15,
    "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    "quinze": 15,
    "ein": 1, "eine": 1, "einem": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
    "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
    "due": 2, "tre": 3, "quattro": 4, "sei": 6, "sette": 7, "otto": 8, "nove": 9, "dieci": 10, "quindici": 15,
    "um": 1, "uma": 1, "dois": 2, "duas": 2, "três": 3, "quatro": 4, "sete": 7, "oito": 8, "dez": 10,
    "один": 1, "одну": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6,
    "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
}
CJK_DIGITS: dict[str, int] = {
    "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}

# Unit words of "in two weeks": the days of one unit (a month is handled as a calendar month, 30 here).
UNITS: dict[str, int] = {
    "day": 1, "days": 1, "día": 1, "días": 1, "dia": 1, "dias": 1, "jour": 1, "jours": 1, "tag": 1,
    "tagen": 1, "tage": 1, "giorno": 1, "giorni": 1, "день": 1, "дня": 1, "дней": 1,
    "week": 7, "weeks": 7, "semana": 7, "semanas": 7, "semaine": 7, "semaines": 7, "woche": 7, "wochen": 7,
    "settimana": 7, "settimane": 7, "неделю": 7, "недели": 7, "недель": 7, "неделя": 7,
    "month": 30, "months": 30, "mes": 30, "meses": 30, "mois": 30, "monat": 30, "monaten": 30, "monate": 30,
    "mese": 30, "mesi": 30, "mês": 30, "месяц": 30, "месяца": 30, "месяцев": 30,
}
# The words before an amount that make it a future offset.
IN_WORDS = ("in", "en", "dentro de", "dans", "tra", "fra", "em", "daqui a", "через")
