"""The hooks into WeasyPrint's fonts (weasyprint_fonts.py) hold for the pinned WeasyPrint: fonts read in place give
the same PDF without a copy of their font files, also with another thread laying out at the same time."""
import threading

import weasyprint
import weasyprint.pdf.fonts
import weasyprint.pdf.stream

from apps.documents import weasyprint_fonts

HTML = ('<p style="font-family: \'Noto Serif CJK SC\'">沁阳市政务服务和大数据管理局 <b>公开01表 收入支出决算总表</b> '
        '202.74 万元</p>')


def spy(monkeypatch, module, name) -> list[int]:
    """The size of each font data `module.name` copies out of HarfBuzz from now on."""
    copied, original = [], getattr(module, name)

    def counting(*args, **kwargs):
        data = original(*args, **kwargs)
        copied.append(len(data or b""))
        return data

    monkeypatch.setattr(module, name, counting)
    return copied


def test_fonts_read_in_place_give_the_same_pdf_without_copying_their_files(monkeypatch):
    # WeasyPrint as it comes (an earlier PDF of this process installed the hooks)
    monkeypatch.setattr(weasyprint.pdf.fonts, "get_hb_object_data", weasyprint_fonts._whole_file)
    monkeypatch.setattr(weasyprint.pdf.stream, "Font", weasyprint.pdf.fonts.Font)
    copied = spy(monkeypatch, weasyprint.pdf.fonts, "get_hb_object_data")
    whole = weasyprint.HTML(string=HTML).write_pdf()
    assert max(copied) > 20_000_000  # WeasyPrint's own Font copies the Noto CJK collection (26 MB)

    monkeypatch.setattr(weasyprint.pdf.fonts, "get_hb_object_data", weasyprint_fonts._font_data)
    monkeypatch.setattr(weasyprint.pdf.stream, "Font", weasyprint_fonts.FontReadInPlace)
    copied = spy(monkeypatch, weasyprint_fonts, "_whole_file")
    results = []
    threads = [threading.Thread(target=lambda: results.append(weasyprint.HTML(string=HTML).write_pdf()))
               for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [whole] * 3
    assert copied and max(copied) < 2_000_000  # only the subsets


def test_every_pdf_reads_its_fonts_in_place(monkeypatch, demo_report, settings):
    from apps.documents.disclosure import build_disclosure
    from apps.documents.rendering import render_pdf

    monkeypatch.setattr(weasyprint.pdf.fonts, "get_hb_object_data", weasyprint_fonts._whole_file)  # as it comes
    monkeypatch.setattr(weasyprint.pdf.stream, "Font", weasyprint.pdf.fonts.Font)
    copied = spy(monkeypatch, weasyprint_fonts, "_whole_file")
    settings.PDF_LAYOUT_PROCESSES = 1  # laid out here, where the copies can be seen
    assert render_pdf(build_disclosure(demo_report)).startswith(b"%PDF")
    assert copied and max(copied) < 2_000_000
