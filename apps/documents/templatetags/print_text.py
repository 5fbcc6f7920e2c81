"""How printed text is marked up so that what a reader of the text layer gets is what the page says:
spaced labels (合 计, 项 目) spaced by the stylesheet, not by space characters; a figure and its unit (214.46 万元)
kept on one line."""
import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

SPACED_LABEL = re.compile(r"[\u4e00-\u9fff]( [\u4e00-\u9fff]){1,3}")
FIGURE_AND_UNIT = re.compile(r"(-?\d[\d,]*(?:\.\d+)?) ?(万元|元|%|个|辆|人次|台（套）|批次)")


@register.filter
def spaced(text):
    """“合 计” → 合计, spaced by letter-spacing (class “spaced”); any other text as it is."""
    text = "" if text is None else str(text)
    if SPACED_LABEL.fullmatch(text):
        return mark_safe(f'<span class="spaced">{escape(text.replace(" ", ""))}</span>')
    return text


@register.filter
def units_kept(text):
    """A paragraph whose figures never part from their units at a line end."""
    escaped = escape("" if text is None else str(text))
    return mark_safe(FIGURE_AND_UNIT.sub(lambda m: f'<span class="figure">{m.group(0)}</span>', escaped))
