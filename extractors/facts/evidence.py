"""Evidence spans and stable fact ids: every extracted value points back to its text."""
from __future__ import annotations

import hashlib

from schemas.record import Evidence
from schemas.source import Document, Part

_NOTE_PARTS = {Part.footnote, Part.endnote}


def make_evidence(doc: Document, block_id: int, start: int, end: int) -> Evidence:
    """Return the evidence of `doc.blocks[block_id].text[start:end]` (half-open, block-relative)."""
    block = doc.blocks[block_id]
    if not 0 <= start <= end <= len(block.text):
        raise ValueError(f"span {start}:{end} outside block {block_id} of {doc.file}")
    return Evidence(
        part=block.part.value,
        block=block_id,
        start=start,
        end=end,
        text=block.text[start:end],
        footnote=block.note if block.part in _NOTE_PARTS else None,
        doc_start=block.start + start,
        doc_end=block.start + end,
        row=block.row,
        col=block.col,
    )


def fact_id(sha256: str, extractor: str, rule: str, evidence: Evidence, extra: str = "") -> str:
    """Return a content hash naming one fact: same file, rule and span give the same id."""
    key = "|".join([sha256, extractor, rule, str(evidence.block), str(evidence.start),
                    str(evidence.end), extra])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
