"""Plans: the blocks of a plans section, the sentences that plan a figure, and counts read
there marked planned (so that the reconciler leaves them out of the period's figures)."""
from __future__ import annotations

import pytest

from extractors.facts.candidates import Context
from extractors.facts.counts import extract_counts
from extractors.facts.plans import plan_blocks, planned_at
from extractors.places import nfc
from extractors.reader.labels import typed_label
from schemas.source import Block, Document, Part

COMMUNE = Context("commune_report", "commune", "Đăk Sao", "Tu Mơ Rông", "Kon Tum",
                  {"Đăk Sao": "Đăk Sao"}.get)
PERIOD = "Trong 6 tháng đầu năm 2024, HĐND xã tổ chức 02 kỳ họp thường lệ."
TASK = "- Tổ chức 01 kỳ họp thường lệ; tiếp xúc cử tri 02 đợt."


def _doc(paras: list, notes: dict[int, tuple[str, int]] | None = None) -> Document:
    """Build a Document of body paragraphs (labels typed in the text, or (Word label, text)
    for automatic numbering, or a table as a list of rows of cell texts) and footnotes
    {n: (text, anchor block)}."""
    blocks: list[Block] = []
    pos = 0

    def add(text: str, **kw) -> None:
        nonlocal pos
        blocks.append(Block(id=len(blocks), text=text, start=pos, end=pos + len(text), **kw))
        pos += len(text) + 1

    tables = 0
    for p in paras:
        if isinstance(p, list):
            for r, row in enumerate(p):
                for c, cell in enumerate(row):
                    add(cell, part=Part.table, table=tables, row=r, col=c,
                        label=typed_label(cell))
            tables += 1
        elif isinstance(p, tuple):
            add(p[1], part=Part.body, label=p[0], label_auto=True)
        else:
            add(p, part=Part.body, label=typed_label(p))
    for n, (text, anchor) in sorted((notes or {}).items()):
        add(text, part=Part.footnote, note=n, anchor_block=anchor,
            anchor_offset=len(blocks[anchor].text))
    return Document(file="t.docx", sha256="0" * 64, size=1, source_format="docx",
                    text="\n".join(b.text for b in blocks), blocks=tuple(blocks))


@pytest.mark.parametrize("paras, inside", [
    # the brief's case: a plans section up to the next heading of its level
    (["I. KẾT QUẢ HOẠT ĐỘNG", PERIOD, "II. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2024",
      TASK, "III. TỔ CHỨC THỰC HIỆN", PERIOD], {2, 3}),
    # sub-headings and numbered tasks inside do not end it; the closing line does
    (["I. KẾT QUẢ", PERIOD, "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM TRONG 06 THÁNG CUỐI NĂM 2024",
      "1. Phương hướng", TASK, "2. Nhiệm vụ", "a) Tổ chức 01 kỳ họp", "b) Giám sát 02 chuyên đề",
      "Trên đây là báo cáo kết quả hoạt động 6 tháng đầu năm 2024 của HĐND xã./."],
     {2, 3, 4, 5, 6, 7}),
    # a plans sub-section ends at the next sibling, even after numbered tasks "1., 2., 3., 4."
    (["I. KẾT QUẢ", "1. Kỳ họp", PERIOD, "2. Nhiệm vụ trọng tâm thời gian tới",
      "1. Tổ chức 01 kỳ họp", "2. Tổ chức 01 kỳ họp", "3. Giám sát 01 chuyên đề",
      "4. Tiếp 10 lượt công dân", "3. Kiến nghị", PERIOD], {3, 4, 5, 6, 7}),
    # a higher heading ends a dotted sub-section
    (["II. HOẠT ĐỘNG", "2.1. Kỳ họp", PERIOD, "2.2. Kế hoạch hoạt động thời gian tới", TASK,
      "III. KIẾN NGHỊ", PERIOD], {3, 4}),
    # Word's numbering: the label is not in the text
    ([("I", "KẾT QUẢ HOẠT ĐỘNG"), PERIOD, ("II", "PHƯƠNG HƯỚNG NHIỆM VỤ NĂM 2025"), TASK,
      "PHỤ LỤC", PERIOD], {2, 3}),
    # a table of targets is inside; the signature table ends the plans, the table after it
    # (an appendix without its title) is the period's again
    (["I. KẾT QUẢ", "II. PHƯƠNG HƯỚNG NHIỆM VỤ", [["1. Kỳ họp", "01"], ["III. Tiếp dân", "05"]],
      [["Nơi nhận:", "TM. THƯỜNG TRỰC HĐND"]], [["Xã", "Số kỳ họp"], ["Đăk Sao", "02"]]],
     {1, 2, 3, 4, 5}),
    # "nhiệm vụ" with no time to come, "kết quả ... phương hướng", a title: no plans section
    (["I. NHIỆM VỤ, QUYỀN HẠN CỦA HĐND XÃ", PERIOD,
      "II. KẾT QUẢ VÀ PHƯƠNG HƯỚNG", PERIOD,
      "Phương hướng, nhiệm vụ 6 tháng cuối năm 2024", TASK], set()),
    # parts the reader gives no label: "PHẦN II" ends at the next part, not at its "I."
    (["PHẦN I: KẾT QUẢ HOẠT ĐỘNG", "I. Kỳ họp", PERIOD,
      "PHẦN II: PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2024", "I. Kỳ họp", TASK,
      "II. Tiếp xúc cử tri", TASK, "PHẦN III. TỔ CHỨC THỰC HIỆN", PERIOD], {3, 4, 5, 6, 7}),
    (["Phần thứ nhất. Kết quả", "1. Kỳ họp", PERIOD,
      "Phần thứ hai. Nhiệm vụ trọng tâm năm 2025", "1. Kỳ họp", TASK,
      "Trên đây là báo cáo của HĐND xã./.", PERIOD], {3, 4, 5}),
    # prose that starts like a part
    (["I. KẾT QUẢ", "Phần II phương hướng nhiệm vụ thời gian tới chưa cụ thể.", TASK], set()),
    # what was done: no plan, even in plans words
    (["I. NHIỆM VỤ TRỌNG TÂM ĐÃ THỰC HIỆN TRONG 6 THÁNG ĐẦU NĂM", PERIOD,
      "II. Phương hướng hoạt động và kết quả đạt được", PERIOD], set()),
    # a plan for the first half of next year is a plan
    (["I. KẾT QUẢ NĂM 2024", PERIOD, "II. PHƯƠNG HƯỚNG NHIỆM VỤ 6 THÁNG ĐẦU NĂM 2025", TASK],
     {2, 3}),
])
def test_plans_section_runs_from_its_heading_to_the_next_of_its_level(paras, inside):
    assert plan_blocks(_doc(paras)) == inside


def test_a_footnote_anchored_in_a_plans_section_is_inside_it():
    doc = _doc(["I. KẾT QUẢ", PERIOD, "II. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM", TASK],
               notes={1: ("Xã Đăk Sao 6 ý kiến", 1), 2: ("Xã Đăk Sao 2 đợt", 3)})
    inside = plan_blocks(doc)
    assert [b.note for b in doc.blocks if b.id in inside and b.note] == [2]


@pytest.mark.parametrize("text, number, planned", [
    ("Dự kiến tổ chức 01 kỳ họp chuyên đề trong tháng 7.", "01", True),
    ("HĐND xã sẽ tổ chức 01 kỳ họp chuyên đề.", "01", True),
    ("Đã tổ chức 02 kỳ họp. Dự kiến tổ chức 01 kỳ họp.", "02", False),
    ("Dự kiến tổ chức 1 kỳ họp; đã tổ chức 04 kỳ họp.", "04", False),  # the next clause
    ("Kỳ họp dự kiến nhưng đã tổ chức 03 kỳ họp.", "03", False),  # done after the cue
    ("Tổ chức 02 kỳ họp, dự kiến tháng 12 tổ chức kỳ họp cuối năm.", "02", False),  # cue after
    ("Tổ chức 02 kỳ họp theo kế hoạch.", "02", False),
    ("Ngày 18.7.2024 sẽ tổ chức 01 kỳ họp.", "01", True),  # dots in a date end no sentence
    ("Dự kiến, trong tháng 7 tổ chức 01 kỳ họp chuyên đề.", "01", True),
    ("Các kiến nghị sẽ được tiếp tục đôn đốc, trong đó có 05 kiến nghị chưa giải quyết.", "05",
     False),  # "sẽ" plans its own clause only
])
def test_a_sentence_plans_a_figure_after_du_kien_or_se(text, number, planned):
    assert planned_at(text, text.rindex(number)) is planned


def _planned(paras, ctx=COMMUNE) -> list[tuple[int, int, bool]]:
    return [(c.evidence.block, c.value, bool(c.qualifiers.planned))
            for c in extract_counts(_doc(paras), ctx)]


def test_counts_in_a_plans_section_are_planned_and_the_next_heading_ends_it():
    paras = ["I. KẾT QUẢ HOẠT ĐỘNG", "HĐND xã tổ chức 02 kỳ họp thường lệ, ban hành 08 nghị quyết.",
             "II. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM", "- Tổ chức 01 kỳ họp thường lệ.",
             "III. KIẾN NGHỊ, ĐỀ XUẤT", "Tổng hợp 05 ý kiến cử tri."]
    assert _planned(paras) == [(1, 2, False), (1, 8, False), (3, 1, True), (5, 5, False)]


def test_dự_kiến_in_the_body_plans_a_count_and_not_a_number_of_days():
    paras = ["I. KẾT QUẢ HOẠT ĐỘNG", "Dự kiến tổ chức vào 02 ngày 18-19/7/2024.",
             "Dự kiến tổ chức 01 kỳ họp chuyên đề trong tháng 7.", "Đã tổ chức 02 kỳ họp."]
    assert _planned(paras) == [(2, 1, True), (3, 2, False)]


def test_the_parts_of_a_planned_total_are_planned():
    paras = ["I. KẾT QUẢ", "Đã tổ chức 02 kỳ họp.",
             "II. NHIỆM VỤ TRỌNG TÂM NĂM 2025",
             "Tổ chức 03 kỳ họp, trong đó có 02 kỳ họp thường lệ, 01 kỳ họp chuyên đề."]
    counts = extract_counts(_doc(paras), COMMUNE)
    planned = [c for c in counts if c.qualifiers.planned]
    assert [c.value for c in planned] == [3, 2, 1]
    assert {c.total_id for c in planned[1:]} == {planned[0].id}
    assert [c.qualifiers.planned for c in counts if c.evidence.block == 1] == [None]


def test_the_seed_plans_section_holds_no_count(seed_docx):
    from extractors.reader import read_document
    from pipeline.extract import extract_document

    doc = read_document(seed_docx)
    inside = sorted(plan_blocks(doc))
    heading = doc.blocks[inside[0]]
    assert heading.label == "IV" and "PHƯƠNG HƯỚNG" in heading.text
    assert doc.blocks[inside[-1] + 1].text.startswith("Trên đây là")
    record = extract_document(doc)
    assert [c for c in record.counts if c.qualifiers.planned] == []


TARGETS = ("- Tổ chức 01 kỳ họp thường lệ, 01 kỳ họp chuyên đề; ban hành 30 nghị quyết; tổ chức "
           "09 đợt tiếp xúc cử tri; giám sát 07 chuyên đề; tiếp 50 lượt công dân.")


def _add_targets(path) -> bool:
    """Write TARGETS under the plans heading of the DOCX at `path`; return whether it has one."""
    import copy

    import docx
    from docx.text.paragraph import Paragraph

    d = docx.Document(path)
    paras = d.paragraphs
    # some generated clerks write decomposed Unicode
    heading = next((i for i, p in enumerate(paras) if "PHƯƠNG HƯỚNG" in nfc(p.text)), None)
    if heading is None:
        return False
    task = paras[heading + 1]
    new = copy.deepcopy(task._p)
    task._p.addprevious(new)
    Paragraph(new, task._parent).text = TARGETS
    d.save(path)
    return True


def _unplanned(records):
    return [r.model_copy(update={"counts": [
        c.model_copy(update={"qualifiers": c.qualifiers.model_copy(update={"planned": None})})
        for c in r.counts]}) for r in records]


@pytest.mark.parametrize("district, province, seed", [("Sa Pa", "Lào Cai", 4),
                                                      ("Tu Mơ Rông", "Kon Tum", 7)])
def test_targets_in_every_plans_section_change_no_flag(tmp_path, district, province, seed):
    """A generated district with 6 planted discrepancies, then the same reports with figures
    under their plans headings that contradict every figure of the period."""
    from pipeline.corpus import generate
    from pipeline.extract import extract_file
    from pipeline.reconcile import reconcile

    generate.generate_corpus(tmp_path, district=district, province=province, seed=seed,
                             discrepancies=6)
    files = sorted(tmp_path.glob("*.docx"))
    before = [extract_file(f) for f in files]
    assert all(_add_targets(f) for f in files)
    after = [extract_file(f) for f in files]
    for old, new in zip(before, after):
        planned = [c for c in new.counts if c.qualifiers.planned]
        # beside the targets some generated clerks write of their own
        assert sorted(c.value for c in planned) == sorted([1, 1, 30, 9, 7, 50] + [
            c.value for c in old.counts if c.qualifiers.planned]), new.file
        kept = [c for c in new.counts if not c.qualifiers.planned]
        assert [(c.indicator, c.value, c.unit, c.evidence.text) for c in kept] == \
            [(c.indicator, c.value, c.unit, c.evidence.text) for c in old.counts
             if not c.qualifiers.planned]
    flags = {(f.rule, f.id) for f in reconcile(before)}
    assert len(flags) >= 6
    assert {(f.rule, f.id) for f in reconcile(after)} == flags
    # read as figures of the period, the targets would raise flags of their own
    assert {(f.rule, f.id) for f in reconcile(_unplanned(after))} > flags
