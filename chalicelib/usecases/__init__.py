"""Use cases: the turn, memory upkeep, the personality catalog and the nightly job, over the ports."""
