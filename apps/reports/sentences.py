"""The 情况说明's sentences as an edition writes them: templates whose slots are the figures `narration.py` computes.

An edition's `sentences` (see docs/editions.md) give, section by section, a template in Django's template language:
`{{ total }}` prints a figure, `{% if … %}` chooses between the wordings the official template allows (持平, 不涉及的不列,
无…的部门作下述说明), `{% for … %}` lists the rows of a table. Line breaks in a template are not text (each line is
stripped and joined to the next): a paragraph may be written over several lines, and a blank line starts a new
paragraph (inside `{% for %}`, one per row).

A figure renders as a marker holding its key, so that the rendered text can be cut back into text and `Figure`s:
the editor highlights them and the narrative rules check a hand-written text against them.
"""
import re
from functools import lru_cache

from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import VariableNode

OPEN, CLOSE = "\ue000", "\ue001"  # private-use characters: never typed, never in a template
TYPED_OPEN, TYPED_CLOSE = "\ue005", "\ue006"  # around a text the accountant typed (a reason, a use)
MISSING = "\ue002"
PARAGRAPH = "\ue004"
LINE = "\ue003"  # a line break inside a slot's text (a reason typed over two lines): kept, not a paragraph break
MARKED = re.compile(f"{OPEN}([^{CLOSE}]*){CLOSE}")
TYPED = re.compile(f"{TYPED_OPEN}([^{TYPED_CLOSE}]*){TYPED_CLOSE}")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
NO_PREVIOUS = "上年度无可比数据"  # what a change says without last year's figure (`{% change %}`, the editions)


class Typed(str):
    """A piece of a generated text that the accountant typed (a reason, a use): its words are theirs, not the
    sentence's, so a hand text may word them otherwise."""


def typed(text: str) -> str:
    """A typed text as a slot gives it: marked, so that the rendered text keeps it apart (empty stays empty)."""
    return f"{TYPED_OPEN}{text}{TYPED_CLOSE}" if text else ""


class SentenceError(ValueError):
    """A sentence template that cannot be used (its syntax, or a slot the section does not have)."""


@lru_cache(maxsize=1)
def engine() -> Engine:
    return Engine(autoescape=False, string_if_invalid=f"{MISSING}%s{MISSING}",
                  builtins=["apps.reports.templatetags.sentence_phrases"])


def _joined(source: str) -> str:
    """The template with its lines joined, its blank lines made paragraph breaks."""
    return PARAGRAPH.join("".join(line.strip() for line in chunk.splitlines())
                          for chunk in PARAGRAPH_BREAK.split(source.strip()))


def compile_template(source: str):
    """The compiled template; SentenceError with the template engine's message when it cannot be read."""
    try:
        return engine().from_string(_joined(source))
    except TemplateSyntaxError as exc:
        raise SentenceError(str(exc)) from exc


def printed_names(template) -> set[str]:
    """The slots a template prints ({{ reason }}, {{ item.reason }} → reason, item): what its section asks for."""
    return {node.filter_expression.var.var.split(".")[0] for node in template.nodelist.get_nodes_by_type(VariableNode)
            if hasattr(node.filter_expression.var, "var")}


def marker(key: str) -> str:
    return f"{OPEN}{key}{CLOSE}"


def _guarded(value):
    """The slots with the line breaks of their texts hidden from the paragraph rules."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\n", LINE)
    if isinstance(value, dict):
        return {k: _guarded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_guarded(v) for v in value]
    return value


def render(template, context: dict, figures: dict) -> list[list]:
    """Paragraphs of text pieces (`Typed` for what the accountant typed) and Figures. `figures` maps the keys of the
    markers to their Figures."""
    # Figures are printed as markers (text): what else a sentence prints (a counter) needs no localising, which cost
    # a tenth of the rendering on a report of 500 项.
    text = template.render(Context(_guarded(context), autoescape=False, use_l10n=False))
    if MISSING in text:
        slot = text.split(MISSING)[1]
        raise SentenceError(f"本节没有“{slot}”这一项可写（可写的有：{'、'.join(sorted(context))}）。")
    paragraphs = []
    for chunk in text.split(PARAGRAPH):
        line = chunk.replace(LINE, "\n")
        if not line:
            continue
        pieces = []
        for i, part in enumerate(MARKED.split(line)):
            if i % 2:
                pieces.append(figures[part])
                continue
            for j, text in enumerate(TYPED.split(part)):
                if text:
                    pieces.append(Typed(text) if j % 2 else text)
        paragraphs.append(pieces)
    return paragraphs
