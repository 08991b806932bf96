"""Reconciliation flags and reviewers' decisions."""
from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict

from schemas.record import Evidence


class Rule(str, Enum):
    total_mismatch = "total_mismatch"
    repeated_mismatch = "repeated_mismatch"
    cross_document_mismatch = "cross_document_mismatch"
    missing_unit = "missing_unit"
    unknown_unit = "unknown_unit"
    duplicate_submission = "duplicate_submission"
    reference_conflict = "reference_conflict"
    date_out_of_period = "date_out_of_period"
    section_gap = "section_gap"
    unassigned_document = "unassigned_document"  # a report no district or commune could be given


class Severity(str, Enum):
    info = "info"
    warning = "warning"
    error = "error"


class Status(str, Enum):
    open = "open"
    resolved = "resolved"
    dismissed = "dismissed"
    gone = "gone"  # the conflict no longer appears in the data


class FlagEvidence(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    document: str
    value: int | str | None = None
    count_id: str | None = None
    evidence: Evidence | None = None


class Flag(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str  # stable hash of rule and the identity of what conflicts
    rule: Rule
    severity: Severity
    indicator: str | None = None
    level: str | None = None
    unit: str | None = None
    values: list[int | str] = []
    documents: list[str] = []
    message: str  # Vietnamese
    message_en: str
    evidence: list[FlagEvidence] = []
    status: Status = Status.open


class Action(str, Enum):
    accept = "accept"
    reject = "reject"  # dismiss: the flag is not a real problem
    correct = "correct"  # the right value is `value`


class Decision(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    target_id: str  # flag id
    action: Action
    value: int | None = None
    reviewer: str
    note: str
    created: str  # UTC ISO timestamp
