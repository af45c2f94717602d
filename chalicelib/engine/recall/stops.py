"""Function words per language: left out of the recall index and used to guess a text's language."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Short lists of the commonest function words, written for this project. A word listed here carries
# no topic, so neither a message nor a question is matched on it.
STOP_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "a an the and or but if of to in on at by for with from about into over after before than then so as is"
        " am are was were be been being have has had do does did doing i me my mine we us our you your yours he"
        " him his she her hers it its they them their this that these those there here what which who whom whose"
        " when where why how not no nor too very can could would should will shall may might must just also"
        " all any some each both more most much many such own same other only up down out off again once s t"
        " d ll m re ve don didn doesn isn wasn aren weren haven hasn hadn won wouldn shouldn couldn can't"
        " oh yeah hey hi ok okay really well like get got go going gonna thing things lot"
    ),
    "es": _words(
        "el la los las un una unos unas y o pero si de del al a en por para con sin sobre entre que qué quien"
        " quién cuando cuándo donde dónde como cómo es son era fue ser estar está están estaba he ha han había"
        " hay yo me mi mis tú te tu tus él ella nos nosotros vosotros ellos ellas le les lo se su sus este esta"
        " esto estos estas ese esa eso muy más menos ya no sí también porque cual cuál"
    ),
    "fr": _words(
        "le la les un une des et ou mais si de du au aux à en dans par pour avec sans sur sous entre que qui quoi"
        " quand où comment est sont était été être avoir ai as a avons avez ont je me moi mon ma mes tu te toi"
        " ton ta tes il elle nous vous ils elles lui leur leurs se son sa ses ce cet cette ces ne pas plus très"
        " aussi car donc y c j l d n s qu"
    ),
    "de": _words(
        "der die das den dem des ein eine einen einem einer und oder aber wenn von zu im in an auf bei für mit"
        " aus über unter nach vor als wie was wer wann wo warum ist sind war waren sein bin bist hat habe hast"
        " haben hatte ich mich mir mein meine du dich dir dein deine er ihn ihm sie es wir uns unser ihr euch"
        " nicht kein keine auch sehr noch schon nur so dass man"
    ),
    "it": _words(
        "il lo la i gli le un uno una e o ma se di del della dei delle a al alla ai da in nel nella con su per"
        " tra fra che chi cosa quando dove come è sono era erano essere ho hai ha abbiamo avete hanno io mi me"
        " mio mia miei tu ti tuo tua lui lei noi vi voi loro si suo sua questo questa quello quella non più"
        " molto anche perché già l c"
    ),
    "pt": _words(
        "o a os as um uma uns umas e ou mas se de do da dos das ao à em no na nos nas por para com sem sobre"
        " que quem quando onde como é são era foi ser estar está estão tenho tem têm eu me mim meu minha você"
        " te teu tua ele ela nós vocês eles elas lhe seu sua este esta isto esse essa isso muito mais não sim"
        " também porque já"
    ),
    "ru": _words(
        "и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было"
        " вот от меня еще нет о из ему теперь когда даже ну ли если уже или ни быть был него до вас нибудь"
        " опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была"
        " сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним"
        " здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об"
        " другой хоть после над больше тот через эти нас про всего них какая много разве три эту моя впрочем"
        " хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между"
    ),
}

ALL_STOP_WORDS: frozenset[str] = frozenset().union(*STOP_WORDS.values())
