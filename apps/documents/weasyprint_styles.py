"""The disclosure laid out with WeasyPrint's user-agent stylesheet less the rules it never uses (weasyprint==70.0,
pinned).

WeasyPrint's html5_ua.css gives six pseudo-elements to every element: `::marker` and the five of footnotes and notes
(`::footnote-call`, `::footnote-marker`, `::note-call`, `::note-marker`, `::note-callback`). WeasyPrint matches them
and computes their styles for each element, whether or not it ever has one: on a 500-项 report that is 52,000 styles
and about a tenth of the layout. A disclosure has no footnotes and no notes (nothing floats to `footnote`), and its
only list items are `li` (the 目录). So `DisclosureHTML` lays it out with the same stylesheet in which `::marker` is
`li::marker` and the notes' rules are left out: the same pages, drawn pixel for pixel
(tests/disclosure/test_weasyprint_styles.py). If a new WeasyPrint words these rules otherwise, this module refuses
to load rather than lay out with a stylesheet it did not check.
"""
import re

import weasyprint
from weasyprint.css.counters import CounterStyle
from weasyprint.html import UA

UNUSED = re.compile(r"^::(?:footnote-call|footnote-marker|note-call|note-marker|note-callback) \{[^}\n]*\}\n",
                    re.MULTILINE)
MARKER = re.compile(r"^::marker \{", re.MULTILINE)


def _disclosure_ua() -> str:
    css, left_out = UNUSED.subn("", UA)
    css, scoped = MARKER.subn("li::marker {", css)
    if (left_out, scoped) != (5, 1):
        raise ImportError(f"WeasyPrint's html5_ua.css is not the one checked: {left_out} note rules, {scoped} ::marker")
    return css


# Its own counter styles, as WeasyPrint's stylesheet has its own (parsed into WeasyPrint's, `disc` and `decimal`,
# which may be defined only once, would be refused with a warning in every process).
UA_COUNTER_STYLE = CounterStyle()
UA_STYLESHEET = weasyprint.CSS(string=_disclosure_ua(), counter_style=UA_COUNTER_STYLE)


class DisclosureHTML(weasyprint.HTML):
    """WeasyPrint's HTML document, laid out with the user-agent stylesheet above."""

    def _ua_stylesheets(self, forms=False):
        return [UA_STYLESHEET, *super()._ua_stylesheets(forms)[1:]]

    def _ua_counter_style(self):
        return [UA_COUNTER_STYLE.copy()]
