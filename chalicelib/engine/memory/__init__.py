"""Memory: facts and episodes extracted from what users say, follow-ups, retrieval, session summaries."""
