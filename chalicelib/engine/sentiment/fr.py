"""French sentiment words, negators and intensifiers (a stem ends with *, a phrase joins words with _)."""

from __future__ import annotations

from chalicelib.engine.sentiment.scoring import build

LEXICON = build(
    """
3.2 adore adores adorent adoré adorée adorer ador* t_aime je_t_aime vous_aime
3 génial géniale géniaux géniales genial* magnifique* merveill* formidable* fantastique* excellent* parfait*
3 extraordinaire* heureux heureuse heureuses ravi ravie ravis ravies bravo félicit* felicit* sublime* splendide*
3 incroyable* superbe* meilleur_ami meilleure_amie
2.5 aime aimes aiment aimé aimée aimer amour amoureu* joie joyeu* plaisir chouette* kiffe* délicieu* delicieu*
2.5 super meilleur meilleure meilleurs meilleures magique* passionnant* enthousias* fier_de fière_de
2.3 reconnaissant* fier fière fiers fières soulagé* émerveill*
2 plaît plait plu sympa sympathique* gentil* beau belle beaux belles joli* content contente contents contentes
2 merci drôle* marrant* rigol* haha* mdr lol cool top bisou* câlin* calin* chaleureu* amusant* agréable*
2 agreable* enchanté* enchante* sourire* souri* réussi* reussi* doux douce tendre* passionné* ouf
1.8 bon bonne bons bonnes
1.5 bien pas_mal intéressant* interessant* détendu* detendu* espoir chance confiant* mieux
1 calme tranquille* ok
0 s_il_te_plaît s_il_vous_plaît s_il_te_plait s_il_vous_plait bonjour bonsoir bon_ben ça_va ca_va contenu* contenir
0 bien_sûr bien_sur eh_bien
-0.8 désolé désolée desole desolee pardon
-1 seul seule
-1.5 problème* probleme* dommage hélas helas malade* larmes honte jaloux jalouse nerveu* manque manques perdu
-1.5 pas_terrible inquièt* inquiet* bof
-1.8 fatigué* fatigue* ennui ennuie ennuyeu* ennuy*
-2 mal douleur* peur crevé* crevée* moche* stress* stressé* agacé* agac* galère* galere* solitude moi_la_paix
-2 sert_à_rien sers_à_rien
-2 laisse-moi_tranquille
-2 pleur* triste_à_mourir
-2.3 épuisé* epuise* anxi* souffr* marre
-2.5 triste tristes tristesse mauvais* pire pires nul nulle nuls nulles naze* pourri* énervé* enerve* fâché* énerv*
-2.5 peux_plus peut_plus
-2.5 enerv*
-2.5 colère colere frustr* déçu* decu* décevant* decevant* déception* deception* inutile* débile* debile* chiant*
-2.5 angoiss* catastroph* effray* con conne cons
-2.8 déprim* deprim* dépression depression anéanti* effondré*
-3 déteste détestes détestent détester détesté détest* detest* hais hait haine horrible* affreu* terrible*
-3 malheureu* stupide* idiot* merde horreur insupportable* dégoût* degout* dégueu* degueu* furieu* abominable*
""",
    negators="ne n pas jamais rien personne aucun aucune sans ni non guère",
    after_negators="pas jamais rien plus",
    intensifiers="très tres vraiment trop tellement si super hyper extrêmement extremement complètement "
                 "totalement vachement grave tant absolument profondément énormément carrément beaucoup fort",
    dampeners="peu assez plutôt légèrement",
    openers="bon bien bref enfin",
    contrast="mais pourtant cependant",
    breaks="et ou parce que qui car",
)
