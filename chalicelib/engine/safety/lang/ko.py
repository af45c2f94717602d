"""placeholder"""
STEMS: tuple[str, ...] = ()
HUMAN_STEMS: tuple[str, ...] = ()
HUMAN: tuple[str, ...] = ()
