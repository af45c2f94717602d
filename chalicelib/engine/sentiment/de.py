"""German sentiment words, negators and intensifiers (a stem ends with *, a phrase joins words with _)."""

from __future__ import annotations

from chalicelib.engine.sentiment.scoring import build

LEXICON = build(
    """
3.2 liebe lieben liebt liebst vergöttere
3 wunderbar* wundervoll* großartig* grossartig* fantastisch* phantastisch* hervorragend* ausgezeichnet* perfekt*
3 ans_herz_gewachsen
3 genial* herrlich* traumhaft* glücklich* gluecklich* begeistert* bravo glückwunsch* glueckwunsch* gratuliere
3 toll tolle toller tolles tollen unglaublich_gut wahnsinn*
2.5 schön* schoen* super freue freust freut freuen freude freudig* glück lieb liebe_grüße liebevoll* geil* klasse
2.5 prima beste besten bester bestes mega hammer spitze klasse_sache
2.3 froh frohe stolz* dankbar* erleichtert*
2 mag magst mögen gefällt gefallen gefiel danke dank dankeschön vielen_dank lustig* witzig* spaß* spass* haha*
2 nett nette netter nettes netten freundlich* süß* suess* lecker* cool* wow yay hurra erfolg* gewonnen
2 besser angenehm* gemütlich* gemuetlich* spannend* interessant* lachen lache lacht
1.9 gut gute guter gutes guten
1.5 gern gerne entspannt* hoffnung hoffe okay ok ruhig* zufrieden*
0 guten_morgen guten_tag guten_abend gute_nacht lieblings*
2.5 liebling* hoffnungsvoll*
-0.8 entschuldigung sorry
-1 allein alleine
-1.2 leid leider
-1.5 problem* schade krank* tränen traenen nervös* nervoes* vermisse vermiss* peinlich* verloren
-1.8 müde muede langweilig* langweil* sorge sorgen besorgt* weh
-2 schmerz* angst ängstlich* aengstlich* stress* gestresst* hässlich* haesslich* weine weinen weinte weint übel
-2 mich_in_ruhe nerv* schief*
-2 nervig* ärger* aerger* einsam*
-2.3 sauer erschöpft* erschoepft* leiden leide
-2.5 schlecht* schlimm* mies* traurig* trauer* doof* blöd* bloed* dumm* genervt* frustriert* enttäusch* zerstört*
-2.5 kann_nicht_mehr halte_es_nicht
-2.5 enttaeusch* nutzlos* versagt* katastroph* mist verdammt*
-2.8 deprimiert* depress*
-3 hasse hasst hassen hass furchtbar* schrecklich* grauenhaft* grauenvoll* entsetzlich* scheiß* scheiss*
-3 scheiße idiot* wütend* wuetend* ekel* eklig* widerlich* unerträglich* unertraeglich* kotzt hoffnungslos*
""",
    negators="nicht kein keine keinen keiner keinem keines nie niemals nichts ohne kaum weder",
    after_negators="nicht nie niemals kaum",
    intensifiers="sehr wirklich echt total so extrem super unglaublich voll richtig ganz besonders mega absolut "
                 "wahnsinnig äußerst aeusserst höchst verdammt tierisch unheimlich zu sooo soo ziemlich",
    dampeners="etwas bisschen wenig eher",
    openers="gut also na naja okay ok",
    contrast="aber doch jedoch trotzdem sondern",
    breaks="und oder weil denn dass",
)
