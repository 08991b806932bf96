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
