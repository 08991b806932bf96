"""What the reader saw: a document as blocks of NFC text in reading order."""
from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict

NORMALIZER_VERSION = "1"


class Part(str, Enum):
    body = "body"
    table = "table"
    footnote = "footnote"
    endnote = "endnote"
    header = "header"
    footer = "footer"
    textbox = "textbox"


class NoteRef(BaseModel):
    """A footnote or endnote reference mark inside a block's text."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: Part  # footnote or endnote
    note: int  # the note's number as shown (1-based, document order)
    offset: int  # character offset in the block text where the mark stands


class Block(BaseModel):
    """One paragraph, table cell paragraph, or note paragraph.

    `start`/`end` are half-open offsets of this block in `Document.text`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    id: int
    part: Part
    text: str
    start: int
    end: int
    label: str | None = None  # section label: "I", "2.1", "a" (no trailing punctuation)
    label_auto: bool = False  # label produced by Word numbering, not typed in the text
    style: str | None = None
    note: int | None = None  # for footnote/endnote blocks: the note number
    anchor_block: int | None = None  # for note blocks: block holding the reference mark
    anchor_offset: int | None = None  # offset of that mark in the anchor block's text
    table: int | None = None  # for table cells: table index in the document
    row: int | None = None
    col: int | None = None
    refs: tuple[NoteRef, ...] = ()
    legacy_encoding: str | None = None  # "tcvn3" / "vni" when any run was converted


class Document(BaseModel):
    """A whole document: `text` is every block's text joined by "\\n" in block order."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    file: str
    sha256: str
    size: int
    source_format: str  # "docx" or "doc"
    normalizer_version: str = NORMALIZER_VERSION
    text: str
    blocks: tuple[Block, ...]
    warnings: tuple[str, ...] = ()

    def block(self, block_id: int) -> Block:
        return self.blocks[block_id]

    def notes(self, part: Part = Part.footnote) -> dict[int, list[Block]]:
        """Return note number -> its blocks, for footnotes (default) or endnotes."""
        out: dict[int, list[Block]] = {}
        for b in self.blocks:
            if b.part == part and b.note is not None:
                out.setdefault(b.note, []).append(b)
        return out
