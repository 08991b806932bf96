"""What a batch run did: the closing summary of `baocao run`."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from schemas.record import Level, Period


class FailedFile(BaseModel):
    """A file that could not be read, with its one-line reason."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    file: str
    reason: str
    unit: str | None = None  # the unit its file or folder name most likely means


class UnreadableReport(BaseModel):
    """A report that could not be read, put beside the unit its file or folder name most
    likely means ("mang-ri-2024-h1.docx"): the reconciler then says "report unreadable" for
    that unit rather than "no report received"."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    file: str
    reason: str
    level: Level
    unit: str
    district: str
    province: str | None = None
    period: Period = Period()
    by: str  # what named the unit: "file_name" or "folder_name"


class RunSummary(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    run_id: int
    db: str
    found: int  # .docx/.doc files under the paths
    read: int  # extracted and stored in this run
    skipped: int  # content unchanged since the last run
    failed: list[FailedFile] = []
    removed: int = 0  # files stored earlier that are no longer under the paths
    reconciled: bool = True  # False when nothing changed and the old flags still hold
    flags_by_rule: dict[str, int] = {}  # flags of the store after this run (not gone)
    flags_open: int = 0  # of those, without a reviewer's decision
    flags_new: int = 0  # first seen in this run
    flags_gone: int = 0  # conflicts that went away in this run
    seconds: float = 0.0
    stages: dict[str, float] = {}  # wall seconds per step: scan, extract (and store), reconcile
    # seconds of work per stage summed over documents and worker processes: read, metadata,
    # counts (syllables, numbers and rules), facts (references, units, dates), readings, store
    work: dict[str, float] = {}
    # numbers no rule reads, in the store's documents after this run (as its flags)
    unread: int = 0
    unread_documents: int = 0  # documents holding any
    activity_numbers: int = 0  # numbers of the activity sections (letterhead, legal bases
    activity_unread: int = 0  # and signature block aside), and how many are unread
    # commune reports whose text names no district: placed in this run from their batch or
    # --district, and those under the paths still unplaced (flag unassigned_document)
    placed: int = 0
    unplaced: int = 0
