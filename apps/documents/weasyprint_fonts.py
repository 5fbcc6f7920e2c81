"""Where the PDF assembly (pdf_assembly.py) reaches into WeasyPrint's handling of fonts (weasyprint==70.0, pinned).

tests/disclosure/test_weasyprint_fonts.py and test_pdf_assembly.py check that they give the PDF WeasyPrint gives
without them (byte for byte; page by page, drawn).

- `fonts_read_in_place()`: WeasyPrint copies the whole font file of each font it embeds into memory before it
  subsets it (`Font.file_content`), although the subset is made from HarfBuzz's face of the file. The print fonts are
  collections of 26 and 27 MB (Noto Serif CJK regular and bold): a child laying out half the demo grew by 106 MB
  with the copies, by 25 MB without. With the hook, a font's file is copied only where WeasyPrint reads it whole
  (variable, colour and bitmap fonts, none of which we print with); the PDF is the same, byte for byte. Installed
  for every PDF (`rendering.render_pdf`), also where a threaded server lays it out in one pass: the font being built
  is marked per thread.
- `fonts_covering(glyphs)`: while a document is written, its fonts also hold the glyphs other documents drew with
  fonts of the same names, so that one subset serves the pages of all (pdf_assembly.py; only in the single-threaded
  child that writes the frames).
"""
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import weasyprint.pdf
import weasyprint.pdf.fonts
import weasyprint.pdf.stream

Glyphs = dict[str, tuple[dict[int, str], dict[int, int]]]  # font name → its glyphs' texts and widths, by glyph id


_whole_file = weasyprint.pdf.fonts.get_hb_object_data  # WeasyPrint's own: copies a HarfBuzz face's data
_building = threading.local()


def _font_data(hb_object, *args, **kwargs):
    """WeasyPrint's `get_hb_object_data`, except for the copy of the whole file a font makes as it is built."""
    if getattr(_building, "font", False):
        return None
    return _whole_file(hb_object, *args, **kwargs)


class FontReadInPlace(weasyprint.pdf.fonts.Font):
    """WeasyPrint's font whose file is copied only when something reads it whole (`file_content`)."""

    def __init__(self, *args):
        _building.font = True
        try:
            super().__init__(*args)
        finally:
            _building.font = False

    @property
    def file_content(self) -> bytes:
        if self._file_content is None:
            self._file_content = _whole_file(self.hb_face)
        return self._file_content

    @file_content.setter
    def file_content(self, value):
        self._file_content = value


def fonts_read_in_place() -> None:
    """From now on in this process, fonts are read in place (idempotent; safe with threads)."""
    weasyprint.pdf.fonts.get_hb_object_data = _font_data
    weasyprint.pdf.stream.Font = FontReadInPlace


def drawn_glyphs(document) -> Glyphs | None:
    """The glyphs of each font a written document drew (`Font.to_unicode` and `Font.widths`); None when it drew a
    character no font has (WeasyPrint gives each such character a glyph id of its own, one process's alone)."""
    glyphs: Glyphs = {}
    for font in document.fonts.values():
        if font.missing:
            return None
        texts, widths = glyphs.setdefault(font.hash, ({}, {}))
        for glyph, text in font.to_unicode.items():
            texts.setdefault(glyph, text)
        widths.update(font.widths)
    return glyphs


def read_alike(glyphs: list[Glyphs]) -> bool:
    """Whether every glyph drawn by several documents reads as the same text in each. A glyph may stand for two
    characters (Noto CJK draws ⽇, the radical, and 日 alike); a PDF reads each glyph as the text it first stood
    for, so its fonts can be shared only where the documents agree."""
    seen: dict[tuple[str, int], str] = {}
    for drawn in glyphs:
        for name, (texts, _) in drawn.items():
            for glyph, text in texts.items():
                if seen.setdefault((name, glyph), text) != text:
                    return False
    return True


@contextmanager
def fonts_covering(glyphs: list[Glyphs]) -> Iterator[None]:
    """While a document is written, its fonts also hold the glyphs `glyphs` drew with fonts of the same names.
    WeasyPrint names a font by a hash of its description (the same in every process) and subsets it keeping the
    whole font's glyph ids, so a glyph id means the same glyph in every subset of a font."""
    build = weasyprint.pdf.build_fonts_dictionary

    def build_covering(pdf, fonts, *args, **kwargs):
        for font in fonts.values():
            for drawn in glyphs:
                texts, widths = drawn.get(font.hash, ({}, {}))
                for glyph, text in texts.items():  # the document's own reading first (its pages come first)
                    font.to_unicode.setdefault(glyph, text)
                font.widths.update(widths)
        return build(pdf, fonts, *args, **kwargs)

    weasyprint.pdf.build_fonts_dictionary = build_covering
    try:
        yield
    finally:
        weasyprint.pdf.build_fonts_dictionary = build
