"""Phrases the 情况说明 sentence templates share (`sentences.py`): `{% change c "收、支总计各" %}`.

Only the sentence templates load this library (it is a builtin of their engine, not of the site's templates)."""
from django import template

from apps.reports.sentences import NO_PREVIOUS

register = template.Library()


@register.simple_tag(takes_context=True)
def change(context, c, label: str = "", lead: str = "与上年度相比，") -> str:
    """A year-on-year change, without its final punctuation: “与上年度相比，X增加 a 万元，增长 b%”, “…X持平”,
    “…X增加 a 万元（上年度为 0）”, or “上年度无可比数据” when last year's figure was not entered."""
    if not c.known:
        return NO_PREVIOUS
    if c.flat:
        return f"{lead}{label}持平"
    phrase = f"{lead}{label}{c.verb} {c.amount} {context['unit']}"
    return phrase + (f"，{c.trend} {c.rate}" if c.rate else "（上年度为 0）")
