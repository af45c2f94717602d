"""French rules of the safety check (see `chalicelib.engine.safety.rules` for what each tuple means)."""

# ruff: noqa: E501  (patterns are data: they read better unbroken)

from __future__ import annotations

# Folded: "j'ai" reads "jai", "m'en" reads "men", accents are gone.
_WISH = (r"(?:je veux|jveux|je voudrais|je veux juste|jai envie de|jai besoin de|je prefere|je prefererais|je pense a|"
         r"je pense serieusement a|jai pense a|je songe a|je vais|jvais|je compte|je suis pret[e]? a|jaimerais|"
         r"jai decide de|jai prevu de|je reve de|envie de)")

STEMS = (
    "mour", "mort", "meur", "tuer", "suicid", "vivre", "vie", "exister", "reveill", "dispar", "fardeau", "poids",
    "sans moi", "manquer", "coupe", "scarif", "mutil", "mal", "bless", "brul", "sang", "cachets", "medicaments",
    "comprimes", "overdose", "surdose", "lettre", "adieu", "sauter", "jeter", "sens", "combien", "facon", "moyen",
    "en finir", "finir", "plus la", "issue", "soulag", "partir", "jours", "etre la", "raison", "peine", "continuer",
    "mieux", "regrett", "remarquer", "personne ne", "serai", "plan", "prevu", "choisi", "decide", "lancer", "pont",
    "pilules", "avaler", "griff", "agression", "saign", "nexist", "reveil", "tout", "foutre", "solution", "heureu",
    "frapp", "interet", "crever", "tue", "tranquille", "battre", "reveiller", "me tuer", "mendormir", "soulagement",
    "mourais", "disparaissais", "cesser", "arreter", "pendre", "pends",
)
HUMAN_STEMS = ("humain", "personne", "bot", "robot", "ia", "machine", "programme", "vrai", "reel", "quelquun", "intelligence", "derriere", "repond", "ecrit", "cest", "c est", "est-ce", "estce", "serait")

SUICIDAL = (
    rf"\b{_WISH} (?:juste |simplement |vraiment )?(?:mourir|me tuer|me suicider|en finir|mettre fin a (?:mes jours|ma vie"
    r"|tout)|disparaitre(?: pour toujours| pour de bon| a jamais)?|ne plus (?:vivre|exister|me reveiller|etre la)|"
    r"metre fin a mes jours|partir pour toujours|me foutre en lair|crever)\b",
    r"\b(?:me suicider|mettre fin a mes jours|mettre fin a ma vie|me foutre en lair|je vais me tuer|jvais me tuer|je me "
    r"tue|de me tuer|a me tuer)\b",
    r"\b(?:mendormir|dormir|men aller) et ne (?:jamais|plus) (?:jamais )?(?:me )?reveiller\b",
    r"\b(?:envie|besoin|decide|prevu|choisi|pense|reve|lintention|temps) den finir\b(?! avec (?:ce|cette|ces|le|la|les|mon|ma|"
    r"mes|ton|ta|tes|son|sa|ses) (?!vie\b))",
    r"\ben finir (?:avec (?:la|ma) vie|une bonne fois|pour de bon|pour toujours|ce soir|cette nuit)\b",
    r"\bje ne (?:veux|supporte|peux) plus (?:vivre|exister|continuer a vivre|etre en vie)\b",
    r"\bj(?:e )?(?:ne )?veux plus (?:vivre|exister|me reveiller|etre la|etre en vie)\b",
    r"\b(?:je ne vois|je vois|jvois|je trouve) (?:plus |pas |aucun |plus aucun |pas de )?(?:de )?(?:sens|raison|issue|"
    r"solution|interet) (?:a |de |dans )?(?:la vie|ma vie|vivre|continuer|exister|rien)?\b(?!.{0,20}(?:probleme|exercice"
    r"|travail|devoir|film))",
    r"\bje ne vois plus (?:d|aucune )?issue\b",
    r"\b(?:me pendre|je vais me pendre|je me pends)\b",
    r"\b(?:soulagement|mieux|plus heureux|plus simple|plus facile)\b[^.!?]{0,30}\bsi je (?:mourais|disparaissais|netais plus la|nexistais plus|nexistais pas)\b",
    r"\b(?:cesser|arreter) (?:dexister|de vivre|detre en vie)\b",
    r"\bj(?:e n)?ai plus (?:envie|la force|le courage|aucune envie) de (?:vivre|continuer|me battre|exister)\b",
    r"\b(?:la|ma) vie (?:na plus|n a plus|na aucun|n a aucun|ne vaut (?:plus )?rien|ne vaut pas la peine)\b",
    r"\b(?:ca ne vaut|ca vaut) (?:plus |pas )?la peine de (?:vivre|continuer)\b",
    r"\baucune raison de (?:vivre|continuer|rester en vie)\b",
    r"\b(?:marre|fatigue[e]?|epuise[e]?|lasse?) de (?:vivre|la vie|exister|etre en vie)\b",
    r"\b(?:serait|ce serait|ca serait|tout serait) (?:plus )?(?:facile|simple|mieux)\b[^.!?]{0,20}\b(?:si je (?:ne me "
    r"reveillais|mourais|disparaissais|netais plus la|nexistais pas|partais)|de ne plus (?:me reveiller|exister|etre la)|"
    r"de mourir|de disparaitre)\b",
    r"\b(?:seraient|serait|seront|serais) (?:tous |toutes )?(?:mieux|plus heureux|plus heureuses|soulage[e]?s?|"
    r"tranquilles?)\b[^.!?]{0,20}\b(?:sans moi|si je (?:disparaissais|mourais|netais plus la|partais|nexistais plus))",
    r"\bpersonne ne (?:me regretterait|remarquerait|verrait|sen rendrait compte|pleurerait)\b",
    r"\bje (?:ne )?(?:manquerais|manquerai) a personne\b",
    r"\bje suis un (?:fardeau|poids) pour (?:tout le monde|ma famille|les autres|eux|vous|toi)\b",
    r"\b(?:quand|une fois que|lorsque) je (?:ne )?serai (?:plus la|morte?|plus en vie|parti[e]? pour de bon)\b",
    r"\bjai (?:un plan|prevu|decide|choisi|deja choisi|deja prevu|deja decide)\b[^.!?]{0,20}\b(?:quand|comment|le jour|la "
    r"date|la methode|de mourir|de me tuer|de me suicider|den finir)\b",
    r"\b(?:jai ecrit|jecris|je vais ecrire|jai laisse|jai prepare)\b[^.!?]{0,15}\b(?:lettres?|mots?) dadieu\b",
    r"\b(?:je (?:veux|vais|pense a|songe a|pensais a)|jai pense a|envie de) (?:me jeter|sauter|me lancer) (?:du|dun|de la|sous|par|depuis) (?:le |la |un"
    r" |une )?(?:pont|toit|immeuble|fenetre|balcon|train|metro|falaise|voiture)",
    r"\b(?:avaler|prendre|jai pris|jai avale) (?:tous mes|toutes mes|tous les|toutes les|une boite de|la boite de) "
    r"(?:cachets|medicaments|comprimes|pilules)\b",
    r"\b(?:jai (?:deja )?(?:essaye|tente)|jai fait une tentative) (?:de me suicider|de me tuer|den finir|de suicide)\b",
    r"\bjai (?:des |souvent des |tout le temps des )?(?:idees|pensees) (?:suicidaires|noires de mort|de mort|de suicide)\b",
    r"\bje pense (?:souvent |tout le temps |sans arret )?(?:a la mort|a mourir|au suicide|a en finir)\b",
)

ALWAYS = (
    r"\bcombien de (?:cachets|medicaments|comprimes|pilules|mg)\b[^.!?]{0,40}\b(?:pour )?(?:mourir|me tuer|ne pas me "
    r"reveiller|etre mortel|une overdose)\b",
    r"\b(?:facon|maniere|moyen|methode) (?:la plus |le plus )?(?:facile|rapide|indolore|sure|efficace) (?:de|pour) "
    r"(?:mourir|me tuer|me suicider|en finir)\b",
    r"\bje suis (?:tres )?suicidaire\b",
)

SELF_HARM = (
    r"\bje me (?:coupe|scarifie|mutile|brule|blesse|griffe|frappe|fais du mal|fais mal expres)\b",
    r"\bje me suis (?:encore |de nouveau |a nouveau )?(?:coupe[e]?|scarifie[e]?|mutile[e]?|brule[e]?|fait du mal|"
    r"blesse[e]? expres|griffe[e]? jusqu)",
    r"\b(?:me couper|me scarifier|me mutiler|me faire du mal|me bruler|me blesser) (?:encore|a nouveau|de nouveau|expres|"
    r"les bras|les poignets|les cuisses|la peau|jusquau sang)?",
    r"\b(?:recommence|replonge|rechute) (?:a|dans) (?:me scarifier|me couper|la scarification|lautomutilation|me faire du"
    r" mal)\b",
    r"\b(?:scarification|automutilation|auto.?mutil|auto.?agression)s?\b",
    r"\bjusqua (?:ce que ca saigne|saigner)\b",
)

NOT_MEANT = (
    r"\b(?:je meurs|jmeurs|je mourais|mourir|mort[e]?s?|je suis mort[e]?|crever|je creve) de (?:faim|rire|soif|fatigue|"
    r"froid|chaud|honte|envie|ennui|peur|jalousie|curiosite|impatience)\b",
    r"\b(?:mort[e]?|morte?s?) de rire\b",
    r"\b(?:je vais|jvais|il va|elle va|ils vont) (?:mourir|me tuer|crever) (?:de|si)\b",
    r"\b(?:ca me tue|ca va me tuer|tu me tues|il va me tuer|elle va me tuer|mon patron va me tuer)\b",
    r"\b(?:je ne veux pas|jveux pas|je veux pas|je ne vais pas|je vais pas|je nai pas envie de|jai pas envie de|je ne "
    r"compte pas|je ne pense pas a|jamais je ne) (?:mourir|me tuer|me suicider|me faire du mal|me couper|en finir|me "
    r"scarifier)\w*",
    r"\bje ne (?:me )?(?:ferais|ferai) jamais\b[^.!?]{0,20}",
    r"\b(?:je me suis|je me) (?:coupe[e]?|brule[e]?|blesse[e]?) (?:le|la|les|un|une) (?:doigt|doigts|cheveux|main|frange|"
    r"ongles?|langue)\b",
    r"\b(?:coupe[e]?|brule[e]?|blesse[e]?|me couper|me bruler|me blesser) (?:les cheveux|en cuisinant|en me rasant|avec (?:du"
    r"|un|une|le|la) (?:papier|couteau|four|fer|poele|huile)|par accident|sans faire expres|au (?:foot|sport|travail))\b",
    r"\bme tuer (?:a la tache|au travail|a bosser)\b",
    r"\b(?:va|vont|allait|allaient|veut|veulent|voulait) me tuer\b",
)

FRAMES = (
    r"\b(?:dans|pendant) (?:le|la|ce|cette|mon|ma|un|une) (?:jeu|jeu video|partie|match|niveau|mission|serveur)\b",
    r"\b(?:mon|ma|son|sa|le|la) (?:personnage|perso|avatar|heros|heroine|mechant|protagoniste)\b",
    r"\b(?:boss final|dernier boss|respawn|game over|jouant|en jouant)\b",
    r"\b(?:dans|du|de la) (?:le |la |ce |cette |un |une |mon |ma )?(?:film|serie|roman|livre|histoire|conte|chanson|"
    r"piece|chapitre|episode|anime|manga|poeme|bd)\b",
    r"\bj(?:e )?(?:ecris|lis|regarde) (?:un|une|mon|ma|le|la) (?:histoire|roman|nouvelle|scenario|livre|serie|film)\b",
    r"\b(?:aux|au|dans les|selon les|d'apres les|dapres les) (?:infos|informations|nouvelles|journal|actualites|"
    r"journaux|article)\b",
    r"\b(?:selon|dapres|les medias|statistiques|documentaire|un article)\b",
    r"\b(?:ma|mon|sa|son) (?:cousine?|oncle|tante|grand.?pere|grand.?mere|frere|soeur|ami[e]?|voisin[e]?|collegue|mere|"
    r"pere|papa|maman)\b[^.!?]{0,40}\b(?:il y a (?:des|quelques|plusieurs|\d+) ans|autrefois|jadis|en (?:19|20)\d\d)\b",
    r"\b(?:est.?ce que je peux|je peux|peut.?on|on peut|est.?ce dangereux|est.?il dangereux|combien|dose|faut.?il)\b"
    r"[^.!?]{0,40}\b(?:paracetamol|doliprane|ibuprofene|aspirine|antibiotiques?|medicaments?|mg|dose|posologie|effets "
    r"secondaires|ordonnance|sirop)\b",
)

HUMAN = (
    r"\b(?:tu es|t es|tes|es.?tu|etes.?vous|vous etes) (?:un |une |vraiment |reellement )*(?:robot|bot|humain[e]?|"
    r"personne|ia|intelligence artificielle|machine|programme|vrai[e]?|reel(?:le)?|chatbot|etre humain|vraie personne)\b",
    r"\b(?:je parle|je discute|je chatte|je suis en train de parler|on parle|je cause) (?:avec|a) (?:un |une )?(?:ia|"
    r"humain|robot|bot|machine|vraie personne|personne reelle|programme|intelligence artificielle|quelquun de reel)\b",
    r"\b(?:cest|c est|est.?ce|ce serait) (?:un |une )?(?:ia|bot|robot|humain|vraie personne|machine|programme|chatbot)\b\s*\?",
    r"\b(?:robot|bot|ia|machine|programme|intelligence artificielle) ou (?:un |une )?(?:humain[e]?|personne|vraie "
    r"personne|etre humain)\b",
    r"\b(?:humain[e]?|personne|vrai[e]?) ou (?:un |une )?(?:robot|bot|ia|machine|programme)\b",
    r"\b(?:qu)?il y a (?:quelquun|une personne|un humain|une vraie personne|un etre humain) (?:derriere|qui (?:repond|ecrit|tape))\b",
    r"\by a.?t.?il (?:quelquun|une personne|un humain|une vraie personne) (?:derriere|qui (?:repond|ecrit))\b",
)

SEXUAL = (
    r"\b(?:sexe|sexuel(?:le)?s?|sexy|porno|pornographique|nue|nues|toute nue|tout nu|a poil|erotique|excite[e]?|excitant[e]?|nudes|nsfw|"
    r"obscene|cochonneries|coquin[e]?s?|chaud[e]? comme|bander|mouiller)\b",
    r"\b(?:histoire|truc|trucs|chose|choses|message|messages|photo|photos|conversation) (?:bien |tres )?(?:coquin[e]?s?|"
    r"chaud[e]?s?|sale|sales|hot|osee?s?|epice[e]?s?|torride|cochon(?:ne)?s?)\b",
    r"\b(?:parler de cul|plan cul|de cul)\b",
    r"\b(?:faire lamour|coucher avec (?:moi|toi)|me toucher|memoustiller|mallumer|tu mexcites)\b",
)
