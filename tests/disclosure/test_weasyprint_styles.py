"""The disclosure's user-agent stylesheet (weasyprint_styles.py) lays out the PDF WeasyPrint's own gives, byte for
byte, without the pseudo-elements' styles a disclosure never uses."""
import subprocess
import sys
from pathlib import Path

import pytest
import weasyprint
import weasyprint.css
import weasyprint.html

from apps.documents import weasyprint_styles
from apps.documents.disclosure import build_disclosure
from apps.documents.rendering import render_pdf
from apps.reports.models import Report

NOTES = {"footnote-call", "footnote-marker", "note-call", "note-marker", "note-callback"}


@pytest.mark.parametrize("address", [("410882-zwfw", 2021), ("310000-sample", 2024)], ids=["demo", "shanghai"])
def test_the_pdf_is_the_one_weasyprints_own_stylesheet_gives(address, monkeypatch, settings, db):
    doc = build_disclosure(Report.objects.get(department__code=address[0], fiscal_year=address[1]))
    settings.PDF_LAYOUT_PROCESSES = 1
    laid_out, lighter_sheets = [], weasyprint_styles.DisclosureHTML._ua_stylesheets
    monkeypatch.setattr(weasyprint_styles.DisclosureHTML, "_ua_stylesheets",
                        lambda self, forms=False: laid_out.append(forms) or lighter_sheets(self, forms))
    lighter = render_pdf(doc)
    assert laid_out  # render_pdf lays the disclosure out as a DisclosureHTML
    monkeypatch.setattr(weasyprint_styles.DisclosureHTML, "_ua_stylesheets", weasyprint.HTML._ua_stylesheets)
    monkeypatch.setattr(weasyprint_styles.DisclosureHTML, "_ua_counter_style", weasyprint.HTML._ua_counter_style)
    assert render_pdf(doc) == lighter


def test_the_stylesheet_loads_without_a_warning():
    """Its counter styles are its own: parsed into WeasyPrint's, `disc` and `decimal` were refused with a warning in
    every process that made a PDF."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import logging; logging.basicConfig(); import apps.documents.weasyprint_styles"],
        cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, check=True)
    assert "WARNING:weasyprint" not in loaded.stderr, loaded.stderr
    assert weasyprint_styles.UA_COUNTER_STYLE == weasyprint.html.UA_COUNTER_STYLE  # the same counter styles


def pseudo_elements_styled(html_class, monkeypatch) -> set[tuple[str, str]]:
    """(element, pseudo-element) of each pseudo-element style computed for a small document."""
    styled, original = set(), weasyprint.css.StyleFor.set_computed_styles

    def spy(self, element, parent, root=None, pseudo_type=None, base_url=None, target_collector=None):
        if pseudo_type and hasattr(element, "tag"):  # not the page's margin boxes
            styled.add((element.tag, pseudo_type))
        return original(self, element, parent, root, pseudo_type, base_url, target_collector)

    monkeypatch.setattr(weasyprint.css.StyleFor, "set_computed_styles", spy)
    html_class(string="<table><tr><td>1.00</td></tr></table><ol><li>目录</li></ol>").render()
    monkeypatch.undo()
    return styled


def test_no_element_is_given_the_notes_pseudo_elements_and_only_list_items_a_marker(monkeypatch):
    own = pseudo_elements_styled(weasyprint.HTML, monkeypatch)
    assert {("td", pseudo) for pseudo in NOTES | {"marker"}} <= own  # WeasyPrint's own: for every cell
    assert pseudo_elements_styled(weasyprint_styles.DisclosureHTML, monkeypatch) == {("li", "marker")}
