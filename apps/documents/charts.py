"""Charts drawn on the server as SVG (readable without JavaScript), each shown beside a table of its figures.

`bar_chart` draws grouped vertical bars: categories along the bottom (years, 类), one bar per series in each
group, a scale with round steps. Amounts arrive as `Decimal` in the unit to print; nothing becomes float except
the pixel positions.
"""
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape

from apps.reports.layouts import TableCode as T
from apps.reports.money import Unit, format_amount, to_unit

WIDTH, HEIGHT = 480, 290
LEFT, RIGHT, TOP, BOTTOM = 56, 8, 16, 62
COLOURS = ("#8b1a1a", "#3a6ea5", "#c58b00", "#4c8b3a")


@dataclass
class Series:
    label: str
    values: list  # Decimal | None per category


def nice_step(maximum: Decimal) -> Decimal:
    """A round step (1, 2 or 5 × 10ⁿ) giving four to five gridlines up to `maximum`."""
    if maximum <= 0:
        return Decimal(1)
    raw = maximum / 4
    power = Decimal(10) ** (raw.adjusted())
    for factor in (1, 2, 5, 10):
        if power * factor >= raw:
            return power * factor
    return power * 10


def wrapped(text: str, width: int) -> list[str]:
    """A category name in lines of at most `width` characters (Chinese names have no spaces), two lines at most."""
    lines = [text[i:i + width] for i in range(0, len(text), width)]
    return lines if len(lines) <= 2 else [lines[0], lines[1][:-1] + "…"]


def bar_chart(title: str, categories: list[str], series: list[Series], unit: str) -> str:
    """An accessible SVG: role="img", a <title>, and a <title> on every bar with its figure."""
    values = [v for s in series for v in s.values if v is not None]
    maximum = max(values + [Decimal(0)])
    step = nice_step(maximum)
    top = step * ((maximum / step).to_integral_value(rounding="ROUND_CEILING") or 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    group_w = plot_w / max(len(categories), 1)
    bar_w = group_w * 0.7 / max(len(series), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="{escape(title)}" class="chart"><title>{escape(title)}（{escape(unit)}）</title>']
    tick = Decimal(0)
    while tick <= top:
        y = TOP + plot_h - float(tick / top) * plot_h
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">'
                     f'{format(tick.normalize(), "f")}</text>')
        tick += step
    for i, category in enumerate(categories):
        x0 = LEFT + i * group_w + group_w * 0.15
        for j, s in enumerate(series):
            value = s.values[i]
            if value is None:
                continue
            height = float(value / top) * plot_h if top else 0
            parts.append(f'<rect x="{x0 + j * bar_w:.1f}" y="{TOP + plot_h - height:.1f}" width="{bar_w:.1f}" '
                         f'height="{height:.1f}" fill="{COLOURS[j % len(COLOURS)]}"><title>{escape(category)} '
                         f'{escape(s.label)}：{format_amount(value)} {escape(unit)}</title></rect>')
        x = LEFT + i * group_w + group_w / 2
        lines = "".join(f'<tspan x="{x:.1f}" dy="{0 if n == 0 else 15}">{escape(line)}</tspan>'
                        for n, line in enumerate(wrapped(category, max(2, int(group_w // 15)))))
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" class="category">{lines}</text>')
    if maximum == 0:
        parts.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" '
                     f'class="empty">各项均为 0</text>')
    for j, s in enumerate(series):
        x = LEFT + j * 140
        parts.append(f'<rect x="{x}" y="{HEIGHT - 14}" width="10" height="10" fill="{COLOURS[j % len(COLOURS)]}"/>'
                     f'<text x="{x + 14}" y="{HEIGHT - 4}" class="legend">{escape(s.label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


@dataclass
class Chart:
    title: str
    svg: str
    categories: list[str]
    series: list[Series]

    @property
    def rows(self) -> list[tuple[str, list]]:
        """The chart's figures as a table: a row per category, a column per series."""
        return [(category, [s.values[i] for s in self.series]) for i, category in enumerate(self.categories)]


def chart(title: str, categories: list[str], series: list[Series], unit: str) -> Chart:
    return Chart(title, bar_chart(title, categories, series, unit), categories, series)


def report_charts(grids: dict, unit: str) -> list[Chart]:
    """The charts of a report's HTML page: expenditure by 类, 基本/项目 split, “三公” budget against actual."""
    label = Unit(unit).label

    def shown(value):
        return None if value is None else to_unit(value, unit)

    summary = grids[T.SUMMARY]
    classes = [row for row in summary.rows if row.key.startswith("class.") and row.cells["amount"].value]
    expenditure = grids[T.EXPENDITURE]
    three_public = grids[T.THREE_PUBLIC]
    items = (("因公出国（境）费", "abroad"), ("公务用车购置费", "vehicle_purchase"), ("公务用车运行费", "vehicle_operation"),
             ("公务接待费", "reception"))
    return [
        chart("本年支出按功能分类（类）", [row.label.split("、", 1)[-1] for row in classes],
              [Series("本年支出", [shown(row.cells["amount"].value) for row in classes])], label),
        chart("基本支出与项目支出", ["本年支出"],
              [Series(name, [shown(expenditure.value("total", column))])
               for name, column in (("基本支出", "basic"), ("项目支出", "project"))], label),
        chart("“三公”经费：预算与决算", [name for name, _ in items],
              [Series(which, [shown(three_public.value("row", f"{prefix}_{key}")) for _, key in items])
               for which, prefix in (("预算数", "budget"), ("决算数", "actual"))], label),
    ]
