"""A 情况说明 section written by hand, read against the generated text of the same section.

The generated text is the report's edition's sentence with the figures the tables and the entered facts give; a hand
text is usually that sentence retyped, reworded here and there. The two are aligned (difflib, character by character,
every number one token), so that each number of the hand text is read as the figure the sentence puts at that place:

- a figure written as computed: fine; written within the rounding of its parts (a total summed from printed parts,
  a share of two rounded amounts): 提示 with the computed figure; otherwise: 错误, naming what was written and what
  the tables give. A figure the text does not state at all: 错误 (a zero figure may be left out: 不涉及的不列).
- a percentage the generated text cannot state (a rate over a zero base, a completion rate of a zero 预算) but the
  hand text does: 错误; a share over 100 %: 错误.
- a direction written the other way round (增加 for 减少, 大于 for 小于): 错误.
- the department's name written differently where the sentence names it: 警告.

The edition's alternatives (持平, 不涉及的不列, 无…作下述说明) need nothing here: the generated text is already in the
alternative the data calls for, so a hand text in that alternative states what it states.
"""
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher

from apps.reports.money import format_percent, plain_number

ERROR, WARNING, INFO = "error", "warning", "info"
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|\d+(?:\.\d+)?%?")
FULL_WIDTH = str.maketrans("０１２３４５６７８９．％，", "0123456789.%,")
AMOUNT, PERCENT, LITERAL, MISSING = "\0n", "\0p", "\0n", "\0m"  # tokens (a literal number reads as an amount)
OPPOSITES = (("增加", "减少"), ("增长", "下降"), ("大于", "小于"), ("上升", "下降"))
NOT_NAMES = ("本部门", "我部门", "本单位", "我单位", "本局", "我局", "本委", "我委", "本中心", "我中心")
ORGANISATION = re.compile(r"[\u4e00-\u9fff（）()]{3,30}?(?:局|委员会|办公室|中心|厅|院|所|站|馆|会|部|处|队)$")
MIN_BLOCK = 2  # a number is read as a figure only where it is aligned with at least one character beside it


@dataclass(frozen=True)
class Written:
    """A number of the hand text."""
    value: Decimal
    percent: bool
    text: str


@dataclass(frozen=True)
class Discrepancy:
    severity: str
    message: str


def _normalised(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(FULL_WIDTH))


def _hand_tokens(body: str) -> tuple[list[str], list[Written | None]]:
    tokens, numbers = [], []
    text = _normalised(body)
    position = 0
    for match in NUMBER.finditer(text):
        for char in text[position:match.start()]:
            tokens.append(char)
            numbers.append(None)
        raw = match.group()
        try:
            value = Decimal(raw.rstrip("%").replace(",", ""))
        except InvalidOperation:
            value = None
        is_percent = raw.endswith("%")
        tokens.append(PERCENT if is_percent else AMOUNT)
        numbers.append(Written(value, is_percent, raw) if value is not None else None)
        position = match.end()
    for char in text[position:]:
        tokens.append(char)
        numbers.append(None)
    return tokens, numbers


def _generated_tokens(section) -> tuple[list[str], list]:
    """The generated text as tokens, each number token with its Figure (None for a number of the sentence itself)."""
    tokens, figures = [], []
    for paragraph in section.paragraphs:
        for piece in paragraph:
            if isinstance(piece, str):
                literal, _ = _hand_tokens(piece)
                tokens += [LITERAL if t in (AMOUNT, PERCENT) else t for t in literal]
                figures += [None] * len(literal)
            else:
                tokens.append(MISSING if piece.missing else PERCENT if piece.kind == "percent" else AMOUNT)
                figures.append(piece)
    return tokens, figures


def _shown(figure_kind: str, value: Decimal) -> str:
    return format_percent(value) if figure_kind == "percent" else plain_number(value)


def _preceding(tokens: list[str], index: int, width: int = 4) -> str:
    return "".join(t for t in tokens[max(0, index - width):index] if not t.startswith("\0"))


def compare(section, body: str, unit: str) -> list[Discrepancy]:
    """What is wrong with `body`, a hand text of `section` (a GeneratedSection), most serious first."""
    generated, figures = _generated_tokens(section)
    hand, written = _hand_tokens(body)
    matcher = SequenceMatcher(None, generated, hand, autojunk=False)
    aligned = {}  # index in generated → index in hand
    for i, j, size in matcher.get_matching_blocks():
        if size >= MIN_BLOCK:
            aligned.update({i + k: j + k for k in range(size) if generated[i + k] in (AMOUNT, PERCENT)})
    used: set[int] = set()
    read_as: dict[int, object] = {}  # index in hand → the Figure that number was read as
    found: list[Discrepancy] = []

    def unit_of(figure) -> str:
        return "" if figure.kind == "percent" else f" {unit}" if figure.kind == "amount" else ""

    def anywhere(figure, within: Decimal, again: bool = False) -> int | None:
        """A number of the text that states the figure; `again`: one already read as another figure of the same
        value counts too (“总额 0.5 万元，全部为货物” states 货物 0.5)."""
        for j, number in enumerate(written):
            if (number is not None and (again or j not in used) and number.percent == (figure.kind == "percent")
                    and abs(number.value - figure.value) <= within):
                return j
        return None

    pending, absent = [], []
    for i, figure in enumerate(figures):
        if figure is None or figure.missing:
            continue
        j = aligned.get(i)
        number = written[j] if j is not None else None
        if number is not None and number.value == figure.value:
            used.add(j)
            read_as[j] = figure
        else:
            pending.append((i, figure, j))
    for i, figure, j in pending:
        number = written[j] if j is not None and j not in used else None
        exact = anywhere(figure, Decimal(0))
        if exact is not None:  # written where the sentence does not put it (another order): still stated
            used.add(exact)
            read_as[exact] = figure
            continue
        if number is None and anywhere(figure, Decimal(0), again=True) is not None:
            continue
        if number is not None and abs(number.value - figure.value) <= figure.slack:
            used.add(j)
            read_as[j] = figure
            found.append(Discrepancy(INFO, f"写作 {number.text}，按报表计算为 {figure.text}{unit_of(figure)}（{figure.source}），"
                                           "相差在尾数误差以内；如无特别原因，请按报表的数填写。"))
            continue
        if number is not None:
            used.add(j)
            read_as[j] = figure
            over = "，占比不能超过 100%" if number.percent and number.value > 100 else ""
            found.append(Discrepancy(ERROR, f"写作 {number.text}{over}，按报表应为 {figure.text}{unit_of(figure)}"
                                            f"（{figure.source}），请核对。"))
            continue
        near = anywhere(figure, figure.slack)
        if near is not None:
            used.add(near)
            read_as[near] = figure
            found.append(Discrepancy(INFO, f"写作 {written[near].text}，按报表计算为 {figure.text}{unit_of(figure)}"
                                           f"（{figure.source}），相差在尾数误差以内。"))
        elif figure.value != 0:  # a zero may be left out (不涉及的不列)
            absent.append(f"{figure.text}{unit_of(figure)}（{figure.source}）")
    if absent:  # one finding for what the text leaves out: a sentence dropped is one slip
        found.append(Discrepancy(ERROR, f"按报表应写明 {'、'.join(absent)}，正文中没有{'这个数' if len(absent) == 1 else '这些数'}，"
                                        "请核对，或改用系统生成的文字。"))
    found += _percentages_that_cannot_be(section, hand, written, used, read_as)
    found += _words(matcher, generated, hand, section.department)
    return sorted(found, key=lambda d: (d.severity != ERROR, d.severity != WARNING))


def _percentages_that_cannot_be(section, hand, written, used, read_as) -> list[Discrepancy]:
    found = []
    last_figure = None  # the figure the nearest number before, in the same sentence, was read as
    for j, number in enumerate(written):
        if hand[j] == "。":
            last_figure = None
        if number is None:
            continue
        if j in read_as:
            last_figure = read_as[j]
            continue
        if not number.percent or j in used:
            continue
        if last_figure is not None and last_figure.key in section.undefined:
            found.append(Discrepancy(ERROR, f"{section.undefined[last_figure.key]}，正文却写了 {number.text}。"))
        elif "占" in _preceding(hand, j) and number.value > 100:
            found.append(Discrepancy(ERROR, f"占比写作 {number.text}，超过 100%：部分不能大于整体，请核对。"))
        last_figure = None  # a percentage belongs to the figure just before it, the next one to nothing
    return found


def _text(tokens: list[str]) -> str:
    return "".join(t for t in tokens if not t.startswith("\0"))


def _hand_span(opcodes, start: int, end: int) -> tuple[int, int]:
    """Where the generated tokens [start, end) stand in the hand text."""
    hand_start = hand_end = None
    for tag, i1, i2, j1, j2 in opcodes:
        if hand_start is None and i1 <= start < i2:
            hand_start = j1 + (start - i1) if tag == "equal" else j1
        if hand_end is None and i1 < end <= i2:
            hand_end = j1 + (end - i1) if tag == "equal" else j2
    return hand_start or 0, hand_end if hand_end is not None else hand_start or 0


def _words(matcher, generated, hand, department: str) -> list[Discrepancy]:
    """Directions written the other way round; the department named otherwise."""
    found, sentences = [], set()
    opcodes = matcher.get_opcodes()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag != "replace":
            continue
        ours, theirs = _text(generated[max(0, i1 - 1):i2 + 1]), _text(hand[max(0, j1 - 1):j2 + 1])
        sentence = hand[:j1].count("。")
        for a, b in OPPOSITES:
            for right, wrong in ((a, b), (b, a)):
                if right in ours and wrong in theirs and wrong not in ours and sentence not in sentences:
                    sentences.add(sentence)  # 减少…下降 for 增加…增长: one slip, said once
                    found.append(Discrepancy(ERROR, f"写作“{wrong}”，按报表应为“{right}”，请核对增减方向。"))
    name = list(department)
    for i in range(len(generated) - len(name) + 1):
        if generated[i:i + len(name)] == name:
            start, end = _hand_span(opcodes, i, i + len(name))
            written = _text(hand[start:end])
            if written and written != department and written not in NOT_NAMES and ORGANISATION.search(written):
                found.append(Discrepancy(WARNING, f"部门名称写作“{written}”，与报表的部门名称“{department}”不一致。"))
    return found
