"""`baocao read`: the blocks the reader saw, one line each, for a person to check."""
from __future__ import annotations

from schemas.source import Block, Document, Part

_NOTE_PARTS = (Part.footnote, Part.endnote)
_MARK = {Part.footnote: "^", Part.endnote: "^e"}


def marked_text(block: Block) -> str:
    """Return the block's text with each note reference shown as [^N] (endnotes [^eN])."""
    text = block.text
    out, pos = [], 0
    for ref in sorted(block.refs, key=lambda r: r.offset):
        out.append(text[pos:ref.offset])
        out.append(f"[{_MARK.get(ref.kind, '^')}{ref.note}]")
        pos = ref.offset
    out.append(text[pos:])
    return "".join(out)


def _where(block: Block) -> str:
    """Return the second column: block id, cell position, or a note's number and anchor."""
    if block.part in _NOTE_PARTS:
        return f"{block.note} → b{block.anchor_block}@{block.anchor_offset}"
    if block.table is not None:
        return f"{block.id} t{block.table}r{block.row}c{block.col}"
    return str(block.id)


def format_blocks(doc: Document) -> str:
    """Return one aligned line per block: part, id (or note → anchor), label, full text."""
    rows = [(b.part.value, _where(b), (b.label or "") + ("*" if b.label_auto else ""),
             marked_text(b) + (f"  ⟨{b.legacy_encoding}⟩" if b.legacy_encoding else ""))
            for b in doc.blocks]
    w_part = max((len(r[0]) for r in rows), default=0)
    w_where = max((len(r[1]) for r in rows), default=0)
    w_label = max((len(r[2]) for r in rows), default=0)
    lines = [f"# {doc.file} ({doc.source_format}, {len(doc.blocks)} khối / blocks,"
             f" sha256 {doc.sha256[:12]})"]
    lines += [f"{p:<{w_part}}  {w:>{w_where}}  {lab:<{w_label}}  {t}".rstrip()
              for p, w, lab, t in rows]
    lines += [f"! {w}" for w in doc.warnings]
    return "\n".join(lines)
