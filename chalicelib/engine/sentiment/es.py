"""Spanish sentiment words, negators and intensifiers (a stem ends with *, a phrase joins words with _)."""

from __future__ import annotations

from chalicelib.engine.sentiment.scoring import build

LEXICON = build(
    """
3.2 encanta encantan encantó encantaba encantaría adoro adoras adora adoramos ador* amo amas te_quiero os_quiero
3.2 enamorad* fascin*
3 maravill* fantástic* fantastic* excelent* perfect* genial geniales estupend* magnífic* magnific* espectacular*
3 feliz felices felicidad felicidades enhorabuena increíble increíbles increible* buenísim* buenisim*
3 precios* emocionant* espléndid* fenomenal* alucinante* me_alegro
2.5 amor querid* hermos* alegr* disfrut* cariñ* ilusion* guay mola molan chulo chula chulos chulas top
2.3 emocionad* agradecid* divertid* orgullos* bendit*
2 gusta gustan gustó gustaba gustaría gusto encantad* bonit* lind* guap* gracias agradezco amable amables dulce
2 qué_ganas que_ganas muchas_ganas
2 gracios* jaja* jeje* mejor mejores éxito exitos* ánimo suerte sonrisa* sonrí* risa* reír simpátic* simpatic*
2 content* satisfech* valiente* fuerte* delicios* rico rica ricos ricas cómod* comod* bravo
1.9 bueno buena buenos buenas
1.5 bien tranquil* relajad* paz esperanza ojalá vale tierno tierna calma conseguí
0 buenas_noches buen_día bueno_pues me_da_igual da_igual sin_embargo contenido* contenedor* gustavo
-0.5 perdón perdona lo_siento
-1.5 problema* lament* nervios* pena preocupa preocupan vergüenza celos* lágrimas enferm* echo_de_menos
-1.5 pesado pesada pesados
-1.5 extraño_mucho perdí
-1.5 lástima desafortunadamente
-1.8 cansad* preocupad* aburrid* aburr*
-2 mal dolor duele duelen miedo asustad* agotad* estresad* estrés soledad molest* feo fea feos feas agobiad*
-2 déjame_en_paz dejame_en_paz
-2 llor* amargad* tont* joder pesadilla*
-2.3 ansiedad ansios* sufr*
-2.5 malo mala malos malas peor peores triste tristes tristeza enfadad* enojad* harto harta hartos hartas
-2.5 no_puedo_más no_aguanto_más no_puedo_mas
-2.5 hecho_polvo hecha_polvo
-2.5 hasta_las_narices hasta_el_moño siento_solo siento_sola
-2.5 frustrad* frustr* decepcion* inútil* inutil* rabia desastre* desgraci* maldit* mala_suerte odioso odiosa
-2.8 depresión
-3 odio odias odia odian odiar odiaba odié detest* horribl* terribl* pésim* pesim* asco asquer* deprimid* destrozad*
-3 furios* estúpid* estupid* idiota* mierda horror insoportable* fatal* imbécil*
""",
    negators="no nunca jamás jamas ni tampoco nada nadie sin ningún ninguna ninguno",
    intensifiers="muy tan súper super realmente bastante demasiado increíblemente increiblemente totalmente "
                 "sumamente tremendamente mucho muchísimo muchisimo especialmente verdaderamente re bien",
    dampeners="poco algo apenas medio",
    openers="bueno bien vale pues",
    contrast="pero aunque sino",
    breaks="y o porque que",
)
