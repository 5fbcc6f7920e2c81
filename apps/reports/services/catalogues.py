"""Load the year-versioned catalogues from `apps/reports/data/catalogues/<year>/*.yaml` into the database.

Idempotent: entries are created or updated by (year, code); nothing referenced by a report is deleted.
Problems are reported in Chinese with the file and the entry.
"""
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count

from apps.reports import editions
from apps.reports.editions import DEFAULT_EDITION
from apps.reports.models import EconomicSubject, FiscalYear, FunctionalSubject, StandardGlossaryTerm

CATALOGUE_DIR = Path(__file__).resolve().parents[1] / "data" / "catalogues"


@dataclass
class LoadSummary:
    year: int
    functional: int
    economic: int
    glossary: int


def available_years() -> list[int]:
    return sorted(int(p.name) for p in CATALOGUE_DIR.iterdir() if p.is_dir() and p.name.isdigit())


def _read(path: Path) -> dict:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValidationError(f"无法读取目录文件 {path.name}：{exc}") from exc


def _check_functional(path: Path, subjects: list[dict]) -> None:
    codes = set()
    for i, entry in enumerate(subjects, start=1):
        code, name = str(entry.get("code", "")), str(entry.get("name", "")).strip()
        try:
            level = FunctionalSubject.level_of(code)
        except ValueError as exc:
            raise ValidationError(f"{path.name} 第{i}项：{exc}") from None
        if not name:
            raise ValidationError(f"{path.name} 第{i}项（{code}）：缺少科目名称")
        if level > 1 and code[: FunctionalSubject.CODE_LENGTH[level - 1]] not in codes:
            raise ValidationError(f"{path.name} 第{i}项：{code} {name} 的上级科目不在目录中（须先列出上级科目）")
        if code in codes:
            raise ValidationError(f"{path.name} 第{i}项：科目编码 {code} 重复")
        codes.add(code)


@transaction.atomic
def load_year(year: int) -> LoadSummary:
    folder = CATALOGUE_DIR / str(year)
    functional = _read(folder / "functional.yaml")
    economic = _read(folder / "economic.yaml")
    glossary = _read(folder / "glossary.yaml")
    _check_functional(folder / "functional.yaml", functional["subjects"])

    settings = functional.get("settings", {})
    if settings.get("edition", DEFAULT_EDITION) not in editions.keys():
        raise ValidationError(f"functional.yaml 的 settings.edition：没有名为“{settings['edition']}”的版式"
                              f"（可用：{'、'.join(editions.keys())}）")
    FiscalYear.objects.update_or_create(year=year, defaults=settings)
    for entry in functional["subjects"]:
        code = str(entry["code"])
        FunctionalSubject.objects.update_or_create(
            fiscal_year=year, code=code,
            defaults={"name": entry["name"].strip(), "level": FunctionalSubject.level_of(code)},
        )
    for entry in economic["subjects"]:
        code = str(entry["code"])
        if not (code.isdigit() and len(code) in (3, 5)):
            raise ValidationError(f"economic.yaml：“{code}”不是 3 或 5 位的经济分类科目编码")
        EconomicSubject.objects.update_or_create(fiscal_year=year, code=code, defaults={"name": entry["name"].strip()})
    for order, entry in enumerate(glossary["terms"], start=1):
        StandardGlossaryTerm.objects.update_or_create(
            fiscal_year=year, term=entry["term"], defaults={"order": order, "definition": entry["definition"]}
        )
    return LoadSummary(year, len(functional["subjects"]), len(economic["subjects"]), len(glossary["terms"]))


def load_catalogues(years: list[int] | None = None) -> list[LoadSummary]:
    return [load_year(year) for year in (years or available_years())]


# --- a catalogue uploaded for a year (`manage.py load_catalogues --file`, the bureau's upload) ---------------------

CATALOGUE_MODELS = {"functional": FunctionalSubject, "economic": EconomicSubject}


@dataclass
class CatalogueChanges:
    """A catalogue file against the year's catalogue (or, for a year not loaded yet, the year before)."""
    compared_with: int | None
    new: list[tuple[str, str]]
    renamed: list[tuple[str, str, str]]  # code, old name, new name
    removed: list[tuple[str, str]]  # in the catalogue compared with, not in the file (kept: reports may name them)


def catalogue_changes(year: int, kind: str, entries) -> CatalogueChanges:
    model = CATALOGUE_MODELS[kind]
    compared_with = year if model.objects.filter(fiscal_year=year).exists() else (
        model.objects.filter(fiscal_year__lt=year).order_by("-fiscal_year").values_list("fiscal_year", flat=True).first())
    before = dict(model.objects.filter(fiscal_year=compared_with).values_list("code", "name")) if compared_with else {}
    after = {e.code: e.name for e in entries}
    return CatalogueChanges(
        compared_with,
        new=[(code, name) for code, name in after.items() if code not in before],
        renamed=[(code, before[code], name) for code, name in after.items() if code in before and before[code] != name],
        removed=[(code, name) for code, name in before.items() if code not in after])


@transaction.atomic
def catalogue_save(year: int, kind: str, entries) -> int:
    """The file's entries as the year's catalogue (created or renamed; none deleted); the year opened with last
    year's settings when it is new. Returns how many entries were written."""
    previous = FiscalYear.objects.filter(year__lt=year).order_by("-year").first()
    FiscalYear.objects.get_or_create(year=year, defaults={
        "summary_classes": previous.summary_classes, "edition": previous.edition} if previous else {})
    model = CATALOGUE_MODELS[kind]
    fields = ["name", "level"] if kind == "functional" else ["name"]
    stored = {s.code: s for s in model.objects.filter(fiscal_year=year)}
    changed, new = [], []
    for entry in entries:
        values = {"name": entry.name, "level": entry.level} if kind == "functional" else {"name": entry.name}
        subject = stored.get(entry.code)
        if subject is None:
            new.append(model(fiscal_year=year, code=entry.code, **values))
        elif any(getattr(subject, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(subject, name, value)
            changed.append(subject)
    model.objects.bulk_create(new, batch_size=500)
    model.objects.bulk_update(changed, fields, batch_size=500)
    return len(entries)


@dataclass
class YearCatalogue:
    """What a fiscal year has: a year is open for reports when its 功能分类 and 经济分类 are loaded."""
    year: int
    functional: int
    economic: int
    glossary: int
    previous_open: bool = False  # last year is open: its catalogues can be copied as a start
    settings: FiscalYear | None = None  # the year's national defaults (edition, class count), once it is set up
    deadlines: list = field(default_factory=list)  # the bureaus' due dates (filled by the page that shows them)
    editions: list = field(default_factory=list)  # (bureau, the edition its new reports take) (filled by the page)

    @property
    def is_open(self) -> bool:
        return bool(self.functional and self.economic)


def year_catalogues(years) -> list[YearCatalogue]:
    """The catalogues of each year (two queries a model whatever the number of years)."""
    def counts(model, field):
        return dict(model.objects.filter(fiscal_year__in=years).values(field).annotate(n=Count("id"))
                    .values_list(field, "n"))
    functional = counts(FunctionalSubject, "fiscal_year")
    economic = counts(EconomicSubject, "fiscal_year")
    glossary = counts(StandardGlossaryTerm, "fiscal_year")
    settings = {s.year: s for s in FiscalYear.objects.filter(year__in=years)}
    return [YearCatalogue(y, functional.get(y, 0), economic.get(y, 0), glossary.get(y, 0), settings=settings.get(y))
            for y in years]


@transaction.atomic
def catalogue_copy(year: int) -> dict[str, int]:
    """Last year's catalogues (功能分类, 经济分类, 标准名词解释) as a start for `year`: only what the year lacks is
    copied; the year is opened with last year's settings. Returns how many entries were copied, by catalogue (only
    the catalogues copied)."""
    previous = year_catalogues([year - 1])[0]
    if not previous.is_open:
        raise ValidationError(f"{year - 1} 年度没有科目目录，无从复制。", code="no_previous")
    copied = {}
    for model, fields in ((FunctionalSubject, ("code", "name", "level")), (EconomicSubject, ("code", "name")),
                          (StandardGlossaryTerm, ("order", "term", "definition"))):
        if not model.objects.filter(fiscal_year=year).exists():
            rows = model.objects.bulk_create(model(fiscal_year=year, **row) for row in
                                             model.objects.filter(fiscal_year=year - 1).values(*fields))
            if rows:
                copied[model._meta.verbose_name] = len(rows)
    settings = FiscalYear.objects.filter(year=year - 1).values("summary_classes", "edition").first() or {}
    FiscalYear.objects.get_or_create(year=year, defaults=settings)
    return copied
