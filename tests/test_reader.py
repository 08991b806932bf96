"""The reader on the seed and on small documents built here: blocks, notes, labels, offsets."""
from __future__ import annotations

import re
import unicodedata

import pytest

from extractors.reader import read_document
from schemas.source import Part
from tests.conftest import SEED_DOCX, SHARED_SEED

SEED_TXT = SHARED_SEED / "000_1bd20a2f19e0a8a9.txt"
_NOTE_IN_TXT = re.compile(r"\s*\[(\d+):\s+(.*?)\]\s*(?=\[\d+:|$)")


def _seed_text_file() -> tuple[list[str], dict[int, str]]:
    """Return (body paragraphs, footnote number -> text) of the seed's text file."""
    text = unicodedata.normalize("NFC", SEED_TXT.read_text(encoding="utf-8"))
    body, notes = [], {}
    for line in text.split("\n"):
        line = re.sub(r"\[bookmark: [^\]]*\]", "", line)
        for m in _NOTE_IN_TXT.finditer(line):
            notes[int(m.group(1))] = m.group(2).strip()
        line = re.sub(r"\[footnoteRef:\d+\]", "", _NOTE_IN_TXT.sub("", line))
        if line.strip():
            body.append(line.strip())
    return body, notes


@pytest.fixture(scope="module")
def seed(seed_docx):
    return read_document(seed_docx)


def test_seed_reads_every_body_paragraph_in_order(seed):
    body, _ = _seed_text_file()
    got = [b.text.strip() for b in seed.blocks if b.part == Part.body]
    assert got == body


def test_seed_has_ten_footnotes_with_the_text_file_content(seed):
    _, notes = _seed_text_file()
    got = {n: " ".join(b.text for b in blocks) for n, blocks in seed.notes().items()}
    assert sorted(got) == list(range(1, 11))
    assert got == notes


def test_seed_footnote_1_is_anchored_after_cac_ky_hop_chuyen_de(seed):
    note = seed.notes()[1][0]
    anchor = seed.block(note.anchor_block)
    body_blocks = [b for b in seed.blocks if b.part == Part.body]
    section_1 = next(i for i, b in enumerate(body_blocks) if b.label == "1")
    assert anchor.id == body_blocks[section_1 + 1].id  # first paragraph of section 1
    assert anchor.text[:note.anchor_offset].endswith("các kỳ họp chuyên đề")
    assert anchor.text[note.anchor_offset:].startswith(" để đánh giá")


@pytest.mark.parametrize("number, before", [
    (1, "các kỳ họp chuyên đề"),
    (2, "cấp xã: 12 nghị quyết"),
    (3, "ở nhiều lĩnh vực"),
    (5, "có 68 kiến nghị gửi đến kỳ họp HĐND"),
    (6, "tại nơi mình ứng cử"),
    (9, "xây dựng, tổng hợp và ban hành thông báo kết luận"),
    (10, "chỉ đạo tổng hợp, ban hành thông báo kết luận"),
])
def test_seed_note_anchor_follows_its_words(seed, number, before):
    note = seed.notes()[number][0]
    anchor = seed.block(note.anchor_block)
    assert anchor.part == Part.body
    assert anchor.text[:note.anchor_offset].rstrip(" ,.;:(").endswith(before)
    assert any(r.note == number and r.offset == note.anchor_offset for r in anchor.refs)


def test_seed_anchors_follow_note_numbers_in_reading_order(seed):
    anchors = [(seed.notes()[n][0].anchor_block, seed.notes()[n][0].anchor_offset)
               for n in range(1, 11)]
    assert anchors == sorted(anchors)
    assert len(set(anchors)) == 10


def test_seed_section_labels(seed):
    labels = [b.label for b in seed.blocks if b.label is not None]
    assert labels == ["I", "1", "2", "2.1", "2.2", "3", "3.1", "3.2", "4", "5", "5.1", "5.2",
                      "5.3", "5.4", "5.5", "6", "II", "1", "2", "2.1", "a", "b", "c", "d", "e",
                      "2.2", "IV", "1", "2"]
    assert not any(b.label_auto for b in seed.blocks)
    assert all(b.label is None for b in seed.blocks if b.text.startswith(("-", "+")))


def test_document_text_is_blocks_joined_and_spans_point_into_it(seed):
    assert seed.text == "\n".join(b.text for b in seed.blocks)
    for i, b in enumerate(seed.blocks):
        assert b.id == i
        assert seed.text[b.start:b.end] == b.text
    assert unicodedata.is_normalized("NFC", seed.text)


def test_block_order_is_body_then_footnotes(seed):
    parts = [b.part for b in seed.blocks]
    first_note = parts.index(Part.footnote)
    assert set(parts[:first_note]) == {Part.body}
    assert set(parts[first_note:]) == {Part.footnote}
    assert [b.note for b in seed.blocks[first_note:]] == list(range(1, 11))


def test_seed_note_text_drops_the_mark_and_its_space(seed):
    for blocks in seed.notes().values():
        assert not blocks[0].text[:1].isspace()


def test_seed_file_identity(seed):
    import hashlib
    data = SEED_DOCX.read_bytes()
    assert seed.sha256 == hashlib.sha256(data).hexdigest()
    assert seed.size == len(data)
    assert seed.source_format == "docx"
    assert seed.warnings == ()
