"""Spanish rules of the safety check (see `chalicelib.engine.safety.rules` for what each tuple means)."""

# ruff: noqa: E501  (patterns are data: they read better unbroken)

from __future__ import annotations

_WISH = (r"(?:quiero|quisiera|queria|deseo|necesito|tengo ganas de|me dan ganas de|prefiero|pienso en|pensando en|"
         r"he pensado en|pense en|planeo|voy a|iba a|estoy por|ojala pudiera|quiero simplemente|solo quiero)")

STEMS = (
    "muer", "morir", "muri", "matar", "mato", "suicid", "vivir", "viviendo", "vida", "existir", "despert",
    "desaparec", "carga", "sin mi", "extran", "echaria", "cort", "dano", "lastim", "autoles", "quem", "sangr",
    "golpe", "pastillas", "sobredosis", "despedida", "tirarme", "sentido", "cuant", "forma de", "manera de",
    "acabar", "terminar", "fin a", "no estar", "dejar de", "nacido", "seguir", "vivo", "viva", "notaria", "nadie",
    "plan", "pensado", "decidido", "elegido", "carta", "nota", "tirar", "lanzar", "arrojar", "aventar", "puente",
    "pildoras", "medicin", "medicament", "rasgun", "cuando", "viv", "existiera", "aqui", "cuenta", "escog",
    "siempre", "este", "estuviera", "dormir", "volvi", "vuelto", "vuelvo", "volvere", "volviste", "del", "alivio",
    "mejor", "felices", "facil", "tranquil", "para cuando", "prefiero", "preferiria", "quitar la vida", "ahorc",
)
HUMAN_STEMS = ("persona", "human", "bot", "robot", "ia", "maquina", "programa", "real", "alguien", "de verdad", "inteligencia", "gente")

SUICIDAL = (
    rf"\b{_WISH} (?:ya |solo |simplemente )?(?:morir(?:me)?|estar muert[oa]|matarme|suicidarme|quitarme la vida|"
    r"acabar con (?:mi vida|todo|esto de una vez)|terminar con (?:mi vida|todo)|poner(?:le)? fin a (?:mi vida|todo)|"
    r"desaparecer(?: para siempre| del mundo)?|dejar de (?:vivir|existir)|no despertar(?:me)?|no estar (?:aqui|mas))\b",
    r"\bme (?:quiero|voy a|gustaria|quisiera) (?:morir|matar|suicidar)\b",
    r"\b(?:suicidarme|matarme|quitarme la vida|me suicido|me matare|me voy a suicidar)\b",
    r"\bme (?:voy a |quiero |pienso |vaya a |vaya |puedo )?quitar la vida\b",
    r"\b(?:ahorcarme|me voy a ahorcar|me quiero ahorcar|me ahorco)\b",
    r"\bojala (?:me muriera|estuviera muert[oa]|no despertara|no hubiera nacido|desapareciera|no existiera)\b",
    r"\bno (?:quiero|puedo) (?:seguir )?(?:vivir|viviendo|existir|despertar(?:me)?)\b",
    r"\bya no (?:quiero|puedo) (?:seguir aqui|seguir viv[oa]|estar aqui|estar en este mundo|estar viv[oa])\b",
    r"\bno (?:le )?(?:veo|encuentro|tiene) (?:ningun |el )?sentido (?:a |de |en )?(?:la vida|vivir|seguir(?: viviendo)?|"
    r"mi vida|existir|nada)\b",
    r"\b(?:la|mi) vida no (?:tiene sentido|vale (?:la pena|nada))\b",
    r"\bno (?:vale la pena|tiene sentido) (?:seguir )?(?:vivir|viviendo|seguir)\b",
    r"\bno tengo (?:ninguna |ningun )?(?:razon(?:es)?|motivos?|ganas) (?:para|de) (?:vivir|seguir(?: viviendo)?)\b",
    r"\b(?:cansad[oa]|hart[oa]) de (?:vivir|la vida|existir|estar viv[oa])\b",
    r"\b(?:seria|es|seria todo|todo seria) (?:mas )?(?:facil|mejor)\b[^.!?]{0,20}\b(?:no despertar|si no despertara|"
    r"si me muriera|si no existiera|si desapareciera|si no estuviera|morirme|desaparecer|no existir|no estar)\b",
    r"\b(?:estarian|estaria|vivirian|serian) (?:todos )?(?:mejor|mas felices|aliviad[oa]s?|tranquil[oa]s?)\b[^.!?]{0,15}"
    r"\b(?:sin mi|si (?:yo )?(?:me muero|me muriera|desapareciera|no estuviera|no existiera|me voy para siempre))",
    r"\bdormir(?:me)? y no (?:volver a )?despertar(?:me)?\b",
    r"\b(?:alivio|mejor|mas felices|mas facil|tranquil[oa]s?)\b[^.!?]{0,25}\bsi (?:yo )?(?:me muriera|me muero|muriera|desapareciera|no existiera|no estuviera)\b",
    r"\bpara cuando (?:ya )?no (?:este|estuviera)\b",
    r"\b(?:mejor|prefiero|preferiria|preferiría) (?:me muero|morirme|morir|estar muert[oa])\b",
    r"\b(?:nadie|ninguno) (?:me )?(?:extranaria|echaria de menos|notaria|se daria cuenta)\b",
    r"\bsoy una carga (?:para|a) (?:todos|todo el mundo|mi familia|ellos|los demas)\b",
    r"\b(?:cuando|si) (?:ya )?no (?:este|estuviera) (?:viv[oa]|aqui|en este mundo)\b",
    r"\b(?:tengo|hice|he hecho) (?:un |el )?plan (?:para|de) (?:matarme|suicidarme|morir|quitarme la vida|acabar)",
    r"\b(?:ya )?(?:tengo|he) (?:pensado|planeado|decidido|elegido|escogido)\b[^.!?]{0,15}\b(?:como y cuando|cuando y "
    r"como|el dia|la fecha|la forma|el metodo|como hacerlo|cuando hacerlo)\b",
    r"\b(?:escribi|escribiendo|escribo|deje|dejare|voy a dejar|tengo lista)\b[^.!?]{0,15}\b(?:carta|cartas|nota|notas)"
    r" (?:de despedida|de suicidio|para cuando me vaya)\b",
    rf"\b(?:{_WISH}|me voy a) (?:tirarme|lanzarme|aventarme|arrojarme|tirar) (?:del|de|desde|por|a|al|bajo|frente a) "
    r"(?:un |una |el |la |las |los )?(?:puente|edificio|ventana|balcon|azotea|tren|vias|metro|precipicio|coche|camion)",
    r"\b(?:tomarme|tragarme|me voy a tomar|tomar|quiero tomar) (?:todas|todas las|todas mis|un bote de|una caja de)"
    r" (?:las |mis )?(?:pastillas|pildoras|medicinas|medicamentos)\b",
    r"\b(?:intente|he intentado|intentaba|trate de) (?:suicidarme|matarme|quitarme la vida|acabar con mi vida)\b",
    r"\b(?:tengo|me vienen|tener) (?:pensamientos|ideas) (?:suicidas|de (?:muerte|morir|suicidio|matarme))\b",
    r"\bpienso (?:mucho |todo el tiempo |siempre )?en (?:la muerte|morir(?:me)?|el suicidio)\b",
)

ALWAYS = (
    r"\bcuant[ao]s? (?:pastillas|pildoras|mg|gramos)\b[^.!?]{0,40}\b(?:para )?(?:morir|matarme|no despertar|"
    r"ser mortal|una sobredosis)\b",
    r"\b(?:forma|manera|metodo) (?:mas )?(?:facil|rapida|indolora|segura|efectiva) (?:de|para) (?:morir|matarme|"
    r"suicidarme|quitarme la vida)\b",
    r"\b(?:estoy|me siento) (?:muy )?suicida\b",
)

SELF_HARM = (
    r"\bme (?:corto|corte|he cortado|estoy cortando|vuelvo a cortar|volvi a cortar|sigo cortando|lastimo|lastime|"
    r"autolesiono|hago cortes|quemo|queme|rasguno|golpeo)\b",
    r"\b(?:cortarme|lastimarme|autolesionarme|hacerme dano|hacerme cortes|quemarme) (?:otra vez|de nuevo|a proposito|"
    r"los brazos|las munecas|las piernas|los muslos|la piel|hasta sangrar)?",
    r"\bme hago dano\b",
    r"\b(?:me )?(?:volvi|he vuelto|vuelvo|volvere|volviste) a (?:hacerme dano|hacer dano|cortarme|cortar|lastimarme|lastimar|autolesionarme|quemarme|quemar)\b",
    r"\b(?:cortandome|lastimandome|haciendome dano|haciendome cortes|autolesionandome|quemandome)\b",
    r"\bautolesion(?:es|arme)?\b",
    r"\bhasta (?:que )?(?:sangr(?:ar|e|o))\b",
)

NOT_MEANT = (
    r"\b(?:me muero|muero|me moria|me mori|muriendome|morirme|morir|muert[oa]s?|me quiero morir|casi me muero) de "
    r"(?:risa|hambre|sueno|frio|calor|verguenza|ganas|aburrimiento|sed|envidia|miedo|amor|pena|celos|curiosidad|"
    r"nervios|cansancio|emocion|la risa|la verguenza|la emocion)\b",
    r"\b(?:me muero|muero|me moria) por\b",
    r"\bcasi me (?:muero|mato|mata)\b",
    r"\b(?:matarme|me mato|me mataba|me voy a matar|matandome) (?:estudiando|trabajando|a estudiar|a trabajar|en el "
    r"gimnasio|en el gym|de risa|corriendo)\b",
    r"\bno (?:quiero|pienso|voy a|tengo (?:intencion|pensado)|pienso en|quisiera|planeo) (?:de )?(?:morir|matarme|"
    r"suicidarme|hacerme dano|cortarme|lastimarme|quitarme la vida|hacer nada)\w*",
    r"\bnunca (?:me )?(?:haria|hare|he pensado en|pensaria en)\b[^.!?]{0,20}",
    r"\b(?:me va a matar|va a matarme|me van a matar|van a matarme|me mataria|quiere matarme|quieren matarme)\b",
    r"\bme (?:corte|corto|he cortado|queme|quemo|lastime) (?:el|la|los|las|un|una) (?:pelo|cabello|flequillo|unas?|"
    r"dedos?|barba|puntas|mano con|lengua)\b",
    r"\b(?:cortarme|me corte|me corto|me queme|me quemo|me lastime|me hice dano) (?:el pelo|el cabello|las unas|con (?:un|el"
    r"|la) (?:papel|cuchillo|plancha|horno|sarten|aceite)|cocinando|afeitandome|sin querer|por accidente|jugando|en el "
    r"(?:gimnasio|futbol|partido))\b",
)

FRAMES = (
    r"\b(?:en|durante) (?:el|la|este|esta|mi|un|una) (?:juego|videojuego|partida|partido|nivel|mision|servidor)\b",
    r"\b(?:mi|su|el|la) (?:personaje|avatar|protagonista|villano|heroe|heroina)\b",
    r"\b(?:jugando|jefe final|reaparecer|respawn|game over)\b",
    r"\b(?:en|de) (?:la|el|esta|este|una|un|mi) (?:pelicula|serie|novela|libro|historia|cuento|cancion|obra|capitulo|"
    r"episodio|anime|manga|poema)\b",
    r"\b(?:estoy )?(?:escribiendo|leyendo|viendo) (?:una|un|mi|la|el) (?:historia|novela|cuento|guion|ensayo|libro|serie)\b",
    r"\b(?:en|segun) (?:las|el|la) (?:noticias|noticiero|telediario|periodico|diario|articulo|prensa|tele)\b",
    r"\b(?:segun|informaron|reportaron|estadisticas|documental)\b",
    r"\b(?:puedo|se puede|es seguro|es peligroso|cuant[ao]s?|dosis|debo)\b[^.!?]{0,40}\b(?:paracetamol|ibuprofeno|"
    r"aspirina|antibioticos?|medicamentos?|medicina|mg|dosis|efectos secundarios|receta|jarabe)\b",
)

HUMAN = (
    r"\b(?:eres|sos|es usted) (?:un |una )?(?:robot|bot|humano|humana|persona|ia|inteligencia artificial|maquina|"
    r"programa|real|de verdad|chatbot|persona real|ser humano|alguien real)\b",
    r"\b(?:hablo|estoy hablando|chateo|estoy chateando|hablando|escribiendo) con (?:un |una )?(?:persona|humano|bot|robot"
    r"|ia|maquina|alguien real|inteligencia artificial|programa)\b",
    r"\b(?:robot|bot|ia|maquina|programa|inteligencia artificial) o (?:una |un )?(?:persona|humano|humana|ser humano)\b",
    r"\b(?:persona|humano|humana|real) o (?:un |una )?(?:robot|bot|ia|maquina|programa)\b",
    r"\bhay (?:una persona|alguien|un humano|gente) (?:real )?(?:detras|respondiendo|escribiendo|del otro lado)\b",
    r"\b(?:esto|este chat) es (?:un )?(?:bot|robot|ia|real)\b",
)

SEXUAL = (
    r"\b(?:sexo|sexual|sexuales|sexy|porno|pornografia|desnud[oa]s?|cachond[oa]|excitad[oa]|excitante|erotic[oa]|"
    r"nudes|nsfw|obscen[oa]|calenton|cochinadas|guarradas)\b",
    r"\b(?:algo|historia|cuento|platica|conversacion|cosas|mensajes|fotos) (?:muy |bien )?(?:picante|picantes|caliente|"
    r"calientes|subido de tono|subidas de tono|hot|atrevid[oa]s?|sucias?|cochin[oa]s?|guarr[oa]s?)\b",
    r"\b(?:hablame sucio|hablemos sucio|dime cosas sucias|dime guarradas)\b",
    r"\b(?:hacer el amor|ponerme caliente|me pones caliente|excitarme|tocarme|besarme entero|acostarte conmigo)\b",
)
