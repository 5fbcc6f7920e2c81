"""The hooks into WeasyPrint's fonts (weasyprint_fonts.py) hold for the pinned WeasyPrint: a font read in place gives
the same PDF without copying its font file whole."""
import weasyprint
import weasyprint.pdf.fonts
import weasyprint.pdf.stream

from apps.documents.weasyprint_fonts import FontReadInPlace

HTML = ('<p style="font-family: \'Noto Serif CJK SC\'">沁阳市政务服务和大数据管理局 <b>公开01表 收入支出决算总表</b> '
        '202.74 万元</p>')


def written_with_copies(monkeypatch) -> tuple[bytes, list[int]]:
    """The PDF, and the size of every font data WeasyPrint copied out of HarfBuzz while writing it."""
    copied, original = [], weasyprint.pdf.fonts.get_hb_object_data

    def counting(*args, **kwargs):
        data = original(*args, **kwargs)
        copied.append(len(data or b""))
        return data

    monkeypatch.setattr(weasyprint.pdf.fonts, "get_hb_object_data", counting)
    return weasyprint.HTML(string=HTML).write_pdf(), copied


def test_a_font_read_in_place_gives_the_same_pdf_without_copying_its_file(monkeypatch):
    whole, copies = written_with_copies(monkeypatch)
    assert max(copies) > 20_000_000  # WeasyPrint's own Font copies the Noto CJK collection (26 MB)

    monkeypatch.setattr(weasyprint.pdf.stream, "Font", FontReadInPlace)
    in_place, copies = written_with_copies(monkeypatch)
    assert in_place == whole
    assert copies and max(copies) < 2_000_000  # only the subsets
