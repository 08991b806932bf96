"""The drafted district summary: the seed's form, real footnotes, comments on disputed
figures, and read back beside the commune reports it raises no flag of its own."""
import shutil
import zipfile
from datetime import date

import pytest
from click.testing import CliRunner
from docx import Document

from extractors.reader import read_document
from pipeline.cli import cli
from pipeline.draft import draft_summary
from pipeline.review import list_flags
from pipeline.run import run_batch
from schemas.source import Part
from tests.conftest import SAMPLES_2024

ON = date(2024, 6, 26)


@pytest.fixture(scope="module")
def settled_draft(settled_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("draft") / "tu-mo-rong-2024-h1-draft.docx"
    return draft_summary(settled_db, "Tu Mơ Rông", "2024H1", out, ON)


def test_the_draft_has_the_letterhead_title_and_appendix(settled_draft):
    doc = Document(settled_draft)
    head = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert head == ["HĐND HUYỆN TU MƠ RÔNG\nTHƯỜNG TRỰC HĐND",
                    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
                    "Số:        /BC-TTHĐND", "Tu Mơ Rông, ngày 26 tháng 6 năm 2024"]
    text = [p.text for p in doc.paragraphs]
    assert text[0:2] == ["BÁO CÁO", "Tổng hợp kết quả hoạt động của HĐND huyện, xã 06 tháng "
                                    "đầu năm 2024, nhiệm kỳ 2021-2026"]
    # totals with their parts, as the seed writes them; Văn Xuôi's decided 11, not 12
    assert "Sau các kỳ họp, HĐND các cấp đã ban hành 18 nghị quyết (cấp huyện: 06 nghị " \
           "quyết; cấp xã: 12 nghị quyết)." in text
    assert "HĐND các cấp đã tổng hợp, tiếp thu 93 ý kiến, kiến nghị của cử tri (cấp huyện: " \
           "26 ý kiến, kiến nghị của cử tri; cấp xã: 67 ý kiến, kiến nghị của cử tri)." in text
    assert "- HĐND: 10 chuyên đề (trong đó huyện: 01; các xã: 09)." in text  # as the seed
    appendix = [t for t in text if t.startswith("Phụ lục số ")]
    assert appendix[:3] == ["Phụ lục số 1: Kỳ họp chuyên đề của HĐND các xã",
                            "Phụ lục số 2: Nghị quyết của HĐND các xã",
                            "Phụ lục số 3: Ý kiến, kiến nghị của cử tri của HĐND các xã"]
    petitions = doc.tables[2 + 2]  # letterhead, signature, then the appendix tables
    rows = [[c.text for c in r.cells] for r in petitions.rows]
    assert rows[0][:3] == ["TT", "Xã", "Số ý kiến, kiến nghị của cử tri"]
    assert rows[11][1:3] == ["Xã Văn Xuôi", "11"] and rows[12][1:3] == ["Tổng cộng", "67"]


def test_the_per_commune_lists_are_real_word_footnotes(settled_draft):
    with zipfile.ZipFile(settled_draft) as z:
        assert "word/footnotes.xml" in z.namelist()
        rels = z.read("word/_rels/document.xml.rels").decode()
        assert "relationships/footnotes" in rels
    doc = read_document(settled_draft)
    notes = doc.notes(Part.footnote)
    assert len(notes) >= 3
    texts = [" ".join(b.text for b in blocks) for _, blocks in sorted(notes.items())]
    assert texts[1].startswith("Xã Đăk Hà: 01 nghị quyết; xã Đăk Na: 01 nghị quyết;")
    assert "xã Măng Ri: 00 nghị quyết" in texts[1]  # Măng Ri named, with its zero
    anchor = next(b for b in doc.blocks if b.refs and b.text.startswith("Sau các kỳ họp"))
    assert [r.note for r in anchor.refs] == [2]


def test_reading_the_draft_back_beside_the_reports_raises_no_flag_of_its_own(
        settled_draft, tmp_path):
    folder = tmp_path / "round"
    folder.mkdir()
    for path in SAMPLES_2024:
        if path.name not in ("tu-mo-rong-2024-h1-summary.docx", "mang-ri-2024-h1-email.docx"):
            shutil.copy(path, folder)
    shutil.copy(settled_draft, folder)
    db = tmp_path / "round.db"
    summary = run_batch([folder], db, workers=1)
    assert not summary.failed
    flags = list_flags(db, "all")
    draft = settled_draft.name
    own = [(f.rule.value, f.unit) for f in flags if any(d.endswith(draft) for d in f.documents)]
    assert own == []
    # what is left is the commune reports' own business, not the summary's
    assert sorted(f.rule.value for f in flags) == [
        "duplicate_submission", "reference_conflict", "repeated_mismatch", "total_mismatch"]
    assert not {"cross_document_mismatch", "missing_unit"} & {f.rule.value for f in flags}


def test_a_disputed_figure_is_left_blank_with_a_comment(samples_db, tmp_path):
    path = draft_summary(samples_db, "Tu Mơ Rông", "2024H1", tmp_path / "d.docx", ON)
    doc = Document(path)
    blanks = [p.text for p in doc.paragraphs if "…" in p.text]
    assert "HĐND các cấp đã tổng hợp, tiếp thu … ý kiến, kiến nghị của cử tri (cấp huyện: " \
           "26 ý kiến, kiến nghị của cử tri; cấp xã: … ý kiến, kiến nghị của cử tri)." in blanks
    comments = [c.text for c in doc.comments]
    # on the total and on the communes' part, both unknown while Văn Xuôi's figure is open
    [petitions, _] = [c for c in comments if "Văn Xuôi" in c]
    assert "từ 67 đến 68" in petitions and "van-xuoi-2024-h1.docx: ghi 11" in petitions
    assert "tu-mo-rong-2024-h1-summary.docx: ghi 12" in petitions
    assert all(c.author == "baocao" for c in doc.comments)


def test_draft_command_writes_the_file_and_names_a_missing_district(settled_db, tmp_path):
    out = tmp_path / "d.docx"
    result = CliRunner().invoke(cli, ["draft", "--db", str(settled_db), "--district",
                                      "Tu Mơ Rông", "--period", "2024H1", "--out", str(out),
                                      "--date", "2024-06-26"])
    assert (result.exit_code, result.output) == (0, f"{out}\n")
    result = CliRunner().invoke(cli, ["draft", "--db", str(settled_db), "--district", "Sa Pa",
                                      "--period", "2024H1", "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: không có văn bản nào của Sa Pa 2024H1; có: "
                                    "Tu Mơ Rông 2024H1")
