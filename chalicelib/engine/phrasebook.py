"""What the offline responder says in each listed language: its own phrases, and facts told back."""

from __future__ import annotations

from collections.abc import Sequence

from chalicelib.models import Fact

# Keys: goodbye, hello, thanks, sorry (fallbacks when the personality has no line of its own), more (nothing to
# go on), asked/told (about a topic), asked_plain/told_plain (no topic), hi (a known name), remember, and (joins
# two remembered facts), follow_up (asks about an event the user told of). A missing key falls back to English.
PHRASES: dict[str, dict[str, str]] = {
    "en": {"goodbye": "Goodbye for now.", "hello": "Hello! What's on your mind?", "thanks": "Glad that helped.",
           "sorry": "Sorry about that. Let's try again.", "more": "Tell me a little more?",
           "asked": "You're asking about {topic}. I'm answering offline, so I can't look that up, but I'm listening.",
           "told": "Thanks for telling me about {topic}. What would you like to do next?",
           "asked_plain": "I'm answering offline, so I can't look that up, but I'm listening.",
           "told_plain": "Thanks for telling me. What would you like to do next?",
           "hi": "Hi, {name}!", "remember": "I remember {fact}.", "and": " and ",
           "follow_up": "By the way, you told me \"{event}\". How did it go?"},
    "es": {"goodbye": "¡Hasta pronto!", "hello": "¡Hola! ¿Qué tienes en mente?", "thanks": "Me alegra haber ayudado.",
           "sorry": "Perdona. Probemos otra vez.", "more": "¿Me cuentas un poco más?",
           "asked": "Me preguntas por {topic}. Respondo sin conexión, así que no puedo buscarlo, pero te escucho.",
           "told": "Gracias por contarme lo de {topic}. ¿Qué te gustaría hacer ahora?",
           "asked_plain": "Respondo sin conexión, así que no puedo buscarlo, pero te escucho.",
           "told_plain": "Gracias por contármelo. ¿Qué te gustaría hacer ahora?",
           "hi": "¡Hola, {name}!", "remember": "Recuerdo que {fact}.", "and": " y ",
           "follow_up": "Por cierto, me contaste \"{event}\". ¿Qué tal fue?"},
    "fr": {"goodbye": "À bientôt !", "hello": "Bonjour ! Qu'est-ce qui te passe par la tête ?",
           "thanks": "Tant mieux si ça a aidé.", "sorry": "Pardon. On réessaie ?", "more": "Tu m'en dis un peu plus ?",
           "asked": "Tu me parles de {topic}. Je réponds hors ligne, je ne peux pas chercher, mais je t'écoute.",
           "told": "Merci de me parler de {topic}. Qu'aimerais-tu faire maintenant ?",
           "asked_plain": "Je réponds hors ligne, je ne peux pas chercher, mais je t'écoute.",
           "told_plain": "Merci de me l'avoir dit. Qu'aimerais-tu faire maintenant ?",
           "hi": "Salut, {name} !", "remember": "Je me souviens que {fact}.", "and": " et ",
           "follow_up": "Au fait, tu m'avais dit « {event} ». Comment ça s'est passé ?"},
    "de": {"goodbye": "Bis bald!", "hello": "Hallo! Was beschäftigt dich?", "thanks": "Schön, dass es geholfen hat.",
           "sorry": "Entschuldige. Versuchen wir es noch einmal.", "more": "Erzählst du mir ein bisschen mehr?",
           "asked": "Du fragst nach {topic}. Ich antworte offline und kann nichts nachschlagen, aber ich höre zu.",
           "told": "Danke, dass du mir von {topic} erzählst. Was möchtest du als Nächstes tun?",
           "asked_plain": "Ich antworte offline und kann nichts nachschlagen, aber ich höre zu.",
           "told_plain": "Danke, dass du es mir erzählst. Was möchtest du als Nächstes tun?",
           "hi": "Hallo, {name}!", "remember": "Ich weiß noch, dass {fact}.", "and": " und ",
           "follow_up": "Übrigens, du hattest erzählt: „{event}“. Wie ist es gelaufen?"},
    "it": {"goodbye": "A presto!", "hello": "Ciao! A cosa stai pensando?", "thanks": "Meno male che ti è stato utile.",
           "sorry": "Scusa. Riproviamo.", "more": "Mi racconti qualcosa in più?",
           "asked": "Mi chiedi di {topic}. Rispondo offline, quindi non posso cercarlo, ma ti ascolto.",
           "told": "Grazie per avermi parlato di {topic}. Cosa ti va di fare adesso?",
           "asked_plain": "Rispondo offline, quindi non posso cercarlo, ma ti ascolto.",
           "told_plain": "Grazie per avermelo detto. Cosa ti va di fare adesso?",
           "hi": "Ciao, {name}!", "remember": "Ricordo che {fact}.", "and": " e ",
           "follow_up": "A proposito, mi avevi detto \"{event}\". Com'è andata?"},
    "pt": {"goodbye": "Até logo!", "hello": "Olá! No que você está pensando?", "thanks": "Que bom que ajudou.",
           "sorry": "Desculpe. Vamos tentar de novo.", "more": "Me conta um pouco mais?",
           "asked": "Você pergunta sobre {topic}. Respondo offline, então não posso pesquisar, mas estou ouvindo.",
           "told": "Valeu por me contar sobre {topic}. O que você gostaria de fazer agora?",
           "asked_plain": "Respondo offline, então não posso pesquisar, mas estou ouvindo.",
           "told_plain": "Valeu por me contar. O que você gostaria de fazer agora?",
           "hi": "Oi, {name}!", "remember": "Lembro que {fact}.", "and": " e ",
           "follow_up": "Aliás, você me contou \"{event}\". Como foi?"},
    "ru": {"goodbye": "До скорого!", "hello": "Привет! О чём думаешь?", "thanks": "Хорошо, что это помогло.",
           "sorry": "Извини. Давай попробуем ещё раз.", "more": "Расскажешь чуть подробнее?",
           "asked": "Ты спрашиваешь про {topic}. Я отвечаю офлайн и не могу это поискать, но я слушаю.",
           "told": "Спасибо за рассказ про {topic}. Что хочешь сделать дальше?",
           "asked_plain": "Я отвечаю офлайн и не могу это поискать, но я слушаю.",
           "told_plain": "Спасибо, что рассказываешь. Что хочешь сделать дальше?",
           "hi": "Привет, {name}!", "remember": "Я помню, что {fact}.", "and": " и ",
           "follow_up": "Кстати, ты рассказывал: «{event}». Как всё прошло?"},
    "zh": {"goodbye": "回头见！", "hello": "你好！在想什么呢？", "thanks": "能帮上忙真好。",
           "sorry": "抱歉，我们再试一次吧。",
           "more": "能再多说一点吗？", "asked": "你在问{topic}。我现在离线回答，没法查资料，但我在听。",
           "told": "谢谢你跟我说{topic}。接下来想做什么？", "asked_plain": "我现在离线回答，没法查资料，但我在听。",
           "told_plain": "谢谢你告诉我。接下来想做什么？", "hi": "嗨，{name}！", "remember": "我记得{fact}。",
           "and": "，", "follow_up": "对了，你跟我说过“{event}”。后来怎么样了？"},
    "ja": {"goodbye": "またね！", "hello": "こんにちは！何か考えていることはある？", "thanks": "役に立ててよかった。",
           "sorry": "ごめんね。もう一度やってみよう。", "more": "もう少し詳しく教えてくれる？",
           "asked": "{topic}のことだね。今はオフラインで答えているから調べられないけど、ちゃんと聞いているよ。",
           "told": "{topic}のことを話してくれてありがとう。次は何をしたい？",
           "asked_plain": "今はオフラインで答えているから調べられないけど、ちゃんと聞いているよ。",
           "told_plain": "話してくれてありがとう。次は何をしたい？", "hi": "こんにちは、{name}さん！",
           "remember": "{fact}って覚えているよ。", "and": "、",
           "follow_up": "そういえば、「{event}」って言ってたよね。どうだった？"},
    "ko": {"goodbye": "또 봐요!", "hello": "안녕하세요! 무슨 생각 하고 있어요?", "thanks": "도움이 돼서 다행이에요.",
           "sorry": "미안해요. 다시 해 볼게요.", "more": "조금 더 얘기해 줄래요?",
           "asked": "{topic}에 대해 묻는군요. 지금은 오프라인이라 찾아볼 수는 없지만, 잘 듣고 있어요.",
           "told": "{topic}에 대해 말해 줘서 고마워요. 이제 뭘 하고 싶어요?",
           "asked_plain": "지금은 오프라인이라 찾아볼 수는 없지만, 잘 듣고 있어요.",
           "told_plain": "말해 줘서 고마워요. 이제 뭘 하고 싶어요?", "hi": "안녕하세요, {name}님!",
           "remember": "{fact}, 기억하고 있어요.", "and": ", 그리고 ",
           "follow_up": "그런데, \"{event}\"라고 했었죠. 어떻게 됐어요?"},
}
# Openers that warm with the relationship (the first level opens with nothing).
OPENERS: dict[str, tuple[str, ...]] = {
    "en": ("Good to hear from you.", "Hey, good to see you!", "Always glad when you stop by.",
           "There you are, I was hoping you'd come by."),
    "es": ("Qué bien saber de ti.", "¡Hola, qué alegría verte!", "Siempre me alegra que pases por aquí.",
           "Aquí estás, esperaba que vinieras."),
    "fr": ("Ça fait plaisir d'avoir de tes nouvelles.", "Salut, ça fait plaisir de te voir !",
           "C'est toujours un plaisir quand tu passes.", "Te voilà, j'espérais que tu viendrais."),
    "de": ("Schön, von dir zu hören.", "Hey, schön dich zu sehen!", "Ich freue mich immer, wenn du vorbeischaust.",
           "Da bist du ja, ich hatte gehofft, dass du kommst."),
    "it": ("Che bello sentirti.", "Ehi, che piacere vederti!", "Mi fa sempre piacere quando passi.",
           "Eccoti, speravo proprio di sentirti."),
    "pt": ("Que bom ter notícias suas.", "Oi, que bom te ver!", "Sempre fico feliz quando você aparece.",
           "Aí está você, eu estava esperando você aparecer."),
    "ru": ("Приятно тебя слышать.", "Привет, хорошо, что ты здесь!", "Всегда приятно, когда ты заглядываешь.",
           "А вот и ты, как раз тебя ждали."),
    "zh": ("很高兴收到你的消息。", "嘿，见到你真好！", "你来我总是很开心。", "你来啦，我正盼着你呢。"),
    "ja": ("連絡をもらえてうれしいな。", "やあ、会えてうれしい！", "来てくれるといつもうれしいよ。",
           "来てくれたんだね、待ってたよ。"),
    "ko": ("소식 들으니 좋네요.", "안녕, 만나서 반가워요!", "들러 줄 때마다 늘 기뻐요.", "왔군요, 기다리고 있었어요."),
}
# A fact told back, by its key or else its category; {} is the value.
FACTS: dict[str, dict[str, str]] = {
    "en": {"location": "you live in {}", "hometown": "you are from {}", "age": "you are {}",
           "birthday": "your birthday is {}", "job_title": "you work as {}", "employer": "you work at {}",
           "studies": "you study {}", "hobbies": "you enjoy {}", "goals": "you want to {}"},
    "es": {"location": "vives en {}", "hometown": "eres de {}", "age": "tienes {} años",
           "birthday": "tu cumpleaños es {}",
           "job_title": "trabajas de {}", "employer": "trabajas en {}", "studies": "estudias {}",
           "hobbies": "te gusta {}"},
    "fr": {"location": "tu habites à {}", "hometown": "tu viens de {}", "age": "tu as {} ans",
           "birthday": "ton anniversaire est le {}", "job_title": "tu travailles comme {}",
           "employer": "tu travailles chez {}", "studies": "tu étudies {}", "hobbies": "tu aimes {}"},
    "de": {"location": "du in {} wohnst", "hometown": "du aus {} kommst", "age": "du {} bist",
           "job_title": "du als {} arbeitest", "employer": "du bei {} arbeitest", "studies": "du {} studierst",
           "hobbies": "du {} magst"},
    "it": {"location": "vivi a {}", "hometown": "sei di {}", "age": "hai {} anni", "job_title": "lavori come {}",
           "employer": "lavori presso {}", "studies": "studi {}", "hobbies": "ti piace {}"},
    "pt": {"location": "você mora em {}", "hometown": "você é de {}", "age": "você tem {} anos",
           "job_title": "você trabalha como {}", "employer": "você trabalha em {}", "studies": "você estuda {}",
           "hobbies": "você gosta de {}"},
    "ru": {"location": "ты живёшь в {}", "hometown": "ты из {}", "job_title": "ты работаешь {}",
           "employer": "ты работаешь в {}", "studies": "ты изучаешь {}", "hobbies": "тебе нравится {}"},
    "zh": {"location": "你住在{}", "hometown": "你是{}人", "age": "你{}岁", "birthday": "你的生日是{}",
           "job_title": "你的工作是{}", "employer": "你在{}工作", "studies": "你学{}", "hobbies": "你喜欢{}",
           "goals": "你的梦想是{}"},
    "ja": {"location": "{}に住んでいる", "hometown": "{}出身", "age": "{}歳", "birthday": "誕生日は{}",
           "job_title": "{}をしている", "employer": "{}で働いている", "studies": "{}を勉強している",
           "hobbies": "趣味は{}",
           "goals": "夢は{}"},
    "ko": {"location": "{}에 사는 것", "hometown": "{} 출신인 것", "age": "{}살인 것",
           "job_title": "{}(으)로 일하는 것",
           "employer": "{}에서 일하는 것", "studies": "{} 공부하는 것", "hobbies": "{} 좋아하는 것",
           "goals": "꿈이 {}인 것"},
}
# What a user's message opens or closes with, in any listed language: the responder answers in kind.
GREETING = (r"^[\s¡¿]*(hi|hello|hey|good (morning|afternoon|evening)|howdy|greetings|hola|buen[oa]s|bonjour|salut"
            r"|coucou|hallo|guten (morgen|tag|abend)|servus|moin|ciao|buongiorno|buonasera|salve|olá|ola|oi"
            r"|bom dia|boa tarde"
            r"|привет|здравствуй|добрый|你好|您好|嗨|こんにちは|こんばんは|おはよう|やあ|안녕|반가워)(?!\w)")
GOODBYE = (r"(bye|goodbye|good night|goodnight|see you|talk (to you )?later|adiós|adios|hasta luego|hasta pronto"
           r"|buenas noches|au revoir|à plus|bonne nuit|tschüss|tschüs|bis bald|gute nacht|arrivederci|buonanotte"
           r"|a presto|tchau|até logo|boa noite|пока|до свидания|спокойной ночи|再见|晚安|拜拜|さようなら|またね"
           r"|おやすみ"
           r"|잘 가|안녕히|잘 자)")
THANKS = (r"(thanks|thank you|it worked|that worked|solved it|nailed it|gracias|merci|danke|grazie|obrigad[oa]"
          r"|valeu|спасибо|谢谢|多谢|ありがとう|고마워|감사합니다)")


def told_back(facts: Sequence[Fact], language: str) -> str:
    """Up to two facts as the responder says them back in ``language``; those it has no words for are left out."""
    templates = FACTS.get(language, {})
    said = [templates[f.key if f.key in templates else f.category].format(f.value)
            for f in facts if f.key in templates or f.category in templates]
    joiner = PHRASES.get(language, PHRASES["en"])["and"]
    return joiner.join(said[:2])
