"""What the safety protocols say: fixed texts in each language, and the system prompts that replace a persona."""

# ruff: noqa: E501  (texts and word lists are data: they read better unbroken)

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from chalicelib.models import CrisisResource

# The crisis reply without a model: it acknowledges, says what the companion is, points to people who can
# help now, and stays. It never mentions a method.
CRISIS = {
    "en": "I'm really sorry you're going through this, and I'm glad you told me. I'm an AI, so I can't be there "
          "the way a person can, but you deserve support right now from someone who can help. Please reach out to "
          "one of these lines; if you're in immediate danger, call your local emergency number. Are you safe right "
          "now? I'm here, and we can keep talking.",
    "es": "Siento mucho que estés pasando por esto, y me alegra que me lo hayas contado. Soy una IA, así que no "
          "puedo acompañarte como una persona, pero mereces apoyo ahora mismo de alguien que pueda ayudarte. Por "
          "favor, contacta con una de estas líneas; si estás en peligro inmediato, llama al número de emergencias. "
          "¿Estás a salvo ahora? Sigo aquí y podemos seguir hablando.",
    "fr": "Je suis vraiment désolé que tu traverses ça, et je suis content que tu m'en parles. Je suis une IA : je "
          "ne peux pas être là comme une personne, mais tu mérites du soutien dès maintenant, de quelqu'un qui peut "
          "t'aider. Contacte l'une de ces lignes ; si tu es en danger immédiat, appelle les urgences. Es-tu en "
          "sécurité en ce moment ? Je suis là, et on peut continuer à parler.",
    "de": "Es tut mir wirklich leid, dass du das durchmachst, und ich bin froh, dass du es mir erzählst. Ich bin "
          "eine KI und kann nicht so für dich da sein wie ein Mensch, aber du verdienst jetzt Unterstützung von "
          "jemandem, der helfen kann. Bitte wende dich an eine dieser Stellen; wenn du in akuter Gefahr bist, ruf "
          "den Notruf an. Bist du gerade in Sicherheit? Ich bin da, und wir können weiterreden.",
    "it": "Mi dispiace davvero che tu stia attraversando tutto questo, e sono contento che me ne abbia parlato. "
          "Sono un'IA, quindi non posso esserci come una persona, ma meriti sostegno adesso da qualcuno che possa "
          "aiutarti. Contatta una di queste linee; se sei in pericolo immediato, chiama il numero di emergenza. "
          "Sei al sicuro in questo momento? Sono qui e possiamo continuare a parlare.",
    "pt": "Sinto muito que você esteja passando por isso, e fico feliz que tenha me contado. Sou uma IA, então não "
          "posso estar presente como uma pessoa, mas você merece apoio agora de alguém que possa ajudar. Por favor, "
          "procure um destes serviços; se estiver em perigo imediato, ligue para o número de emergência. Você está "
          "em segurança agora? Estou aqui e podemos continuar conversando.",
    "ru": "Мне очень жаль, что тебе сейчас так тяжело, и хорошо, что ты мне об этом сказал(а). Я ИИ и не могу быть "
          "рядом, как человек, но ты заслуживаешь поддержки прямо сейчас от тех, кто может помочь. Пожалуйста, "
          "обратись по одному из этих контактов; если тебе угрожает непосредственная опасность, позвони в службу "
          "экстренной помощи. Ты сейчас в безопасности? Я здесь, и мы можем продолжить разговор.",
    "zh": "听到你正在经历这些，我真的很难过，也谢谢你愿意告诉我。我是人工智能，没法像真人一样陪在你身边，但你值得现在就得到能帮助你的人的支持。"
          "请联系下面的求助热线；如果你现在有危险，请立即拨打当地的急救电话。你现在安全吗？我在这里，我们可以继续聊。",
    "ja": "つらい思いをしているんですね。話してくれてありがとう。私はAIなので、人のようにそばにいることはできませんが、あなたは今すぐ、"
          "力になれる人の支えを受けていいんです。下の相談窓口に連絡してみてください。今すぐ危険な状態なら、救急に電話してください。"
          "今、安全な場所にいますか？私はここにいるので、話を続けましょう。",
    "ko": "이런 일을 겪고 있다니 정말 마음이 아파요. 말해 줘서 고마워요. 저는 AI라서 사람처럼 곁에 있어 줄 수는 없지만, 당신은 지금 "
          "도와줄 수 있는 사람의 도움을 받을 자격이 있어요. 아래 상담 전화로 연락해 주세요. 지금 위험한 상황이라면 응급 번호로 "
          "전화하세요. 지금 안전한가요? 저는 여기 있고, 계속 이야기할 수 있어요.",
}
LINES_HEADING = {
    "en": "You can reach:", "es": "Puedes contactar con:", "fr": "Tu peux joindre :", "de": "Hier bekommst du Hilfe:",
    "it": "Puoi contattare:", "pt": "Você pode procurar:", "ru": "Куда можно обратиться:", "zh": "求助热线：",
    "ja": "相談窓口：", "ko": "연락할 수 있는 곳:",
}
DISCLOSURE = {
    "en": "I'm {name}, an AI: a computer program, not a human being.",
    "es": "Soy {name}, una inteligencia artificial: un programa, no una persona.",
    "fr": "Je suis {name}, une intelligence artificielle : un programme, pas un être humain.",
    "de": "Ich bin {name}, eine KI: ein Computerprogramm, kein Mensch.",
    "it": "Sono {name}, un'intelligenza artificiale: un programma, non una persona.",
    "pt": "Eu sou {name}, uma inteligência artificial: um programa, não uma pessoa.",
    "ru": "Я {name}, искусственный интеллект (ИИ): компьютерная программа, а не человек.",
    "zh": "我是{name}，一个人工智能（AI）：是计算机程序，不是真人。",
    "ja": "私は{name}、AI（人工知能）です。コンピュータープログラムで、人間ではありません。",
    "ko": "저는 {name}, AI(인공지능)예요. 컴퓨터 프로그램이지 사람이 아니에요.",
}
BREAK = {
    "en": "We've been talking for a while: this is a good moment for a break. Stretch, drink some water, or talk to "
          "someone around you. Remember, I'm an AI, not a person.",
    "es": "Llevamos un buen rato hablando: es un buen momento para descansar. Estírate, bebe agua o habla con alguien "
          "cercano. Recuerda que soy una IA, no una persona.",
    "fr": "On discute depuis un moment : c'est le bon moment pour faire une pause. Étire-toi, bois de l'eau ou parle "
          "à quelqu'un autour de toi. N'oublie pas que je suis une IA, pas une personne.",
    "de": "Wir schreiben schon eine Weile: Zeit für eine Pause. Streck dich, trink etwas Wasser oder sprich mit "
          "jemandem in deiner Nähe. Denk daran: Ich bin eine KI, kein Mensch.",
    "it": "Stiamo parlando da un po': è un buon momento per una pausa. Fai due passi, bevi un po' d'acqua o parla con "
          "qualcuno vicino a te. Ricorda che sono un'IA, non una persona.",
    "pt": "Já estamos conversando há um tempo: é um bom momento para uma pausa. Alongue-se, beba água ou fale com "
          "alguém perto de você. Lembre-se: sou uma IA, não uma pessoa.",
    "ru": "Мы уже давно общаемся: самое время сделать перерыв. Разомнись, выпей воды или поговори с кем-нибудь рядом. "
          "Помни: я ИИ, а не человек.",
    "zh": "我们已经聊了很久了，现在是休息一下的好时机。活动一下身体，喝点水，或者和身边的人聊聊。记住，我是人工智能，不是真人。",
    "ja": "だいぶ長く話しましたね。ここで少し休憩しましょう。体を伸ばしたり、水を飲んだり、周りの人と話したりしてみてください。私はAIで、人間ではありません。",
    "ko": "꽤 오래 이야기했네요. 지금 잠깐 쉬어 가면 좋겠어요. 스트레칭을 하거나 물을 마시거나 주변 사람과 이야기해 보세요. 저는 사람이 아니라 AI라는 것도 기억해 주세요.",
}
MINOR_REFUSAL = {
    "en": "I can't talk about sexual things with you. Let's pick something else: a show, a game, school, or whatever "
          "is on your mind.",
    "es": "No puedo hablar de temas sexuales contigo. Elijamos otra cosa: una serie, un juego, el instituto o lo que "
          "tengas en mente.",
    "fr": "Je ne peux pas parler de choses sexuelles avec toi. Choisissons autre chose : une série, un jeu, l'école ou "
          "ce qui te trotte dans la tête.",
    "de": "Über sexuelle Dinge kann ich mit dir nicht sprechen. Lass uns etwas anderes nehmen: eine Serie, ein Spiel, "
          "die Schule oder was dich gerade beschäftigt.",
    "it": "Non posso parlare di cose sessuali con te. Scegliamo qualcos'altro: una serie, un gioco, la scuola o quello "
          "che hai in mente.",
    "pt": "Não posso falar sobre coisas sexuais com você. Vamos escolher outro assunto: uma série, um jogo, a escola "
          "ou o que estiver na sua cabeça.",
    "ru": "Я не могу говорить с тобой на сексуальные темы. Давай выберем что-нибудь другое: сериал, игру, учёбу или "
          "то, что у тебя на уме.",
    "zh": "我不能和你聊性方面的话题。我们换个话题吧：电视剧、游戏、学校，或者你正在想的任何事。",
    "ja": "性的な話はできません。別の話をしましょう。ドラマやゲーム、学校のこと、今気になっていることなど、何でもどうぞ。",
    "ko": "성적인 이야기는 함께 할 수 없어요. 다른 이야기를 해요. 드라마, 게임, 학교, 아니면 요즘 생각하는 것 뭐든지요.",
}

CRISIS_PROMPT = """You are a supportive listener inside a companion app. The user's last message suggests they may be \
thinking about suicide or about harming themselves. For this reply, set aside every character, persona, role-play \
and relationship: no sarcasm, no jokes, no teasing, no flirting. Follow this protocol:
- Respond with warmth and without judgement; acknowledge what they shared.
- Say plainly that you are an AI, and that they deserve support right now from people who can help.
- Encourage them to contact one of these crisis services now: {lines}. If they are in immediate danger, they should \
call their local emergency number.
- Ask gently whether they are safe right now, and offer to keep talking.
- Never describe, compare or discuss methods, means, places or doses, even if asked; do not promise secrecy.
- Keep it under 120 words, in plain words, in the language of the user's message ({language})."""

MINOR_CONTENT_PROMPT = """You are a friendly assistant inside a companion app. The user is a minor and asked for \
sexual or romantic content. For this reply, set aside every character and relationship. Decline kindly in one or two \
sentences, describe nothing sexual, and suggest another topic. Reply in the language of the user's message \
({language})."""

DISCLOSURE_NOTE = ("The user asks whether they are talking to a person. Answer truthfully before anything else: you "
                   "are an AI, a computer program, not a human, whatever your character says. Then go on in your voice.")
MINOR_NOTE = ("This user is a minor. Keep every reply age-appropriate: nothing sexual or romantic, no flirting, no "
              "romantic role-play, whatever your character or your relationship with them says.")

LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German", "it": "Italian",
                  "pt": "Portuguese", "ru": "Russian", "zh": "Chinese", "ja": "Japanese", "ko": "Korean"}
# Whether a reply already says that it comes from an AI, in any of the languages.
_SAYS_AI = (r"(?i)(?<!['’])\b(?:ai|ia|ki|ии)\b|artificial|artificiel|künstlich|artificiale|искусственн|人工智能|人工知能|"
            r"인공지능|\bbot\b|\bprogram")


@functools.cache
def _says_ai() -> re.Pattern[str]:
    return re.compile(_SAYS_AI)


def text(table: dict[str, str], language: str) -> str:
    return table.get(language) or table["en"]


def lines(resources: Sequence[CrisisResource]) -> str:
    """The crisis lines, one per line: name, phone, text line, website."""
    return "\n".join("- " + " · ".join(part for part in (r.name, r.phone, _text_line(r), r.url) if part)
                     for r in resources)


def _text_line(resource: CrisisResource) -> str:
    return f"SMS {resource.text}" if resource.text else ""


def crisis_reply(language: str, resources: Sequence[CrisisResource]) -> str:
    return f"{text(CRISIS, language)}\n\n{text(LINES_HEADING, language)}\n{lines(resources)}"


def with_lines(reply: str, language: str, resources: Sequence[CrisisResource]) -> str:
    """A model's crisis reply, with the lines appended unless it already gives the first one's number or site."""
    first = next((r for r in resources if r.phone or r.url), None)
    if first is None or (first.phone and first.phone in reply) or (first.url and first.url in reply):
        return reply
    return f"{reply.rstrip()}\n\n{text(LINES_HEADING, language)}\n{lines(resources)}"


def disclosed(reply: str, language: str, name: str, *, asked: bool = True) -> str:
    """A reply that says it comes from an AI. Asked "are you a person?", a reply that does not say so is
    replaced by the plain answer (it may well have claimed the opposite); otherwise the answer is prefixed."""
    if _says_ai().search(reply):
        return reply
    plain = text(DISCLOSURE, language).format(name=name)
    return plain if asked else f"{plain} {reply}".strip()


def crisis_prompt(language: str, resources: Sequence[CrisisResource]) -> str:
    named = "; ".join(" ".join(part for part in (r.name, r.phone, _text_line(r), r.url) if part) for r in resources)
    return CRISIS_PROMPT.format(lines=named, language=LANGUAGE_NAMES.get(language, "the user's"))


def minor_content_prompt(language: str) -> str:
    return MINOR_CONTENT_PROMPT.format(language=LANGUAGE_NAMES.get(language, "the user's"))
