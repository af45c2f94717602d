"""Word lists the rule-based extractor recognises: diets, health conditions, body parts, languages."""

from __future__ import annotations

DIETS = (
    "vegetarian|vegan|pescatarian|pescetarian|flexitarian|keto|ketogenic|paleo|gluten-free|dairy-free"
    "|lactose-free|low-carb|low-fat|low-sodium|plant-based|halal|kosher|carnivore|raw food|mediterranean"
)
FOODS = (
    "meat|red meat|pork|beef|chicken|fish|seafood|shellfish|dairy|eggs|gluten|sugar|bread|alcohol|meat or fish"
)
CONDITIONS = (
    "asthma|diabetes|type [12] diabetes|migraines?|anxiety|depression|adhd|autism|celiac disease|coeliac disease"
    "|arthritis|epilepsy|insomnia|ibs|high blood pressure|hypertension|eczema|psoriasis|back pain|chronic pain"
    "|fibromyalgia|ptsd|ocd|bipolar disorder|dyslexia|a heart condition|cancer|long covid|sleep apnea|tinnitus"
    "|endometriosis|lupus|crohn's disease|multiple sclerosis|ms|a bad back|a bad knee|hay fever|scoliosis"
)
BODY_PARTS = (
    "leg|arm|wrist|ankle|knee|foot|hand|finger|toe|back|neck|shoulder|hip|nose|ribs?|elbow|collarbone|jaw"
    "|tooth|thumb|hamstring|achilles"
)
INSTRUMENTS_AND_GAMES = {
    "violin", "viola", "cello", "guitar", "bass", "piano", "drums", "flute", "saxophone", "trumpet", "ukulele",
    "harp", "clarinet", "chess", "tennis", "football", "soccer", "basketball", "volleyball", "golf", "rugby",
    "cricket", "baseball", "hockey", "badminton", "squash", "padel", "poker", "video games", "board games",
    "bridge", "table tennis", "ping pong",
}
LANGUAGE = r"[A-Z][a-z]+"

