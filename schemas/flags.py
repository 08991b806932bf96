"""Reconciliation flags and reviewers' decisions."""
from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict

from schemas.record import Evidence, Period


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
    district: str | None = None  # the district of the documents the flag is about
    period: Period | None = None  # their reporting period


class Action(str, Enum):
    """What a reviewer decides on a flag; which ones fit a rule: `schemas.review.RULE_ACTIONS`."""

    accept = "accept"  # checked: the figures stand as written
    reject = "reject"  # dismiss: the flag is not a real problem
    correct = "correct"  # the right figure is `value` (of the count `count_id`, else of the fact)
    choose = "choose"  # one of the flag's values is right: `value` (a figure) or `date`
    choose_document = "choose_document"  # `document` is the official report, the others superseded
    not_expected = "not_expected"  # the unit owes nothing here: `reason` (merged, not_due, none)
    assign_document = "assign_document"  # `document` is the report of `unit` in `district`
    assign_unit = "assign_unit"  # the name a figure gives is the commune `unit`
    exclude = "exclude"  # the figure is about no commune of the district: left out of the data
    undo = "undo"  # the decision in force before the latest one (`restores`) is in force again


class Reason(str, Enum):
    """Why a unit owes no report or figure (`Action.not_expected`)."""

    merged = "merged"  # the commune was merged into another
    not_due = "not_due"  # its report is not due yet
    none = "none"  # it had nothing to report for this figure


class Decision(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    target_id: str  # flag id
    action: Action
    value: int | None = None
    reviewer: str
    note: str
    created: str  # UTC ISO timestamp
    count_id: str | None = None  # correct: the one count corrected (a total or one part)
    date: str | None = None  # choose on a reference_conflict: the right date (ISO)
    document: str | None = None  # choose_document / assign_document: a file as flags name it
    unit: str | None = None  # assign_unit / assign_document: the commune
    district: str | None = None  # assign_document: the district
    reason: Reason | None = None  # not_expected
    # the flag's values when the decision was made: a decision on other figures is stale
    state: list[int | str] | None = None
    follows: int | None = None  # seq of the latest decision on the flag when this one was made
    restores: int | None = None  # undo: seq of the decision in force again (None: no decision)
    seq: int | None = None  # order of recording (given by the store)
