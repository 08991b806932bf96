"""Style chains of styles.xml: the font a run is drawn in, numbering a style gives."""
from __future__ import annotations

from extractors.reader.labels import read_numpr
from extractors.reader.package import W


def rfonts_font(rpr) -> str | None:
    """Return the font a run property set names for non-ASCII text, "" for a theme font."""
    if rpr is None:
        return None
    rfonts = rpr.find(W + "rFonts")
    if rfonts is None:
        return None
    # Word draws characters at or above U+0080 with hAnsi: that is where legacy text lives.
    font = rfonts.get(W + "hAnsi") or rfonts.get(W + "ascii")
    if font:
        return font
    if rfonts.get(W + "hAnsiTheme") or rfonts.get(W + "asciiTheme"):
        return ""
    return None


class Styles:
    """Style chains: fonts (for legacy encodings) and numbering inherited from styles."""

    def __init__(self, root, fonts: bool = True):
        """Read `root` (styles.xml); `fonts=False` skips fonts when no legacy font is named."""
        self.based: dict[str, str] = {}
        self.font: dict[str, str] = {}
        self.num: dict[str, tuple[str | None, int | None]] = {}
        self.default_para: str | None = None
        self.default_font: str | None = None
        self._num_cache: dict[str | None, tuple[str | None, int | None]] = {}
        if root is None:
            return
        # Targeted iter() walks run in C: far cheaper than visiting every style in Python.
        for style in root.iter(W + "style"):
            if style.get(W + "default") in ("1", "true") and style.get(W + "type") == "paragraph":
                self.default_para = style.get(W + "styleId")
                break
        for based in root.iter(W + "basedOn"):
            sid = based.getparent().get(W + "styleId")
            if sid and based.get(W + "val"):
                self.based[sid] = based.get(W + "val")
        for numpr in root.iter(W + "numPr"):
            owner = numpr.getparent().getparent()
            if owner.tag == W + "style" and owner.get(W + "styleId"):
                self.num[owner.get(W + "styleId")] = read_numpr(numpr)
        if not fonts:
            return
        for rfonts in root.iter(W + "rFonts"):
            rpr = rfonts.getparent()
            owner = rpr.getparent()
            font = rfonts_font(rpr)
            if font is None:
                continue
            if owner.tag == W + "rPrDefault":
                self.default_font = font
            elif owner.tag == W + "style" and owner.get(W + "styleId"):
                self.font[owner.get(W + "styleId")] = font

    def _chain(self, sid: str | None):
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            yield sid
            sid = self.based.get(sid)

    def font_of(self, style: str | None) -> str | None:
        for sid in self._chain(style):
            if sid in self.font:
                return self.font[sid]
        return None

    def numpr_of(self, style: str | None) -> tuple[str | None, int | None]:
        """Return the (numId, ilvl) a paragraph style gives, through its chain."""
        found = self._num_cache.get(style)
        if found is None:
            found = next((self.num[sid] for sid in self._chain(style) if sid in self.num),
                         (None, None))
            self._num_cache[style] = found
        return found
