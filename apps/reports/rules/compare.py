"""Comparisons shared by the rules: two sides made of cells, judged against the rounding tolerance."""
from decimal import Decimal
from typing import NamedTuple

from apps.reports.computation import CellRef
from apps.reports.money import sum_amounts

from .engine import Context, Finding, Rule, Severity

EQUAL, AT_MOST = "equal", "at_most"
RELATION_TEXT = {EQUAL: "应等于", AT_MOST: "不应大于"}


class Term(NamedTuple):  # a tuple, not a frozen dataclass: a 500-项 check compares a thousand pairs
    ref: CellRef
    sign: int = 1


def side(*refs) -> tuple[Term, ...]:
    """Cells added up on one side of a comparison; a Term with sign −1 is subtracted."""
    return tuple(r if isinstance(r, Term) else Term(r) for r in refs)


def describe_side(ctx: Context, terms: tuple[Term, ...]) -> str:
    parts, previous_table = [], None
    for i, term in enumerate(terms):
        text = ctx.describe(term.ref, with_table=term.ref.table != previous_table)
        previous_table = term.ref.table
        if i == 0:
            parts.append(text if term.sign > 0 else f"负的{text}")
        else:
            parts.append(("加" if term.sign > 0 else "减") + text)
        if len(terms) > 1:
            parts[-1] += f"（{ctx.money(ctx.cell(term.ref).sound)}）"
    return "".join(parts)


def named_total(ctx: Context, terms: tuple[Term, ...]) -> str:
    if len(terms) == 1:
        return describe_side(ctx, terms)
    return describe_side(ctx, terms) + ("之和" if all(t.sign > 0 for t in terms) else "的结果")


def tolerance_text(ctx: Context, difference: Decimal, tolerance: Decimal) -> str:
    if tolerance == 0:
        return "以元填报的金额不允许尾数误差。"
    if abs(difference) <= tolerance:
        return f"在尾数误差允许范围（{ctx.tolerance_money(tolerance)}）内。"
    return f"超出尾数误差允许范围（{ctx.tolerance_money(tolerance)}）。"


def _value(ctx: Context, terms: tuple[Term, ...]) -> Decimal:
    """What a side adds up to as printed (blank cells count as nothing; all blank is zero)."""
    sounds = [(ctx.cell(t.ref).sound, t.sign) for t in terms]
    return sum_amounts([sound * sign if sound is not None else None for sound, sign in sounds]) or Decimal("0.00")


def compare(rule: Rule, ctx: Context, left, right, relation: str = EQUAL, extra: str = "") -> Finding | None:
    """A finding when `left` is not equal to (or, for AT_MOST, is above) `right`, both sides made of the figures
    as printed (a slip as its parts give it: it is found on its own cell); within the rounding tolerance of the
    rounded figures they carry it is information (尾数误差)."""
    left, right = side(*left), side(*right)
    left_value, right_value = _value(ctx, left), _value(ctx, right)
    difference = left_value - right_value
    if difference == 0 or (relation == AT_MOST and difference < 0):
        return None
    tolerance = ctx.tolerance(sum(ctx.cell(t.ref).sound_terms for t in left + right))
    severity = Severity.INFO if abs(difference) <= tolerance else rule.severity
    message = (
        f"{named_total(ctx, left)}为 {ctx.money(left_value)}，{RELATION_TEXT[relation]}"
        f"{named_total(ctx, right)} {ctx.money(right_value)}，相差 {ctx.money(difference)}，"
        f"{tolerance_text(ctx, difference, tolerance)}{extra}"
    )
    cells = [t.ref for t in left + right]
    return rule.finding(message, cells, severity)
