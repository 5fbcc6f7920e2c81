"""Hostile workbooks built from the demo's own: a sheet's XML part patched inside the zip, as an attacker would."""
import gc
import io
import re
import resource
import time
import tracemalloc
import zipfile
from dataclasses import dataclass


def sheet_part(content: bytes, sheet: str) -> str:
    """The zip member of a sheet of a workbook this product wrote (its sheets are sheet1.xml, sheet2.xml… in order)."""
    names = re.findall(r'<sheet name="([^"]+)"', zipfile.ZipFile(io.BytesIO(content)).read("xl/workbook.xml").decode())
    return f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"


def patched(content: bytes, sheet: str, change) -> bytes:
    """The workbook with the XML of `sheet` replaced by change(xml text)."""
    part = sheet_part(content, sheet)
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                changed = change(data.decode("utf-8"))
                assert changed != data.decode("utf-8"), "the patch did not apply"
                data = changed.encode("utf-8")
            archive.writestr(info.filename, data)
    return out.getvalue()


def add_merge(ref: str):
    """A <mergeCell ref> added to the sheet's merged ranges (a <mergeCells> element made when it has none)."""
    def change(xml):
        if "<mergeCells" in xml:
            return re.sub(r"<mergeCells count=\"(\d+)\">",
                          lambda m: f'<mergeCells count="{int(m[1]) + 1}"><mergeCell ref="{ref}"/>', xml, count=1)
        merges = f'<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'
        return xml.replace("</sheetData>", "</sheetData>" + merges, 1)
    return change


def set_dimension(ref: str):
    return lambda xml: re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', xml, count=1)


def add_row(row_xml: str):
    """A <row> appended at the end of the sheet's data."""
    return lambda xml: xml.replace("</sheetData>", row_xml + "</sheetData>", 1)


def add_hyperlink(ref: str):
    """An internal hyperlink over a range (openpyxl gives every cell of the range its own copy of the link)."""
    link = f'<hyperlinks><hyperlink ref="{ref}" location="\'封面\'!A1" display="x"/></hyperlinks>'
    def change(xml):
        anchor = "</mergeCells>" if "</mergeCells>" in xml else "</sheetData>"
        return xml.replace(anchor, anchor + link, 1)
    return change


@dataclass
class Cost:
    seconds: float
    python_peak_mb: float  # tracemalloc: the peak of Python allocations during the call
    rss_growth_mb: float  # ru_maxrss: how far the process's resident-set high-water mark rose during the call


def cost_of(call) -> tuple[object, Cost]:
    """Run `call` twice: once timed alone, once under tracemalloc (which slows Python down) and ru_maxrss.

    tracemalloc sees every allocation made through Python's allocator (openpyxl's cells, our sets), not memory that
    C libraries take for themselves; ru_maxrss sees everything but only as a high-water mark of the whole process
    (a rise of zero means the call stayed below the process's earlier peak)."""
    gc.collect()
    start = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - start
    gc.collect()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    try:
        call()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before  # KiB on Linux
    return result, Cost(seconds, peak / 1024 / 1024, rss_growth / 1024)
