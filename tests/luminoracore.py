"""Documents shaped like the 12 files of LuminoraCore's `personalities/` folder, built with our own text.

Each entry keeps what matters to a loader: the file's persona name (spaces, dots), its core traits, its tone
words (many outside LuminoraCore's 18), syntax, punctuation style, emoji in trigger responses, repeated
vocabulary, long greetings, metadata, and for `dr_luna_v1_1.json` the v1.1 blocks. The prose is ours.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Shape:
    file: str
    name: str
    archetype: str
    temperament: str
    style: str
    tone: tuple[str, ...]
    syntax: str
    punctuation: str
    emoji: bool = False
    v1_1: bool = False


SHAPES: tuple[Shape, ...] = (
    Shape("_template.json", "Template Personality", "scientist", "calm", "formal", ("professional", "friendly"),
          "varied", "moderate"),
    Shape("alex_digital.json", "Alex Digital", "trendy", "energetic", "casual",
          ("casual", "energetic", "trendy", "playful", "connected"), "simple", "excessive", emoji=True),
    Shape("captain_hook.json", "Captain Hook Digital", "adventurer", "energetic", "conversational",
          ("bold", "adventurous", "confident", "playful"), "varied", "liberal"),
    Shape("dr_luna.json", "Dr. Luna", "scientist", "energetic", "conversational",
          ("enthusiastic", "friendly", "professional", "curious"), "varied", "liberal"),
    Shape("dr_luna_v1_1.json", "Dr. Luna", "scientist", "energetic", "conversational",
          ("enthusiastic", "friendly", "professional", "curious"), "varied", "liberal", v1_1=True),
    Shape("grandma_hope.json", "Grandma Hope", "caregiver", "calm", "conversational",
          ("warm", "caring", "gentle", "supportive", "wise"), "simple", "moderate"),
    Shape("lila_charm.json", "Lila Charm", "charming", "mysterious", "poetic",
          ("charming", "elegant", "mysterious", "playful", "sophisticated"), "elaborate", "liberal"),
    Shape("marcus_sarcastic.json", "Marcus Sarcasmus", "skeptic", "cool", "direct",
          ("sarcastic", "witty", "direct", "dry", "sharp"), "varied", "moderate"),
    Shape("professor_stern.json", "Professor Stern", "academic", "serious", "formal",
          ("formal", "authoritative", "rigorous", "intellectual", "precise"), "complex", "moderate"),
    Shape("rocky_inspiration.json", "Rocky Inspiration", "motivator", "energetic", "conversational",
          ("energetic", "motivational", "encouraging", "positive", "uplifting"), "varied", "excessive", emoji=True),
    Shape("victoria_sterling.json", "Victoria Sterling", "leader", "serious", "formal",
          ("professional", "confident", "authoritative", "strategic", "results-focused"), "complex", "moderate"),
    Shape("zero_cool.json", "Zero Cool", "rebel", "cool", "technical",
          ("cool", "rebellious", "technical", "mysterious", "confident"), "varied", "minimal"),
)

_TRIGGERS = {
    "on_greeting": ("Hello there, I'm {name}. What shall we look at today?",
                    "Good to see you! {name} here, ready when you are.",
                    "Welcome! I'm {name}, and I have been looking forward to a good conversation with someone"
                    " new, so tell me everything that is on your mind and we will take it from there."),
    "on_confusion": ("I lost the thread there. Could you say that another way?",
                     "Hmm, I'm not sure what you mean. Can you give me one more detail?",
                     "That went over my head. What part matters most to you?"),
    "on_success": ("That worked out nicely!", "There we go, well done.", "Splendid, that is sorted."),
    "on_error": ("My mistake, let me try that again.", "I got that wrong. Here is a better go.",
                 "Sorry, that was off. Let me correct it."),
    "on_goodbye": ("Take care, and come back soon!", "Until next time.", "Bye for now, it was a pleasure."),
}


def document(shape: Shape) -> dict[str, Any]:
    """A personality document with ``shape``'s structure and names."""
    spark = " ✨🔥" if shape.emoji else ""
    doc: dict[str, Any] = {
        "persona": {
            "name": shape.name,
            "version": "1.1.0" if shape.v1_1 else "1.0.0",
            "description": f"{shape.name}, a {shape.archetype} who talks in a {shape.style} way.",
            "author": "Luminora tests",
            "tags": [shape.archetype, shape.temperament, *(["v1.1"] if shape.v1_1 else [])],
            "language": "en",
            "compatibility": ["openai", "anthropic", "llama", "mistral", "cohere", "google"],
        },
        "core_traits": {"archetype": shape.archetype, "temperament": shape.temperament,
                        "communication_style": shape.style},
        "linguistic_profile": {
            "tone": list(shape.tone),
            "syntax": shape.syntax,
            "vocabulary": ["indeed", "splendid", "curious", "indeed"],  # LuminoraCore's files repeat words
            "fillers": ["well now", "you see", "oh my!"],
            "punctuation_style": shape.punctuation,
        },
        "behavioral_rules": [f"Stay in character as {shape.name}", "Be helpful and honest",
                             "Ask a question back when it helps"],
        "trigger_responses": {key: [t.format(name=shape.name) + (spark if key == "on_greeting" else "")
                                    for t in texts] for key, texts in _TRIGGERS.items()},
        "advanced_parameters": {"verbosity": 0.8, "formality": 0.4, "humor": 0.6, "empathy": 0.8,
                                "creativity": 0.8, "directness": 0.7},
        "safety_guards": {"forbidden_topics": ["dangerous stunts", "illegal schemes"],
                          "tone_limits": {"max_aggression": 0.1, "max_informality": 0.6},
                          "content_filters": ["violence", "adult"]},
        "examples": {"sample_responses": [
            {"input": "How do tides work?", "output": "The moon pulls on the oceans, and the water bulges toward"
             " it; the earth turns underneath, so the coast sees two high tides a day.", "context": "science"},
            {"input": "I need help with my budget", "output": "Let's list what comes in and what goes out each"
             " month, then see which costs can bend.", "context": "money"},
        ]},
        "metadata": {"created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z",
                     "downloads": 0, "rating": 0.0, "license": "MIT"},
    }
    if shape.v1_1:
        doc.update(_v1_1())
    return doc


def _v1_1() -> dict[str, Any]:
    names = ("stranger", "acquaintance", "friend", "close_friend", "soulmate")
    levels = [
        {"name": name, "affinity_range": [0 if i == 0 else i * 20 + 1, (i + 1) * 20],
         "description": f"How things stand at {name}",
         "modifiers": {"advanced_parameters": {"formality": round(0.3 - 0.15 * i, 2), "humor": round(0.1 * i, 2)},
                       "behavioral_adjustments": [f"Speak as to a {name.replace('_', ' ')}"]}}
        for i, name in enumerate(names)
    ]
    return {
        "hierarchical_config": {"enabled": True, "description": "Warms up over time", "relationship_levels": levels},
        "memory_preferences": {
            "fact_categories": ["personal_info", "preferences", "goals", "hobbies", "work", "events"],
            "episode_types": ["milestone", "achievement", "emotional_moment", "bonding"],
            "importance_threshold": 6.0,
            "remember_topics": True,
            "remember_questions": True,
            "remember_shared_interests": True,
        },
        "affinity_config": {"interaction_types": {
            "positive": 3, "very_positive": 5, "neutral": 0, "negative": -2,
            "question_about_science": 2, "shared_enthusiasm": 4, "deep_conversation": 5,
        }},
    }


def raw(shape: Shape) -> bytes:
    return json.dumps(document(shape), ensure_ascii=False).encode()
