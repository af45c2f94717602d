"""Crisis lines by country, and the country a user's locale points to.

The defaults name each service as its operator publishes it (docs/safety.md gives the sources); a tenant's
own configuration replaces them country by country. An emergency line ends each country's list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from chalicelib.models import CrisisResource

INTERNATIONAL = "*"

DEFAULT_RESOURCES: Mapping[str, tuple[CrisisResource, ...]] = {
    "US": (CrisisResource("988 Suicide & Crisis Lifeline", phone="988", text="988", url="https://988lifeline.org"),
           CrisisResource("Emergency services", phone="911")),
    "GB": (CrisisResource("Samaritans", phone="116 123", url="https://www.samaritans.org"),
           CrisisResource("Shout", text="85258", url="https://giveusashout.org"),
           CrisisResource("Emergency services", phone="999")),
    "ES": (CrisisResource("Línea 024 de atención a la conducta suicida", phone="024",
                          url="https://www.sanidad.gob.es"),
           CrisisResource("Emergencias", phone="112")),
    "FR": (CrisisResource("3114 – Numéro national de prévention du suicide", phone="3114", url="https://3114.fr"),
           CrisisResource("Urgences", phone="112")),
    "DE": (CrisisResource("TelefonSeelsorge", phone="0800 111 0 111", url="https://www.telefonseelsorge.de"),
           CrisisResource("TelefonSeelsorge", phone="0800 111 0 222"),
           CrisisResource("Notruf", phone="112")),
    "IT": (CrisisResource("Telefono Amico Italia", phone="02 2327 2327", url="https://www.telefonoamico.it"),
           CrisisResource("Samaritans Onlus", phone="06 77208977", url="https://www.samaritansonlus.org"),
           CrisisResource("Numero unico di emergenza", phone="112")),
    "PT": (CrisisResource("SOS Voz Amiga", phone="213 544 545", url="https://www.sosvozamiga.org"),
           CrisisResource("SNS 24", phone="808 24 24 24", url="https://www.sns24.gov.pt"),
           CrisisResource("Emergência", phone="112")),
    "BR": (CrisisResource("CVV – Centro de Valorização da Vida", phone="188", url="https://cvv.org.br"),
           CrisisResource("SAMU", phone="192")),
    "JP": (CrisisResource("よりそいホットライン", phone="0120-279-338", url="https://www.since2011.net/yorisoi/"),
           CrisisResource("TELL Lifeline", phone="03-5774-0992", url="https://telljp.com/lifeline/"),
           CrisisResource("救急", phone="119")),
    "KR": (CrisisResource("자살예방상담전화", phone="109"),
           CrisisResource("응급", phone="119")),
    INTERNATIONAL: (CrisisResource("Find A Helpline", url="https://findahelpline.com"),),
}

# The country a language stands for when the locale names none; Portuguese is spoken by more users in Brazil,
# and Portugal's lines come with it. Chinese and Russian get the international directory unless configured.
LANGUAGE_COUNTRIES: Mapping[str, tuple[str, ...]] = {
    "en": ("US",), "es": ("ES",), "fr": ("FR",), "de": ("DE",), "it": ("IT",), "pt": ("BR", "PT"), "ja": ("JP",),
    "ko": ("KR",),
}
_REGION_ALIASES = {"UK": "GB"}


def parse_locale(locale: str) -> tuple[str, str]:
    """(language, COUNTRY) of a BCP 47 tag such as ``pt-BR`` or ``zh-Hant-TW``; either may be empty."""
    parts = [part for part in locale.replace("_", "-").strip().split("-") if part]
    if not parts:
        return "", ""
    language = parts[0].lower() if parts[0].isalpha() and 2 <= len(parts[0]) <= 3 else ""
    region = next((p.upper() for p in parts[1:] if (len(p) == 2 and p.isalpha()) or (len(p) == 3 and p.isdigit())),
                  "")
    return language, _REGION_ALIASES.get(region, region)


def first_accepted(header: str | None) -> str:
    """The first language tag of an ``Accept-Language`` header ("" for none or ``*``)."""
    if not header:
        return ""
    ranked = []
    for index, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        if tag and tag != "*" and weight > 0:
            ranked.append((-weight, index, tag.strip()))
    return min(ranked)[2] if ranked else ""


def countries_for(locales: Sequence[str], language: str) -> tuple[str, ...]:
    """The countries whose lines a user gets: the first locale that names one, else the language's."""
    for locale in locales:
        country = parse_locale(locale)[1]
        if country:
            return (country,)
    for locale in (*locales, language):
        found = LANGUAGE_COUNTRIES.get(parse_locale(locale)[0] or locale)
        if found:
            return found
    return ()


def resources_for(countries: Sequence[str],
                  configured: Mapping[str, tuple[CrisisResource, ...]] | None = None) -> tuple[CrisisResource, ...]:
    """The lines of ``countries`` (a tenant's own first), then the international directory."""
    own = configured or {}
    found: list[CrisisResource] = []
    for country in countries:
        found.extend(own.get(country) or DEFAULT_RESOURCES.get(country, ()))
    found.extend(own.get(INTERNATIONAL) or DEFAULT_RESOURCES[INTERNATIONAL])
    return tuple(dict.fromkeys(found))
