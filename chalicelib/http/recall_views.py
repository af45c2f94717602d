"""Response documents of recall: search results, and the recall index as an export shows it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from chalicelib.engine.recall import index
from chalicelib.engine.recall.rank import Hit
from chalicelib.models import RecallShard


def search_view(hits: Sequence[Hit]) -> dict[str, object]:
    """``{"results": [...]}``, best first; each result names the messages it comes from (at most three)."""
    return {"results": [result_view(h) for h in hits]}


def result_view(hit: Hit) -> dict[str, object]:
    doc = hit.doc
    return {
        "kind": doc.kind,
        "text": doc.text,
        "score": round(hit.score, 4),
        "session_id": doc.session_id or None,
        "at": doc.at,
        "sources": [{"message_id": m, "external_id": e or None} for m, e in doc.sources[:3]],
    }


def recall_export(shards: Iterable[RecallShard], now: float | None = None) -> list[dict[str, object]]:
    """Every entry of the recall index still recallable at ``now`` (epoch seconds; all of them without it)."""
    rows: list[dict[str, object]] = []
    for shard in shards:
        for entry in index.unpack(shard.blob).entries:
            if now is not None and entry.until <= now:
                continue
            rows.append({
                "message_id": entry.message_id, "external_id": entry.external_id or None,
                "session_id": entry.session_id, "seq": entry.seq, "role": entry.role,
                "personality": entry.personality, "text": entry.text, "at": entry.at,
                "recallable_until": datetime.fromtimestamp(entry.until, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            })
    return rows
