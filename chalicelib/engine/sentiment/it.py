"""Italian sentiment words, negators and intensifiers (a stem ends with *, a phrase joins words with _)."""

from __future__ import annotations

from chalicelib.engine.sentiment.scoring import build

LEXICON = build(
    """
3.2 amo ami ama adoro adori adora ador* ti_amo voglio_bene vi_voglio_bene innamorat*
3 ottim* fantastic* meraviglios* meraviglia stupend* magnific* eccezional* perfett* splendid* favolos* geniale
3 geniali felice felici felicità felicissim* congratulazioni incredibil* entusiast* straordinari* miglior_amic*
2.5 amore bravo brava bravi brave benissimo bellissim* gioia gioios* allegr* complimenti auguri evviva delizios*
2.5 squisit* mitico mitica mitici mitiche entusiasmat* emozionant* grandios*
2.3 emozionat* divertent* orgoglios* riconoscent*
2 piace piacciono piaciuto piaciuta piaciuti piacere piacerebbe bell* carin* dolce dolci gentil* simpatic*
2 contento contenta contenti contente grazie grato grata divert* spiritos* ahah* haha* successo sorris* ride
2 ridere migliore migliori top wow figo fico forte fortissim* caro cara soddisfatt* comodo
1.9 buono buona buoni buone buon
1.5 bene meglio tranquill* rilassat* sereno serena speranza fortuna spero ok okay
0 buongiorno buonasera buonanotte bello_mio belle_arti contenuto* bene_o_male
-0.5 scusa scusami scusate
-1.5 problem* peccato purtroppo lacrime vergogna gelos* nervos* malat* manchi mi_manca preoccup* perso
-1.8 stanc* preoccupat* noios* annoi*
-2 male mal dolore fa_male paura spaventat* stress* stressat* solitudine fastidio infastidit* uffa innervos*
-2 lasciami_in_pace
-2 piang* pianto
-2.3 ansia ansios* esaust* soffr* sfortun*
-2.5 trist* brutt* cattiv* peggio peggiore peggiori arrabbiat* frustrat* delus* inutil* scem* disastro* palle
-2.5 non_ce_la
-2.5 fallit* fallimento
-2.5 giù_di_morale
-2.5 distrutt*
-2.8 depress*
-3 odio odi odia odiano odiare odiato detest* orribil* terribil* schif* pessim* incazzat* furios* stupid*
-3 idiot* cretin* merda insopportabil* disgustos*
""",
    negators="non mai né nessun nessuno nessuna niente nulla senza neanche nemmeno neppure mica",
    intensifiers="molto davvero tanto tanta tantissimo troppo proprio così cosi super estremamente veramente "
                 "assolutamente incredibilmente parecchio particolarmente davvero profondamente",
    dampeners="poco abbastanza piuttosto",
    openers="bene allora beh ok",
    contrast="ma però pero tuttavia eppure",
    breaks="e o perché perche che",
)
