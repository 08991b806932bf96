from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_SEED = ROOT.parent / "shared" / "seed"
SEED_DOCX = SHARED_SEED / "tu-mo-rong-2024-h1-summary.docx"
SEED_DOC = SHARED_SEED / "tu-mo-rong-2024-h1-summary.doc"
SEED_EXPECTED = SHARED_SEED / "expected.json"
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def seed_docx() -> Path:
    if not SEED_DOCX.exists():
        pytest.fail(f"the seed report is missing: {SEED_DOCX} (CI has ../shared beside the clone)")
    return SEED_DOCX
