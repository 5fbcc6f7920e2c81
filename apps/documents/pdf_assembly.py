"""The official PDF laid out by two child processes at once, then put together as one document.

WeasyPrint lays out a document on one core; the parts of a disclosure each start on a new page (`.part`,
`.table-part`: `break-before: page`), so they can be laid out separately without changing a single line break:

1. `split_document` cuts the printable HTML into the front matter (cover, 目录) and *units*: each 部分, and each
   table of 第二部分 after the first.
2. The units are dealt to two groups of about the same size, laid out at once by two forked children without page
   footers (`render_group`). Each reports, page by page, its size, its bookmarks and where the anchors of the 目录
   lie.
3. A last WeasyPrint pass in a third child (`frame_html`) lays out the front matter followed by one empty *frame*
   page per page of the units, in document order, each with the page's named page (portrait or `wide`), and
   invisible markers that repeat its bookmarks and anchors at their places. WeasyPrint itself thus numbers every
   page (第 N 页 共 M 页), fills in the 目录's page numbers and links, builds the bookmarks and writes the metadata,
   as for a document laid out in one piece; the draft watermark is drawn there too, under the content as before.
4. `assemble` draws each unit page into its frame page (a form XObject over the frame's footer and watermark).

Fonts are embedded once, as in a document laid out in one pass. WeasyPrint names a font in a PDF by a hash of its
description (the same in every process) and subsets it keeping the glyph ids of the whole font. Each group reports
the glyphs it drew (`GroupResult.glyphs`); the frame pass adds them to its own fonts of the same names before they
are subset (`weasyprint_fonts.fonts_covering`), so the frame PDF's fonts hold every glyph of the document, and the
unit pages use them in place of their group's (`_form_resources`).

The result reads the same as the document laid out in one pass: same pages, same text page by page
(tests/disclosure/test_pdf_assembly.py). Where anything does not fit (a single unit, a process with threads, which
must not fork, a frame that does not match its page, or fonts that cannot be shared), the caller lays the document
out in one pass instead.
"""
import gc
import logging
import os
import pickle
import re
import threading
from dataclasses import dataclass
from html import escape
from io import BytesIO
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from apps.documents.weasyprint_fonts import Glyphs

logger = logging.getLogger(__name__)

# What the printable HTML (templates/disclosure/_document.html, _table.html) is cut at.
BODY_OPEN = re.compile(r"<body[^>]*>")
WATERMARK = re.compile(r'<div class="watermark".*?</div>', re.DOTALL)
PART = re.compile(r'(?=<article class="part )')
TABLE_PART = re.compile(r'(?=<section class="table-part)')
FIRST_ID = re.compile(r'\sid="([^"]+)"')
TOC_TARGET = re.compile(r'<a href="#([^"]+)"')

NO_FOOTER = "<style>@page { @bottom-center { content: none; } }</style>"
FRAME_STYLE = """<style>
.pdf-frame { break-before: page; position: relative; height: 0; margin: 0; }
.pdf-frame.wide { page: wide; }
.pdf-mark { position: absolute; width: 0; height: 0; bookmark-label: attr(data-label); }
</style>"""


@dataclass
class Split:
    head: str  # <!doctype html> … </head>, without the closing tag
    body_open: str
    watermark: str  # the draft watermark (empty when published)
    front: str  # the cover and the 目录
    units: list[str]  # each starts on a new page; in document order

    @property
    def toc_targets(self) -> set[str]:
        return set(TOC_TARGET.findall(self.front))


@dataclass
class GroupPage:
    """One page laid out by a group: its size (CSS px), where its content box starts, its bookmarks and anchors."""

    width: float
    height: float
    origin: tuple[float, float]
    bookmarks: list[tuple[int, str, tuple[float, float], str]]
    anchors: dict[str, tuple[float, float]]


@dataclass
class GroupResult:
    pdf: bytes
    pages: list[GroupPage]
    unit_pages: list[int]  # the number of pages of each unit of the group, in order
    glyphs: "Glyphs"  # the glyphs drawn, for the frame pass's fonts


def split_document(html: str) -> Split | None:
    """The printable HTML cut into front matter and units, or None when it is not of the expected shape."""
    head_end, body = html.find("</head>"), BODY_OPEN.search(html)
    body_end = html.rfind("</body>")
    if head_end < 0 or body is None or body_end < 0:
        return None
    inside = html[body.end():body_end]
    watermark = WATERMARK.search(inside)
    if watermark and watermark.start() == inside.find("<div"):
        inside = inside[:watermark.start()] + inside[watermark.end():]
    pieces = PART.split(inside)
    front, parts = pieces[0], pieces[1:]
    units = []
    for part in parts:
        tables = TABLE_PART.split(part)
        if len(tables) <= 2:  # not 第二部分, or a single table: one unit
            units.append(part)
            continue
        opening, first, rest = tables[0], tables[1], tables[2:]
        units.append(opening + first + "</article>")
        rest[-1] = rest[-1][:rest[-1].rfind("</article>")]
        units += rest
    if len(units) < 2 or not all(FIRST_ID.search(unit) for unit in units):
        return None
    return Split(html[:head_end], body.group(0), watermark.group(0) if watermark else "", front, units)


def deal(units: list[str], groups: int = 2) -> list[list[int]]:
    """The units' indexes in `groups` groups that take about as long, measuring a unit by its length of HTML (a fair
    measure of its layout time), the largest first to the group with less to do. Each group in document order; an
    empty group is left out."""
    loads, dealt = [0] * groups, [[] for _ in range(groups)]
    for index in sorted(range(len(units)), key=lambda i: -len(units[i])):
        lightest = loads.index(min(loads))
        dealt[lightest].append(index)
        loads[lightest] += len(units[index])
    return [sorted(group) for group in dealt if group]


def render_group(split: Split, indexes: list[int], make_html) -> GroupResult:
    """Lay out the units `indexes` as one document without page footers; `make_html(html)` is WeasyPrint's HTML."""
    from apps.documents.weasyprint_fonts import drawn_glyphs

    html = f"{split.head}{NO_FOOTER}</head>{split.body_open}{''.join(split.units[i] for i in indexes)}</body></html>"
    document = make_html(html).render()
    unplaced = set(split.toc_targets)  # an element over several pages is an anchor on each: the first is its place
    pages = []
    for page in document.pages:
        box = page._page_box  # the page's content box: where the frame's markers are placed from
        anchors = {name: rectangle[:2] for name, rectangle in page.anchors.items() if name in unplaced}
        unplaced -= anchors.keys()
        pages.append(GroupPage(
            page.width, page.height, (box.content_box_x(), box.content_box_y()), list(page.bookmarks), anchors))
    first_pages = []
    for index in indexes:
        anchor = FIRST_ID.search(split.units[index]).group(1)
        first_pages.append(next(n for n, page in enumerate(document.pages) if anchor in page.anchors))
    unit_pages = [end - start for start, end in zip(first_pages, [*first_pages[1:], len(document.pages)])]
    pdf = document.write_pdf()
    return GroupResult(pdf, pages, unit_pages, drawn_glyphs(document))


class _LogCapture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[tuple[int, str]] = []

    def emit(self, record):
        self.records.append((record.levelno, record.getMessage()))


def frame_html(split: Split, frames: list[GroupPage]) -> str:
    """The front matter, then one empty frame page per unit page, carrying its bookmarks and the 目录's anchors."""
    parts = [split.head, FRAME_STYLE, "</head>", split.body_open, split.watermark, split.front]
    for page in frames:
        parts.append(f'<div class="pdf-frame{" wide" if page.width > page.height else ""}">')
        x0, y0 = page.origin
        for level, label, (x, y), state in page.bookmarks:
            parts.append(f'<div class="pdf-mark" style="left: {x - x0}px; top: {y - y0}px; bookmark-level: {level}; '
                         f'bookmark-state: {state}" data-label="{escape(label)}"></div>')
        for name, (x, y) in page.anchors.items():
            parts.append(f'<div class="pdf-mark" style="left: {x - x0}px; top: {y - y0}px" id="{escape(name)}"></div>')
        parts.append("</div>")
    parts.append("</body></html>")
    return "".join(parts)


def assemble(framed: bytes, front_pages: int, groups: list[bytes], order: list[tuple[int, int]]) -> bytes | None:
    """Draw the unit pages, `order` giving each as (group, page of that group's PDF) in document order, into the
    frame pages after the front matter; None when the pages do not match the frames."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(BytesIO(framed)))
    readers = [PdfReader(BytesIO(pdf)) for pdf in groups]
    sources = [readers[group].pages[page] for group, page in order]
    if len(writer.pages) != front_pages + len(sources):
        return None
    for number, (frame, source) in enumerate(zip(writer.pages[front_pages:], sources)):
        if [round(float(v), 1) for v in frame.mediabox] != [round(float(v), 1) for v in source.mediabox]:
            return None
        form = DecodedStreamObject()
        form.set_data(source.get_contents().get_data())
        form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                     NameObject("/BBox"): source.mediabox,
                     NameObject("/Resources"): _form_resources(source["/Resources"], frame, writer)})
        name = NameObject(f"/UnitPage{number}")
        resources = frame["/Resources"]
        if "/XObject" not in resources:
            resources[NameObject("/XObject")] = DictionaryObject()
        resources["/XObject"].get_object()[name] = writer._add_object(form.flate_encode())
        content = DecodedStreamObject()  # the frame's watermark and footer, then the page over them
        content.set_data(b"q\n" + frame.get_contents().get_data() + b"\nQ\nq " + name.encode() + b" Do Q\n")
        frame.replace_contents(content.flate_encode())
    if _fonts_named_twice(writer):
        logger.info("PDF laid out in one pass: a part's font could not be shared (a form, a pattern, a fallback font)")
        return None
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def _fonts_named_twice(writer) -> bool:
    """Whether two different fonts of the PDF bear the same name (a subset of one part's beside the shared one:
    where a unit's fonts sit in its forms or patterns, or a font only the units use). Readers may take one for the
    other, so such a PDF is not given out."""
    seen: dict[str, int] = {}  # font name → the object bearing it
    walked: set[int] = set()

    def number(reference) -> int:
        return getattr(reference, "idnum", id(reference))  # a direct object is its own

    def named_twice(resources) -> bool:
        resources = resources.get_object() if resources is not None else {}
        fonts = resources["/Font"].values() if "/Font" in resources else ()
        if any(seen.setdefault(str(font.get_object()["/BaseFont"]), number(font)) != number(font) for font in fonts):
            return True
        inner = [child for kind in ("/XObject", "/Pattern") if kind in resources for child in resources[kind].values()
                 if number(child) not in walked]
        walked.update(number(child) for child in inner)
        return any(named_twice(child.get_object().get("/Resources")) for child in inner)

    return any(named_twice(page.get("/Resources")) for page in writer.pages)


def _form_resources(resources, frame, writer):
    """A unit page's resources in the assembled PDF: its fonts are the frame PDF's fonts of the same names where
    there are (they hold the unit's glyphs too: `fonts_covering`), else copies of its group's."""
    from pypdf.generic import DictionaryObject, NameObject

    resources = resources.get_object()
    shared = frame["/Resources"].get("/Font", DictionaryObject()).get_object()
    copied = DictionaryObject({key: value.clone(writer) for key, value in resources.items() if key != "/Font"})
    fonts = resources.get("/Font", DictionaryObject()).get_object()
    copied[NameObject("/Font")] = DictionaryObject(
        {name: shared.raw_get(name) if name in shared else font.clone(writer) for name, font in fonts.items()})
    return copied


def may_fork() -> bool:
    """Forking copies only the calling thread: a process with other threads (a threaded server) must not."""
    return hasattr(os, "fork") and threading.active_count() == 1 and len(os.sched_getaffinity(0)) > 1


def render_frames(split: Split, frames: list[GroupPage], make_html, glyphs: list["Glyphs"]) -> tuple[bytes, int]:
    """The front matter and the frames, as a PDF whose fonts also hold the glyphs `glyphs`, and the number of pages
    of the front matter."""
    from apps.documents.weasyprint_fonts import fonts_covering

    document = make_html(frame_html(split, frames)).render()
    with fonts_covering(glyphs):
        return document.write_pdf(), len(document.pages) - len(frames)


def render_in_child_processes(html: str, make_html) -> bytes | None:
    """The PDF of `html`, its units laid out by two forked children at once, then the frames by a third; None when
    it cannot be done that way. Every layout runs in a child, whose memory is given back whole when it ends: this
    process only puts the pages together."""
    split = split_document(html)
    if split is None or not may_fork():
        return None
    groups = deal(split.units)
    if len(groups) < 2:
        return None
    from apps.documents.weasyprint_fonts import read_alike

    children = [_fork(lambda group=group: render_group(split, group, make_html)) for group in groups]
    results = [child.result() for child in children]
    if None in results:
        return None
    if any(result.glyphs is None for result in results) or not read_alike([result.glyphs for result in results]):
        logger.info("PDF laid out in one pass: its parts drew glyphs that cannot share one font subset")
        return None
    located = {}  # unit → its pages as (group, page in that group's PDF)
    for group_number, indexes in enumerate(groups):
        start = 0
        for index, count in zip(indexes, results[group_number].unit_pages):
            located[index] = [(group_number, start + k) for k in range(count)]
            start += count
    order = [place for index in range(len(split.units)) for place in located[index]]
    framed = _fork(lambda: render_frames(split, [results[group].pages[page] for group, page in order],
                                         make_html, [result.glyphs for result in results])).result()
    if framed is None:
        return None
    try:
        return assemble(*framed, [result.pdf for result in results], order)
    except Exception:  # noqa: BLE001 (logged with its trace; the caller lays the document out in one pass)
        logger.exception("PDF assembly failed: laid out in one pass")
        return None


class _Child:
    def __init__(self, pid: int, pipe: int):
        self.pid, self.pipe = pid, pipe

    def result(self):
        """What the child returned, or None when it failed (logged); WeasyPrint's messages in the child are logged
        here again."""
        with os.fdopen(self.pipe, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        if status != 0 or not payload:
            logger.warning("PDF layout in a child process failed (status %s)", status)
            return None
        outcome, value, records = pickle.loads(payload)
        for level, message in records:
            logging.getLogger("weasyprint").log(level, message)
        if outcome != "ok":
            logger.warning("PDF layout in a child process failed: %s", value)
            return None
        return value


def _fork(work) -> _Child:
    """Run `work()` in a forked child; its result comes back pickled through a pipe. The child leaves with
    os._exit: it never runs the parent's exit handlers nor closes its database connections."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (runs in the child; its result is checked in the parent)
        try:
            os.close(read_end)
            gc.disable()  # the child's garbage goes with it (memory.py)
            captured = _LogCapture()
            logging.getLogger("weasyprint").addHandler(captured)
            try:
                payload = pickle.dumps(("ok", work(), captured.records))
            except BaseException as exc:  # noqa: BLE001 (reported to the parent, which lays out in one pass)
                payload = pickle.dumps(("error", repr(exc), captured.records))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(0)
    os.close(write_end)
    return _Child(pid, read_end)
