"""Money: exact `Decimal` amounts stored in 元 (two decimals), shown in the report's unit.

One module does every conversion, rounding (四舍五入, half-up) and tolerance, so that no amount ever passes
through `float` and every screen, file and rule rounds the same way.
"""
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from django.db import models

CENT = Decimal("0.01")
# Largest amount accepted anywhere, in 元: a department's yearly total far below one trillion 元.
MAX_AMOUNT_YUAN = Decimal("999999999999.99")
AMOUNT_DIGITS = 14  # max_digits of every stored amount (12 integer digits + 2 decimals)


class Unit(models.TextChoices):
    WAN_YUAN = "wan_yuan", "万元"
    YUAN = "yuan", "元"


UNIT_FACTOR = {Unit.WAN_YUAN: Decimal(10000), Unit.YUAN: Decimal(1)}
# Half of the last printed digit (0.005 of the unit, two decimals), expressed in 元.
HALF_DIGIT_YUAN = {Unit.WAN_YUAN: Decimal("50"), Unit.YUAN: Decimal("0")}


def amount_field(verbose_name: str, **kwargs) -> models.DecimalField:
    """A stored amount in 元: exact decimal, blank (NULL) distinct from zero."""
    kwargs.setdefault("null", True)
    kwargs.setdefault("blank", True)
    return models.DecimalField(verbose_name, max_digits=AMOUNT_DIGITS, decimal_places=2, **kwargs)


def to_unit(amount_yuan: Decimal | None, unit: str) -> Decimal | None:
    """An amount in 元 as printed in `unit`: rounded half-up to two decimals. Blank stays blank."""
    if amount_yuan is None:
        return None
    return (amount_yuan / UNIT_FACTOR[Unit(unit)]).quantize(CENT, rounding=ROUND_HALF_UP)


def from_unit(value: Decimal | None, unit: str) -> Decimal | None:
    """A figure written in `unit` (at most two decimals) as an exact amount in 元."""
    if value is None:
        return None
    return (value * UNIT_FACTOR[Unit(unit)]).quantize(CENT)


# A typed figure: at most 15 integer digits and 10 decimals (well inside Decimal's 28 digits), no exponent.
TYPED_NUMBER = re.compile(r"[+-]?(?P<whole>\d*)(?:\.(?P<fraction>\d*))?")
MAX_WHOLE_DIGITS, MAX_FRACTION_DIGITS = 15, 10


def typed_text(text) -> str:
    """Text as people type it in Excel, WPS or a browser, read the same way everywhere: full-width digits, signs and
    punctuation folded (NFKC: ０-９ ． － ＞ ＜ ＝ ，), ≥ ≤ (and ≧ ≦ ⩾ ⩽, as other input methods write them) and the
    minus sign written as >= <= -. static/js/grid.js reads amounts the same way."""
    folded = unicodedata.normalize("NFKC", str(text))
    return folded.translate(SYMBOLS).strip()


SYMBOLS = str.maketrans({"≥": ">=", "≧": ">=", "⩾": ">=", "≤": "<=", "≦": "<=", "⩽": "<=", "−": "-"})


def quoted(text, limit: int = 20) -> str:
    """Typed text as quoted back in a message: never more than `limit` characters."""
    text = str(text)
    return text if len(text) <= limit else f"{text[:limit]}…"


def parse_decimal(text) -> Decimal | None:
    """Parse a figure as printed ("202.74", "1,234.50", "１２．５", "", None). Raises ValueError in Chinese."""
    if text is None:
        return None
    if isinstance(text, Decimal):
        return text
    if isinstance(text, float):
        raise TypeError("金额不能以浮点数传递")
    cleaned = typed_text(text).replace(",", "")
    if cleaned == "":
        return None
    match = TYPED_NUMBER.fullmatch(cleaned)
    if not match or not (match["whole"] or match["fraction"]):
        raise ValueError(f"“{quoted(text)}”不是有效的数字")
    if len(match["whole"].lstrip("0")) > MAX_WHOLE_DIGITS:
        raise ValueError(f"“{quoted(text)}”数额过大")
    if len(match["fraction"] or "") > MAX_FRACTION_DIGITS:
        raise ValueError(f"“{quoted(text)}”小数位数过多")
    return Decimal(cleaned)


def format_amount(value: Decimal | None) -> str:
    """A printed figure: two decimals, no grouping; blank for a blank cell."""
    if value is None:
        return ""
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):.2f}"


def sum_amounts(values) -> Decimal | None:
    """Sum of cells as the official tables add them: blank cells count as nothing; all blank is blank."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    return sum(present, Decimal("0.00"))


def rounding_tolerance(unit: str, parts: int) -> Decimal:
    """How far (in 元) a printed total may lie from the sum of its `parts` printed parts.

    Each printed figure may be off by half its last digit, so a sum of n parts and its own printed total may
    differ by at most 0.005 × (n + 1) of the unit. Figures entered in 元 are exact and tolerate nothing.
    """
    return HALF_DIGIT_YUAN[Unit(unit)] * (parts + 1)


def tolerance_in_unit(tolerance_yuan: Decimal, unit: str) -> str:
    """A rounding tolerance written in `unit` exactly, not rounded to the cent: 150 元 is “0.015” 万元."""
    value = tolerance_yuan / UNIT_FACTOR[Unit(unit)]
    return format_amount(value) if value == value.quantize(CENT) else f"{value.normalize():f}"


def percent(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """numerator / denominator in per cent, rounded half-up to two decimals; None when the base is zero or blank."""
    if not denominator or numerator is None:
        return None
    return (numerator * 100 / denominator).quantize(CENT, rounding=ROUND_HALF_UP)


def format_percent(value: Decimal | None) -> str:
    """94.36 → “94.36%”, 100.00 → “100%”, 5.40 → “5.4%” (as the documents print them); blank stays blank."""
    if value is None:
        return ""
    return f"{plain_number(value)}%"


def plain_number(value: Decimal) -> str:
    """A number without trailing zeros: 34.20 → 34.2, 100.00 → 100."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
