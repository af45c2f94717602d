"""Portuguese sentiment words, negators and intensifiers (a stem ends with *, a phrase joins words with _)."""

from __future__ import annotations

from chalicelib.engine.sentiment.scoring import build

LEXICON = build(
    """
3.2 amo amei amar ama amamos amou amando adoro adora adorei ador* apaixonad* te_amo
3 maravilhos* maravilha incrível incrivel incríveis fantástic* fantastic* excelente* ótimo ótima ótimos ótimas
3 otimo otima perfeit* feliz felizes felicidade parabéns parabens sensacional espetacular* magnífic* melhor_amig*
2.5 amor lindo linda lindos lindas lindíssim* alegr* delícia delicia delicios* gostos* empolgad* carinh* show
2.5 curti curtindo curtir curtiu curte maneir*
2.3 agradecid* agradeç* agradec* divertid* orgulhos* animad* aliviad* orgulho
2 gosto gosta gostam gostei gostou gostamos gostar gostaria gostando bonit* legal bacana top obrigado obrigada
2 obrigad* valeu grato grata engraçad* kkk* haha* rsrs querid* fof* gentil* simpátic* simpatic* contente
2 contentes sucesso sorri* sorriso* uau melhor melhores
1.9 bom boa bons boas
1.5 bem calm* tranquil* relaxad* paz esperança esperanca sorte beleza ok consegui conseguimos
0 bom_dia boa_tarde boa_noite tudo_bem tudo_bom
-0.8 desculpa desculpe
-1.2 saudade saudades sozinh*
-1.5 problema* pena infelizmente lágrimas lagrimas vergonha ciúme* ciume* nervos* doente* preocup* perdi
-1.8 cansad* preocupad* tédio tedio entediad*
-2 mal dor dói doi medo assustad* estressad* estresse chat* chato chata chatos chatas feio feia feios feias
-2 deixa_em_paz deixe_em_paz
-2 chor* solidão solidao droga porra
-2.3 ansiedade ansios* exaust* sofr* magoad* irrit*
-2.5 ruim ruins mau má maus más pior piores trist* raiva furios* frustrad* decepcion* inútil* inutil* burr*
-2.5 não_aguento_mais nao_aguento_mais
-2.5 fracass* desastre* irritad*
-2.8 depressão depressao arrasad* destruíd*
-3 odeio odeia odiar odiei odio detest* horrível horrivel horríveis horriveis terrível terrivel terríveis
-3 péssim* pessim* nojo nojent* deprimid* estúpid* estupid* idiota* merda insuportáve* insuportav* infeliz*
""",
    negators="não nao nunca jamais nem nada nenhum nenhuma sem ninguém ninguem",
    intensifiers="muito muita muitos muitas tão tao super realmente bastante extremamente totalmente demais "
                 "mega bem incrivelmente profundamente tanto",
    dampeners="pouco meio",
    openers="bom bem beleza ok",
    contrast="mas porém porem contudo entretanto todavia",
    breaks="e ou porque que",
)
