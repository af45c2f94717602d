"""A scripted, varied user for the benchmarks: small talk, questions, moods and facts to remember."""

from __future__ import annotations

import random
from collections.abc import Iterator

NAMES = ("Ana", "Bruno", "Chen", "Dana", "Elif", "Farid")
CITIES = ("Lisbon", "Porto", "Osaka", "Montreal", "Nairobi", "Valencia")
HOBBIES = ("photography", "rock climbing", "baking sourdough", "chess", "playing the cello", "gardening")
JOBS = ("a nurse", "a software developer", "a teacher", "an architect", "a barista", "a translator")
PETS = ("a cat called Miso", "a dog named Pixel", "two goldfish", "a parrot called Kiwi")
TOPICS = ("my exam", "the new project at work", "my sister's wedding", "the marathon", "moving house",
          "my job interview", "the book I'm reading", "learning Japanese")

_OPENERS = (
    "Hi! My name is {name}, I live in {city} and I love {hobby}.",
    "Hello again!",
    "Hey, how are you today?",
    "Good morning!",
)
_LINES = (
    "I work as {job}, which keeps me busy most days.",
    "I have {pet}, and they always make me laugh.",
    "What do you think I should do about {topic}?",
    "I'm really worried about {topic}, I couldn't sleep last night.",
    "Guess what, {topic} went amazingly well! I'm so happy and proud.",
    "Can you remind me what I told you about my hobbies?",
    "Today was a bit boring, nothing much happened.",
    "I spent the whole afternoon on {hobby} and lost track of time, it was wonderful and relaxing.",
    "Actually I moved to {city} last month, it's been an adventure.",
    "My goal this year is to get better at {hobby} and maybe teach it to a friend.",
    "I'm feeling a bit lonely tonight, to be honest. Everyone seems busy with their own lives and I "
    "don't really know who to call, so I thought I'd talk to you for a while.",
    "Why do you think people procrastinate even when they know it makes things worse?",
    "I had an argument with my brother about {topic} and I'm still upset about it.",
    "Thanks for listening, it really helps.",
    "Do you remember my name?",
    "I love {hobby} more than anything, it's the best part of my week!",
    "My friend said {topic} was a terrible idea, and I hate that she might be right.",
    "Could you give me three ideas for a relaxing weekend in {city}?",
)
_CLOSERS = ("Okay, I have to go now. Bye!", "Talk to you later!", "Good night!")


def messages(count: int, seed: int = 1) -> Iterator[str]:
    """``count`` user messages: an introduction, then varied lines, with a goodbye now and then."""
    rng = random.Random(seed)
    facts = {"name": rng.choice(NAMES), "city": rng.choice(CITIES), "hobby": rng.choice(HOBBIES)}
    for turn in range(count):
        if turn == 0:
            template = _OPENERS[0]
        elif turn % 40 == 39:
            template = rng.choice(_CLOSERS)
        elif turn % 40 == 0:
            template = rng.choice(_OPENERS[1:])
        else:
            template = rng.choice(_LINES)
        yield template.format(
            name=facts["name"],
            city=rng.choice(CITIES) if "moved" in template else facts["city"],
            hobby=facts["hobby"],
            job=rng.choice(JOBS),
            pet=rng.choice(PETS),
            topic=rng.choice(TOPICS),
        )
