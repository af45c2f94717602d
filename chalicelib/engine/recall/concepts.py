"""Broader words for common things people tell: a message about "taekwondo" is also about "martial arts".

A question asks in general terms ("What sports does she play?", "Which countries has he been to?")
what the conversation said in particular ones ("I'm off to kickboxing", "my trip to Spain"); words do
not match, so the index adds the general words to a message as extra keys. English only, for now; the
lists are ours, kept short and generic.
"""

from __future__ import annotations

from functools import cache

from chalicelib.engine.recall import tokens

# General words (any of them asks for the group) -> the particular words of the group.
_GROUPS: dict[str, str] = {
    "family relative relatives": "fam mother mom mum father dad parent parents sister brother sibling siblings"
    " aunt uncle cousin grandma grandpa grandmother grandfather grandparents niece nephew wife husband son"
    " daughter kids children baby family",
    "child children kid kids": "son daughter sons daughters baby toddler kids children",
    "pet pets animal animals": "dog dogs puppy cat cats kitten hamster rabbit bunny parrot bird fish turtle"
    " horse guinea pig pets",
    "sport sports": "football soccer basketball baseball tennis volleyball golf rugby cricket hockey swimming"
    " running marathon cycling skiing snowboarding surfing boxing kickboxing karate judo taekwondo wrestling"
    " yoga climbing skateboarding badminton",
    "activity activities hobby hobbies pastime fun leisure": "hiking camping climbing swimming running yoga"
    " painting drawing pottery photography knitting gardening cooking baking reading dancing singing gaming"
    " fishing cycling surfing skiing kayaking museum concert volunteering",
    "exercise exercises workout workouts fitness training gym": "yoga pilates running jogging swimming cycling"
    " weightlifting weights kickboxing boxing crossfit hiit spinning rowing stretching gym",
    "city cities town": "paris rome london berlin madrid barcelona lisbon amsterdam vienna prague athens dublin"
    " tokyo kyoto seoul beijing shanghai bangkok singapore sydney toronto vancouver montreal chicago boston"
    " seattle miami vegas angeles york francisco nairobi cairo istanbul dubai",
    "martial arts fighting": "karate judo taekwondo kickboxing boxing kung fu jiu jitsu aikido wrestling mma",
    "instrument instruments music musical": "guitar piano violin cello drums flute saxophone trumpet ukulele"
    " harp clarinet bass keyboard",
    "outdoor outdoors nature": "hiking hike camping camp climbing kayaking canoeing fishing skiing surfing"
    " mountaineering biking cycling trail beach mountains lake forest park garden gardening picnic",
    "art arts artistic creative craft crafts": "painting paint drawing draw sketch pottery ceramics sculpture"
    " photography photo knitting sewing poetry writing calligraphy",
    "country countries abroad travel traveled travelled trip trips": "spain england france germany italy"
    " portugal greece ireland scotland netherlands sweden norway japan china korea india thailand vietnam"
    " mexico canada brazil argentina peru australia egypt morocco kenya turkey russia iceland",
    "europe european": "spain england france germany italy portugal greece ireland scotland netherlands"
    " sweden norway switzerland austria poland iceland belgium denmark",
    "state states": "california oregon washington texas florida new york colorado arizona nevada utah alaska"
    " hawaii michigan ohio illinois georgia carolina virginia massachusetts montana",
    "holiday holidays celebration celebrate": "christmas thanksgiving easter halloween birthday anniversary"
    " hanukkah diwali eid wedding",
    "job career work profession": "nurse teacher doctor engineer developer programmer lawyer chef designer"
    " architect banker manager barista accountant counselor artist writer",
    "book books read reading": "novel novels author story stories library",
    "food meal dish cuisine": "pizza pasta sushi tacos burger salad soup cake cookies bread curry",
    "music musical": "band concert song songs album singer singing guitar piano gig festival playlist",
    "movie movies film films show shows": "cinema netflix series documentary trailer actor actress",
    "school education study studies": "school college university class classes course degree edu teacher exam"
    " homework semester graduate",
    "relationship dating partner": "boyfriend girlfriend partner husband wife dating married marriage engaged"
    " single divorce",
    "charity volunteer volunteering cause causes": "shelter charity donate donated donation fundraiser"
    " volunteer nonprofit drive",
    "faith religion religious": "church temple mosque synagogue faith pray prayer bible",
    "relax relaxing destress unwind stress": "relax calm therapy meditation meditate yoga bath nap peaceful",
    "injury injured hurt health": "broke broken sprained injury surgery hospital pain sick",
}


@cache
def broader() -> dict[str, frozenset[str]]:
    """Each particular word's English stem -> the stems of the general words of its groups."""
    found: dict[str, set[str]] = {}
    for general, particular in _GROUPS.items():
        heads = {tokens.stem(w, "en") for w in general.split()}
        for word in particular.split():
            found.setdefault(tokens.stem(word, "en"), set()).update(heads)
    return {term: frozenset(heads - {term}) for term, heads in found.items()}


def keys(terms: list[str], lang: str) -> list[str]:
    """The general words that ``terms`` (stems of one message in ``lang``) stand for, once each."""
    if lang != "en":
        return []
    table = broader()
    return sorted({head for term in terms for head in table.get(term, ())})
