"""Italian rules of the safety check (see `chalicelib.engine.safety.rules` for what each tuple means)."""

# ruff: noqa: E501  (patterns are data: they read better unbroken)

from __future__ import annotations

# Folded: "più" reads "piu", "l'ho" reads "lho", "c'è" reads "ce".
_WISH = r"(?:voglio|vorrei|volevo|ho voglia di|avrei voglia di|desidero|preferirei|preferisco|penso di|sto pensando di|ho pensato di|ho deciso di|ho intenzione di|devo|sto per|mi va di|ho bisogno di)"

STEMS = (
    "mori", "muor", "mort", "farla finita", "finita", "uccid", "ammazz", "suicid", "togliermi la vita", "vita",
    "viver", "svegli", "spari", "peso", "senza di me", "mancanza", "senso", "motivo", "stanc", "addio", "buttarmi",
    "lanciarmi", "pillole", "pastiglie", "farmaci", "overdose", "tagli", "autoles", "male", "bruci", "graffi",
    "sangu", "feri", "quante", "modo", "metodo", "non ci saro", "giorno", "piu facile", "meglio", "esist",
    "ragione", "avanti", "ci fossi", "felici", "accorgerebbe", "farlo", "buttare", "medicine", "picchi", "esserci",
    "essere viv", "lanciare", "compresse", "gettarmi", "svegliarmi", "addormentarmi", "sollievo", "morissi",
    "sparissi", "preferisco", "esistere", "la vita", "impicc",
)
HUMAN_STEMS = ("uman", "persona", "bot", "robot", "ia", "intelligenza", "macchina", "programma", "vero", "vera", "reale", "qualcuno", "ver", "computer", "e un", "e una", "e un")

SUICIDAL = (
    rf"\b{_WISH} (?:solo |solamente |davvero |semplicemente )?(?:morire|farla finita|togliermi la vita|uccidermi|ammazzarmi|suicidarmi|sparire(?: per sempre| dal mondo)?|non svegliarmi piu|non esistere piu|smettere di vivere|smettere di esistere|non esserci piu|mettere fine alla mia vita|porre fine alla mia vita)\b",
    r"\bmi (?:voglio|vorrei|vado a|devo) (?:uccidere|ammazzare|suicidare|togliere la vita)\b",
    r"\b(?:mi ammazzo|mi uccido|mi suicido|farla finita|togliermi la vita|suicidarmi|uccidermi|ammazzarmi)\b",
    r"\bmi (?:tolgo|voglio togliere|vado a togliere|togliero) la vita\b",
    r"\b(?:impiccarmi|mi impicco|mi voglio impiccare)\b",
    r"\bnon (?:voglio|ho piu voglia di|riesco piu a|ce la faccio piu a) (?:piu )?(?:vivere|esistere|andare avanti a vivere|svegliarmi)\b",
    r"\b(?:la|la mia) vita non ha (?:piu )?(?:senso|nessun senso|alcun senso)\b",
    r"\bnon (?:ha|ce) (?:piu )?(?:senso|nessun senso|motivo|nessun motivo|ragione) (?:di |per |a )?(?:vivere|andare avanti|continuare a vivere|esistere)\b",
    r"\bnon (?:vedo|trovo) (?:piu )?(?:nessun |alcun )?(?:senso|motivo|ragione) (?:nella vita|nella mia vita|a vivere|di vivere|per vivere|per andare avanti)\b",
    r"\b(?:stanc[oa]|stuf[oa]) di (?:vivere|esistere|essere viv[oa]|questa vita)\b",
    r"\b(?:sarebbe|tutto sarebbe) (?:piu )?(?:facile|semplice|meglio)\b[^.!?]{0,20}\b(?:se non mi svegliassi|se morissi|se sparissi|se non ci fossi|se non esistessi|non svegliarmi|morire|sparire)\b",
    r"\b(?:starebbero|starebbe|sarebbero|vivrebbero) (?:tutti |tutte )?(?:meglio|piu felici|sollevat[ie]|tranquill[ie])\b[^.!?]{0,15}\b(?:senza di me|se (?:morissi|sparissi|non ci fossi))",
    r"\b(?:addormentarmi|dormire) e non (?:svegliarmi|risvegliarmi) (?:mai )?piu\b",
    r"\bnessuno (?:sentirebbe|sentira) la mia mancanza\b",
    r"\b(?:sollievo|meglio|piu felici|piu facile|tranquill[ie])\b[^.!?]{0,25}\bse (?:io )?(?:morissi|sparissi|non ci fossi|non esistessi)\b",
    r"\bnessuno se ne accorgerebbe se (?:morissi|sparissi|non ci fossi)\b",
    r"\bsono (?:solo )?un peso per (?:tutti|la mia famiglia|gli altri|voi|te)\b",
    r"\b(?:quando|se) non ci saro piu\b",
    r"\b(?:ho|avevo) (?:gia )?(?:scelto|deciso|pensato|pianificato|programmato) (?:il giorno|la data|come|quando|il modo|il metodo)\b[^.!?]{0,30}\b(?:morire|farla finita|togliermi la vita|uccidermi|ammazzarmi|farlo|suicidarmi)\b",
    r"\bho (?:un|gia un) piano (?:per|di) (?:morire|farla finita|togliermi la vita|uccidermi|ammazzarmi|suicidarmi)\b",
    r"\b(?:ho scritto|sto scrivendo|scrivero|ho lasciato|lascero)\b[^.!?]{0,15}\b(?:lettera|lettere|biglietto|messaggio) (?:daddio|di addio)\b",
    rf"\b(?:{_WISH}|mi voglio|mi vado a) (?:buttarmi|lanciarmi|gettarmi|buttare|lanciare) (?:da|dal|dalla|dallo|sotto|giu da|giu dal|giu dalla) (?:un |una |il |la )?(?:ponte|palazzo|finestra|balcone|tetto|treno|metro|scogliera|macchina)",
    r"\b(?:prendere|ingoiare|prendermi|mandare giu) (?:tutte le|tutte|una scatola di|un flacone di) (?:mie )?(?:pillole|pastiglie|medicine|farmaci|compresse)\b",
    r"\b(?:ho tentato|ho provato|ho cercato) (?:il suicidio|di uccidermi|di ammazzarmi|di togliermi la vita|di farla finita|a uccidermi)\b",
    r"\b(?:ho|faccio|mi vengono) (?:spesso |sempre )?(?:pensieri|idee) (?:suicidi|suicide|di morte|di farla finita)\b",
    r"\bpenso (?:spesso |sempre |continuamente )?(?:al suicidio|a morire|alla morte|a farla finita|di uccidermi)\b",
)

ALWAYS = (
    r"\bquante (?:pillole|pastiglie|compresse|mg)\b[^.!?]{0,40}\b(?:per morire|per non svegliarmi|sono letali|per unoverdose|servono per morire)\b",
    r"\b(?:modo|metodo) (?:piu )?(?:facile|veloce|indolore|sicuro|rapido) (?:per|di) (?:morire|uccidermi|suicidarmi|farla finita)\b",
    r"\b(?:sono|mi sento) (?:molto )?suicida\b",
)

SELF_HARM = (
    r"\bmi (?:taglio|tagliuzzo|ferisco|brucio|graffio|faccio del male|faccio male apposta|autolesiono|picchio)\b",
    r"\bmi sono (?:di nuovo |ancora |un.?altra volta )?(?:tagliat[oa]|ferit[oa]|bruciat[oa]|fatt[oa] del male|graffiat[oa])\b",
    r"\b(?:tagliarmi|farmi del male|ferirmi|bruciarmi|autolesionarmi|graffiarmi) (?:di nuovo|ancora|apposta|le braccia|i polsi|le gambe|le cosce|fino a sanguinare)?",
    r"\bautolesion(?:ismo|i|e|arsi)\b",
    r"\bfino a (?:sanguinare|farmi sanguinare)\b",
)

NOT_MEANT = (
    r"\b(?:muoio|morivo|sto morendo|morire|mort[oa]|moriro) (?:di|dal|dalle|dalla) (?:fame|sonno|caldo|freddo|noia|risate|ridere|vergogna|paura|sete|stanchezza|curiosita|invidia|gelosia|voglia)\b",
    r"\bda morire\b",
    r"\b(?:morire|morto|morta|morti) dal ridere\b",
    r"\bnon (?:voglio|vorrei|ho intenzione di|penso di|farei mai|mi sognerei di) (?:mai )?(?:morire|farla finita|uccidermi|ammazzarmi|farmi del male|tagliarmi|suicidarmi)\w*",
    r"\bnon mi (?:ucciderei|ammazzerei|farei del male|taglierei) mai\b",
    r"\bmi sono (?:tagliat[oa]|bruciat[oa]|ferit[oa]) (?:i capelli|un dito|il dito|la mano|con (?:il|un|la|una) (?:coltello|carta|forno|ferro|padella)|mentre|cucinando|facendo|per sbaglio|per caso|a calcio|in palestra)\b",
    r"\b(?:tagliarmi|tagliato|tagliata) (?:i capelli|la frangia|le unghie|la barba)\b",
    r"\bmi (?:ammazzo|uccido) (?:di lavoro|a studiare|a lavorare|dalle risate)\b",
    r"\b(?:vuole|vogliono|voleva|va ad?|vanno ad?) (?:ammazzarmi|uccidermi)\b",
)

FRAMES = (
    r"\b(?:nel|in questo|nel mio|durante il|durante la) (?:gioco|videogioco|videogame|livello|partita|match|server)\b",
    r"\b(?:il mio|il suo|la mia|la sua|il) (?:personaggio|avatar|protagonista|eroe|eroina|cattivo)\b",
    r"\b(?:boss finale|respawn|game over|giocando)\b",
    r"\b(?:nel|nella|del|della|in un|in una) (?:film|libro|romanzo|serie|storia|racconto|canzone|capitolo|episodio|anime|manga|poesia)\b",
    r"\b(?:sto scrivendo|sto leggendo|sto guardando) (?:un|una|il|la) (?:storia|romanzo|racconto|libro|serie|film|sceneggiatura)\b",
    r"\b(?:al telegiornale|al tg|secondo il tg|secondo il telegiornale|nelle notizie|sul giornale|secondo i giornali|un articolo|la notizia|le notizie|riportato|statistiche|documentario)\b",
    r"\b(?:posso|si puo|e pericoloso|e sicuro|quanto|quanta|quante|dose|devo)\b[^.!?]{0,40}\b(?:paracetamolo|tachipirina|ibuprofene|aspirina|antibiotic[oi]|farmac[oi]|medicin[ae]|mg|dose|effetti collaterali|ricetta|sciroppo)\b",
)

HUMAN = (
    r"\b(?:sei|lei e) (?:davvero |veramente |per caso )?(?:un |una |un)?(?:umano|umana|persona|bot|robot|ia|intelligenza artificiale|macchina|programma|ver[oa]|reale|persona vera|persona reale|essere umano|chatbot|computer)\b",
    r"\b(?:sto parlando|sto chattando|sto scrivendo|parlo|chatto|scrivo) con (?:un |una |un)?(?:persona|umano|essere umano|bot|robot|ia|intelligenza artificiale|macchina|programma|persona vera)\b",
    r"\be (?:un |una |un)?(?:ia|bot|robot|umano|umana|persona|macchina|programma|intelligenza artificiale|chatbot)\b\s*\?",
    r"\b(?:bot|robot|ia|macchina|programma|intelligenza artificiale) o (?:una |un )?(?:persona|umano|essere umano)\b",
    r"\b(?:persona|umano|umana|ver[oa]) o (?:un |una |un)?(?:bot|robot|ia|macchina|programma|intelligenza artificiale)\b",
    r"\bce (?:qualcuno|una persona|un umano) (?:vera |vero |reale |in carne e ossa )?(?:dietro|che risponde|che scrive|dallaltra parte)\b",
)

SEXUAL = (
    r"\b(?:sesso|sessuale|sessuali|sexy|porno|nud[oaei]|eccitante|eccitat[oa]|erotic[oaie]|arrapat[oa]|scopare|nsfw)\b",
    r"\b(?:qualcosa|storia|storie|cose|messaggi|foto|discorsi) (?:di )?(?:piccant[ei]|spint[oaie]|sporc[oaie]|osé|ose|hot|bollent[ei])\b",
    r"\b(?:fare lamore|eccitarmi|toccarmi|venire a letto con me|andare a letto con me)\b",
)
