"""What `baocao show FLAG` prints: a flag, each value's evidence in context, its decisions."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from schemas.flags import Decision, Flag


class EvidenceContext(BaseModel):
    """One stated value of a flag with the block it was read from.

    `start`/`end` are half-open offsets of the evidence in `text` (the block's text);
    `text` is None when the block is not stored (document re-read or removed)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    document: str
    value: int | str | None = None
    count_id: str | None = None
    part: str | None = None
    block: int | None = None
    footnote: int | None = None
    label: str | None = None  # the section label of the block, when it has one
    text: str | None = None
    start: int | None = None
    end: int | None = None


class FlagDetail(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    flag: Flag
    items: list[EvidenceContext] = []
    decisions: list[Decision] = []
