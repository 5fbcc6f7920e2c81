"""A 情况说明 section written by hand, read against the generated text of the same section.

The generated text is the report's edition's sentence with the figures the tables and the entered facts give; a hand
text is usually that sentence retyped, reworded here and there. The two are aligned (difflib, character by character,
every number one token), so that each number of the hand text is read as the figure the sentence puts at that place:

- a figure written as computed: fine; written within the rounding of its parts (a total summed from printed parts,
  a share of two rounded amounts), or with fewer decimals: 提示 with the computed figure; another number at the same
  place (the same words before it): 错误, naming what was written and what the tables give. A figure the text does
  not state at all: 错误 (a zero may be left out — 不涉及的不列 —, and so may a share of 100 %: “全部为…”).
- a percentage the generated text cannot state (a rate over a zero base, a completion rate of a zero 预算) but the
  hand text does: 错误 (提示 for 0 % of a 预算 and a 决算 both 0); a share over 100 %: 错误.
- a direction written the other way round (增加 for 减少, 大于 for 小于, 持平 for 增加): 错误 — outside the reasons the
  accountant typed, whose words are theirs.
- the department's name written differently where the sentence names it: 警告; an amount the tables do not have: 提示;
  “待填写” left in the text: 错误.

The edition's alternatives (持平, 不涉及的不列, 无…作下述说明) need nothing here: the generated text is already in the
alternative the data calls for, so a hand text in that alternative states what it states.
"""
import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher

from apps.reports.sentences import Typed

ERROR, WARNING, INFO = "error", "warning", "info"
NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:%|个百分点)?")
FULL_WIDTH = str.maketrans("０１２３４５６７８９．％－", "0123456789.%-")  # not the full-width comma: a separator
# A list item's number opening a line: 1、 1. （1） (1) 一、 （一） ① 第一，
LIST_NUMBER = r"(?:[（(][\d一二三四五六七八九十]+[)）]|[\d一二三四五六七八九十]+\s*[、.．](?!\d)|[①-⑳]|第[\d一二三四五六七八九十]+[，、,：:]?)"
ENUMERATION = re.compile(rf"^\s*{LIST_NUMBER}", re.M)
AMOUNT, PERCENT, MISSING, BREAK = "\0n", "\0p", "\0m", "\n"
CLAUSE_ENDS = "；;。：:\n"
UNIT_AFTER = re.compile(r"亿元|万元|元")
# An amount written in another unit than the report's, as the report's (2144600 元 = 214.46 万元)
SCALE = {"万元": {"元": Decimal("0.0001"), "亿元": Decimal(10000)}, "元": {"万元": Decimal(10000), "亿元": Decimal(10**8)}}
OPPOSITES = (("增加", "减少"), ("增加", "降低"), ("增加", "减幅"), ("增长", "下降"), ("增长", "降低"),
             ("增长", "减幅"), ("上升", "下降"), ("上升", "减少"), ("增幅", "减少"), ("增幅", "下降"),
             ("大于", "小于"), ("大于", "低于"), ("高于", "小于"), ("高于", "低于"), ("超过", "小于"),
             ("多于", "小于"), ("超支", "小于"),
             ("持平", "增加"), ("持平", "减少"), ("持平", "增长"), ("持平", "下降"))
NOT_NAMES = ("本部门", "我部门", "本单位", "我单位", "本局", "我局", "本委", "我委", "本中心", "我中心")
ORGANISATION = re.compile(r"[\u4e00-\u9fff（）()]{3,30}?(?:局|委员会|办公室|中心|厅|院|所|站|馆|会|部|处|队)$")
MIN_BLOCK = 2  # a number is read as a figure only where it is aligned with at least one character beside it
SAME_PLACE = 0.75  # how alike the words before two numbers are when they stand at the same place of the sentence


@dataclass(frozen=True)
class Written:
    """A number of the hand text."""
    value: Decimal
    percent: bool
    text: str
    decimals: int
    unit: str = ""  # 元, 万元 or 亿元 when written after it


@dataclass(frozen=True)
class Discrepancy:
    severity: str
    message: str


def _tokens(text: str, typed: bool = False) -> tuple[list[str], list[Written | None], list[bool]]:
    """Characters and numbers (one token each) of a text, without its spaces and the numbers of its list items."""
    text = ENUMERATION.sub("", text.translate(FULL_WIDTH))
    text = re.sub(r"[^\S\n]+", "", re.sub(r"\n\s*", "\n", text))
    tokens, numbers, position = [], [], 0
    for match in NUMBER.finditer(text):
        chars = text[position:match.start()]
        tokens += list(chars)
        numbers += [None] * len(chars)
        raw = match.group()
        percent = raw.endswith(("%", "个百分点"))
        digits = raw.removesuffix("%").removesuffix("个百分点").replace(",", "")
        unit = UNIT_AFTER.match(text, match.end())
        try:
            number = Written(Decimal(digits), percent, raw, len(digits.partition(".")[2]), unit.group() if unit else "")
        except InvalidOperation:
            number = None
        tokens.append(PERCENT if percent else AMOUNT)
        numbers.append(number)
        position = match.end()
    tokens += list(text[position:])
    numbers += [None] * (len(text) - position)
    return tokens, numbers, [typed] * len(tokens)


def _generated_tokens(section):
    """The generated text as tokens: each number token with its Figure (None for a number of the sentence itself),
    and which tokens come from a text the accountant typed."""
    tokens, figures, typed, literals = [], [], [], []
    for n, paragraph in enumerate(section.paragraphs):
        if n:
            tokens.append(BREAK)
            figures.append(None)
            typed.append(False)
            literals.append(None)
        for piece in paragraph:
            if isinstance(piece, str):
                literal, numbers, flags = _tokens(piece, isinstance(piece, Typed))
                tokens += literal
                figures += [None] * len(literal)
                typed += flags
                literals += numbers
            else:
                tokens.append(MISSING if piece.missing else PERCENT if piece.kind == "percent" else AMOUNT)
                figures.append(piece)
                typed.append(False)
                literals.append(None)
    return tokens, figures, typed, literals


def _place(tokens: list[str], index: int) -> str:
    """The words before a number, back to the start of its clause (numbers left out)."""
    words = []
    for token in reversed(tokens[max(0, index - 24):index]):
        if token in CLAUSE_ENDS:
            break
        if not token.startswith("\0"):
            words.append(token)
    return "".join(reversed(words))


class _Reading:
    """One hand text read against one generated section."""

    def __init__(self, section, body: str, unit: str):
        self.section, self.unit = section, unit
        self.generated, self.figures, self.typed, self.literals = _generated_tokens(section)
        self.hand, written, _ = _tokens(body)
        self.written = [replace(w, value=w.value * SCALE.get(unit, {}).get(w.unit, 1)) if w and not w.percent else w
                        for w in written]
        self.matcher = SequenceMatcher(None, self.generated, self.hand, autojunk=False)
        self.aligned = {}  # index in generated → index in hand
        self.run = {}  # index in generated → how many tokens about it are written alike
        for i, j, size in self.matcher.get_matching_blocks():
            if size >= MIN_BLOCK:
                numbers = [k for k in range(size) if self.generated[i + k] in (AMOUNT, PERCENT)]
                self.aligned.update({i + k: j + k for k in numbers})
                self.run.update({i + k: size for k in numbers})
        self.read_as: dict[int, object] = {}  # index in hand → the Figure its number was read as
        self.found: list[Discrepancy] = []

    def say(self, severity: str, message: str):
        self.found.append(Discrepancy(severity, message))

    def unit_of(self, figure) -> str:
        return f" {self.unit}" if figure.kind == "amount" else ""

    def snippet(self, start: int, end: int) -> str:
        """The hand text between two tokens, numbers as written."""
        return "".join(self.written[j].text if self.hand[j].startswith("\0") and self.written[j] else
                       "" if self.hand[j].startswith("\0") else self.hand[j]
                       for j in range(max(0, start), min(end, len(self.hand)))).replace(BREAK, "")

    def where(self, j: int) -> str:
        """Where a number stands: the hand text just before it, and it."""
        return f"（“{self.snippet(j - 10, j + 1)}”）"

    def take(self, j: int, figure) -> None:
        self.read_as[j] = figure

    def find(self, figure, within: Decimal, again: bool = False, coarse: bool = False) -> int | None:
        """A number of the text that states the figure, not yet read as another; `again`: one already read as another
        figure of the same value counts too (“总额 0.5 万元，全部为货物” states 货物 0.5); `coarse`: written with
        fewer decimals (占 3.4%)."""
        for j, number in enumerate(self.written):
            if (number is not None and (again or j not in self.read_as) and number.percent == (figure.kind == "percent")
                    and abs(number.value - figure.value) <= within + (_coarser(number, figure) if coarse else 0)):
                return j
        return None

    def figures_read(self) -> None:
        unplaced, absent = [], []
        for i, figure in enumerate(self.figures):
            if figure is None or figure.missing:
                continue
            j = self.aligned.get(i)
            number = self.written[j] if j is not None else None
            place = SequenceMatcher(None, _place(self.generated, i), _place(self.hand, j)).ratio() if number else 0
            if number is not None and number.value == figure.value:
                self.take(j, figure)
            elif place == 1 or (place >= SAME_PLACE and not self.another_figure(number, figure)):
                # the same words before it (or alike, and the number no other figure's): written wrong here
                self.take(j, figure)
                self.misread(j, figure)
            else:
                unplaced.append(figure)  # worded or ordered otherwise: looked for anywhere below
        for figure in unplaced:
            j = self.find(figure, Decimal(0))
            if j is not None:
                self.take(j, figure)
            elif self.find(figure, Decimal(0), again=True) is not None:
                continue
            elif (j := self.find(figure, figure.slack, coarse=True)) is not None:
                self.take(j, figure)
                self.misread(j, figure)
            elif figure.value != 0 and not (figure.kind == "percent" and figure.value == 100):
                absent.append(f"{figure.text}{self.unit_of(figure)}（{figure.source}）")
        if absent:  # one finding for what the text leaves out: a sentence dropped is one slip
            self.say(ERROR, f"按报表应写明 {'、'.join(absent)}，正文中没有{'这个数' if len(absent) == 1 else '这些数'}，"
                            "请核对，或改用系统生成的文字。")

    def another_figure(self, number: Written, figure) -> bool:
        """Whether a number is, to its decimals, the value of a figure other than `figure` (a list reordered)."""
        return any(other is not figure and other is not None and not other.missing
                   and other.kind == figure.kind and abs(number.value - other.value) <= _coarser(number, other)
                   for other in self.figures)

    def misread(self, j: int, figure) -> None:
        """The number at figure's place is another: within the rounding, fewer decimals, or wrong."""
        number, shown = self.written[j], f"{figure.text}{self.unit_of(figure)}（{figure.source}）"
        if abs(number.value - figure.value) <= figure.slack + _coarser(number, figure):
            self.say(INFO, f"写作 {number.text}{self.where(j)}，按报表计算为 {shown}，相差在尾数以内；如无特别原因，"
                           "请按报表的数填写。")
            return
        over = "，占比不能超过 100%" if number.percent and number.value > 100 and _is_share(_place(self.hand, j)) else ""
        self.say(ERROR, f"写作 {number.text}{self.where(j)}{over}，按报表应为 {shown}，请核对。")

    def other_numbers(self) -> None:
        """Numbers read as no figure: percentages that cannot be, amounts the tables do not have."""
        last = None  # the figure the nearest number before, in the same clause, was read as
        known = self.section.known | {f.value for f in self.figures if f is not None and not f.missing}
        sentence_numbers = {self.aligned[i] for i in self.aligned if self.figures[i] is None}  # 50 万元以上, years
        in_typed = self.typed_in_hand() | sentence_numbers
        for j, number in enumerate(self.written):
            if self.hand[j] in CLAUSE_ENDS:
                last = None
            if number is None:
                continue
            if j in self.read_as:
                last = self.read_as[j]
                continue
            if j in in_typed:
                continue
            if number.percent:
                undefined = self.section.undefined.get(last.key) if last is not None else None
                if undefined:
                    reason, some = undefined
                    severity = ERROR if some or number.value != 0 else INFO
                    self.say(severity, f"{reason}，正文却写了 {number.text}{self.where(j)}。")
                elif _is_share(_place(self.hand, j)) and number.value > 100:
                    self.say(ERROR, f"占比写作 {number.text}{self.where(j)}，超过 100%：部分不能大于整体，请核对。")
                last = None  # a percentage belongs to the figure just before it, the next one to nothing
            elif (number.value and number.value not in known and number.unit
                  and not re.search("上年|去年|原因|主要是|用于", _place(self.hand, j))):
                self.say(INFO, f"正文中的 {number.text}{number.unit}{self.where(j)}在报表和填报数中没有对应的数，请核对。")

    def years(self, year: int) -> None:
        """A year of the sentence written otherwise (a text copied from last year's)."""
        for i, j in self.aligned.items():
            said, written = self.literals[i], self.written[j]
            if (said is not None and written is not None and said.value in (year, year - 1)
                    and written.value != said.value and self.run[i] >= 8):  # in a sentence written alike
                self.say(WARNING, f"年度写作 {written.text}{self.where(j)}，本节应为 {said.text} 年度，请核对是否沿用了往年的文字。")

    def typed_in_hand(self) -> set[int]:
        """The hand tokens that stand where the generated text has a typed text (a reason: the accountant's words)."""
        inside = set()
        for tag, i1, i2, j1, j2 in self.matcher.get_opcodes():
            if tag == "equal":
                inside.update(j1 + k for k in range(i2 - i1) if self.typed[i1 + k])
            elif tag == "replace" and all(self.typed[i1:i2]):  # the reason reworded
                inside.update(range(j1, j2))
        return inside

    def words(self, department: str) -> None:
        """Directions written the other way round; the department named otherwise; 待填写 left in."""
        sentences = set()
        opcodes = self.matcher.get_opcodes()
        for tag, i1, i2, j1, j2 in opcodes:
            if tag != "replace":
                continue
            around = range(max(0, i1 - 1), min(i2 + 1, len(self.generated)))
            ours = _text([self.generated[i] for i in around if not self.typed[i]])  # the reasons' words are theirs
            theirs = _text(self.hand[max(0, j1 - 1):j2 + 1])
            sentence = self.hand[:j1].count("。")
            for a, b in OPPOSITES:
                for right, wrong in ((a, b), (b, a)):
                    if right in ours and wrong in theirs and wrong not in ours and sentence not in sentences:
                        sentences.add(sentence)  # 减少…下降 for 增加…增长: one slip, said once
                        self.say(ERROR, f"写作“{wrong}”（“{self.snippet(j1 - 8, j2 + 2)}”），按报表应为“{right}”，请核对。")
        if department:
            name = list(department)
            for i in range(len(self.generated) - len(name) + 1):
                if self.generated[i:i + len(name)] == name:
                    start, end = _hand_span(opcodes, i, i + len(name))
                    written = _text(self.hand[start:end])
                    if written and written != department and written not in NOT_NAMES and ORGANISATION.search(written):
                        self.say(WARNING, f"部门名称写作“{written}”，与报表的部门名称“{department}”不一致。")
        if "待填写" in "".join(self.hand):
            self.say(ERROR, "正文中还有“待填写”：请填写后再提交。")


def compare(section, body: str, unit: str, year: int) -> list[Discrepancy]:
    """What is wrong with `body`, a hand text of `section` (a GeneratedSection) of a report of `year`, most serious
    first."""
    reading = _Reading(section, body, unit)
    reading.figures_read()
    reading.other_numbers()
    reading.years(year)
    reading.words(section.department)
    return sorted(reading.found, key=lambda d: (d.severity != ERROR, d.severity != WARNING))


def _is_share(place: str) -> bool:
    """占…: a part of a whole — not 占年初预算的 / 占上年的, a rate that may pass 100 %."""
    return "占" in place and not re.search(r"占[^占]*(预算|上年|去年)", place)


def _coarser(number: Written, figure) -> Decimal:
    """How far a percentage written with fewer decimals (占 3.4% for 3.45%, 约 8% for 7.94%) may lie from the figure:
    half its last digit. Amounts are written in full (0 for 0.5 is wrong, not rounded)."""
    if figure.kind != "percent" or number.decimals >= 2:
        return Decimal(0)
    return Decimal(5).scaleb(-number.decimals - 1)


def _text(tokens: list[str]) -> str:
    return "".join(t for t in tokens if not t.startswith("\0") and t != BREAK)


def _hand_span(opcodes, start: int, end: int) -> tuple[int, int]:
    """Where the generated tokens [start, end) stand in the hand text."""
    hand_start = hand_end = None
    for tag, i1, i2, j1, j2 in opcodes:
        if hand_start is None and i1 <= start < i2:
            hand_start = j1 + (start - i1) if tag == "equal" else j1
        if hand_end is None and i1 < end <= i2:
            hand_end = j1 + (end - i1) if tag == "equal" else j2
    return hand_start or 0, hand_end if hand_end is not None else hand_start or 0
