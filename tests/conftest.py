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
