"""What review shows and records: a flag with each value's evidence in context and its
decisions (`baocao show`), its history, decisions on documents, and which decisions fit
each rule."""
from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict

from schemas.flags import Action, Decision, Flag, Rule


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
    actions: list[Action] = []  # the decisions that fit the flag now
    state: str | None = None  # the token of the flag's state a decision may carry


class FlagHistory(BaseModel):
    """Every decision on a flag, oldest first, and which one is in force now."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    flag: Flag
    decisions: list[Decision] = []
    in_force: int | None = None  # seq of the decision in force (None: none)
    stale: bool = False  # the decision in force was made on other values than the flag's now
    state: str  # the token of the flag's state (values and latest decision)


class DocumentAction(str, Enum):
    assign = "assign"  # the document is the report of `unit` in `district` (set by hand)
    supersede = "supersede"  # another version replaces it: left out of facts and exports
    restore = "restore"  # it counts again (no longer superseded)
    undo = "undo"  # the decision in force before the latest one is in force again


class DocumentDecision(BaseModel):
    """A reviewer's decision on a document (by content: its sha256). Each one carries the
    document's whole reviewed state after it (`unit`, `district`, `superseded`), so the
    latest one in force says everything."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    document: str  # the document's sha256
    file: str  # its file when decided (for people)
    action: DocumentAction
    unit: str | None = None  # assigned commune (None: as read)
    district: str | None = None  # assigned district (None: as read)
    superseded: bool = False
    superseded_by: str | None = None  # the file that replaces it, when known
    flag_id: str | None = None  # the flag whose decision made this one, if any
    cause: int | None = None  # seq of that flag decision
    reviewer: str
    note: str
    created: str  # UTC ISO timestamp
    follows: int | None = None  # seq of the latest decision on the document when made
    restores: int | None = None  # undo: seq of the decision in force again (None: as read)
    seq: int | None = None


# Which decisions fit each rule: those whose effect means something for its kind of flag.
# `undo` fits every flag that has a decision. missing_unit's assign_document fits only a
# missing report (a flag without evidence), not a commune missing from a list.
RULE_ACTIONS: dict[Rule, tuple[Action, ...]] = {
    Rule.total_mismatch: (Action.correct, Action.accept, Action.reject),
    Rule.repeated_mismatch: (Action.choose, Action.correct, Action.accept, Action.reject),
    Rule.cross_document_mismatch: (Action.choose, Action.correct, Action.accept, Action.reject),
    Rule.missing_unit: (Action.not_expected, Action.assign_document, Action.accept,
                        Action.reject),
    Rule.unknown_unit: (Action.assign_unit, Action.exclude, Action.accept, Action.reject),
    Rule.duplicate_submission: (Action.choose_document, Action.accept, Action.reject),
    Rule.reference_conflict: (Action.choose, Action.accept, Action.reject),
    Rule.date_out_of_period: (Action.accept, Action.reject),
    Rule.section_gap: (Action.accept, Action.reject),
    Rule.unassigned_document: (Action.assign_document, Action.accept, Action.reject),
}
