from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# the one real report, kept in the repository (tests/data/seed/README.md names its source)
SEED = ROOT / "tests" / "data" / "seed"
SEED_DOCX = SEED / "tu-mo-rong-2024-h1-summary.docx"
SEED_DOC = SEED / "tu-mo-rong-2024-h1-summary.doc"
SEED_TXT = SEED / "000_1bd20a2f19e0a8a9.txt"
SEED_EXPECTED = SEED / "expected.json"
SAMPLES = ROOT / "samples"
# the samples of the first half of 2024 (Tu Mơ Rông's communes and district summary): the
# tests of reviewing settle each of their eight flags; 2026 adds a province's (samples/README.md)
SAMPLES_2024 = sorted(p for p in SAMPLES.iterdir() if "-2024-" in p.name)


@pytest.fixture(scope="session")
def seed_docx() -> Path:
    if not SEED_DOCX.exists():
        pytest.fail(f"the seed report is missing: {SEED_DOCX}")
    return SEED_DOCX


@pytest.fixture(scope="session")
def unread_docx(tmp_path_factory):
    """A short commune report, written with python-docx, holding a figure no rule reads
    ("đã chuyển 17 hồ sơ": files passed on) beside two counts."""
    import docx

    d = docx.Document()
    for line in ("HỘI ĐỒNG NHÂN DÂN XÃ ĐĂK SAO", "HUYỆN TU MƠ RÔNG, TỈNH KON TUM",
                 "BÁO CÁO", "Kết quả hoạt động của HĐND xã 6 tháng đầu năm 2024",
                 "1. Tổ chức kỳ họp",
                 "Thường trực HĐND xã đã tổ chức 02 kỳ họp và tiếp 05 lượt công dân.",
                 "Thường trực HĐND xã đã chuyển 17 hồ sơ đến UBND xã."):
        d.add_paragraph(line)
    path = tmp_path_factory.mktemp("unread") / "dak-sao-2024-h1.docx"
    d.save(str(path))
    return path


# How a reviewer settles each flag `samples/` raises (samples/README.md, "Expected flags"),
# through the review stage's `decide`: rule -> (action, what it takes). The commune's own
# report is right for Văn Xuôi (11), the parts are right for Đăk Hà (1 + 1 + 2 = 4, as the
# summary's sums by body say), the later version of Đăk Sao's report is the official one,
# Ngọk Yêu's section I is right (4), Măng Ri held no session and passed no resolution, the
# plan's date is the one every other report cites, and the section gap is no problem of the
# data.
SAMPLE_DECISIONS = {
    "cross_document_mismatch": ("choose", {"choice": "11"}),
    "total_mismatch": ("correct", {"value": 4}),
    "duplicate_submission": ("choose_document", {"document": "-v2.docx"}),
    "repeated_mismatch": ("choose", {"choice": "4"}),
    "missing_unit": ("not_expected", {"reason": "none"}),
    "reference_conflict": ("choose", {"choice": "2024-05-22"}),
    "section_gap": ("reject", {}),
}


@pytest.fixture(scope="session")
def samples_db(tmp_path_factory) -> Path:
    """A store of `samples/` of 2024 (`SAMPLES_2024`) as `baocao run` leaves it, flags open
    (copy it to change it)."""
    from pipeline.run import run_batch

    path = tmp_path_factory.mktemp("samples") / "samples.db"
    run_batch(SAMPLES_2024, path, workers=1, progress=False)
    return path


@pytest.fixture(scope="session")
def settled_db(samples_db, tmp_path_factory) -> Path:
    """The samples' store with every flag settled through the review stage's API, as a
    reviewer would (SAMPLE_DECISIONS); copy it to change it."""
    from pipeline.review import decide, list_flags

    path = copy_store(samples_db, tmp_path_factory.mktemp("settled") / "settled.db")
    for flag in list_flags(path, "open"):
        action, fields = SAMPLE_DECISIONS[flag.rule.value]
        if "document" in fields:  # the flag's own name of the document ending so
            fields = {"document": next(d for d in flag.documents
                                       if d.endswith(fields["document"]))}
        decide(path, flag.id, action, reviewer="Nguyễn Thị Lan",
               note=f"Đã đối chiếu: {flag.rule.value}", **fields)
    return path


def copy_store(db: Path, to: Path) -> Path:
    """Copy a store file (and its write-ahead log, when one is left) to `to`."""
    import shutil

    for suffix in ("", "-wal", "-shm"):
        if Path(f"{db}{suffix}").exists():
            shutil.copy(f"{db}{suffix}", f"{to}{suffix}")
    return to
