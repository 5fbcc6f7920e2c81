"""The 情况说明 checks on a corpus of sections written as departments write them (tests/data/narratives/, one file
per shipped edition's sentences): correct text raises nothing above 提示 — every alternative of the template, the
“none” statements, reworded and reordered sentences, full-width digits, trailing zeros — and each planted slip is
found exactly once, with its severity, in its section."""
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.db import models

from apps.reports.editions import keys
from apps.reports.models import NarrativeFacts, NarrativeSection, Report
from apps.reports.money import from_unit
from apps.reports.rules import check_report

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
CORPUS = Path(__file__).resolve().parents[1] / "data" / "narratives"
FILES = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(CORPUS.glob("*.yaml"))}
# Each file is read in every edition whose sentences are its edition's (central-2023 prints 河南's sentences).
CORRECT = [(name, key, n) for name, corpus in FILES.items() for key in corpus["editions"]
           for n in range(len(corpus["correct"]))]
SLIPS = [(name, key, n) for name, corpus in FILES.items() for key in corpus["editions"]
         for n in range(len(corpus["slips"]))]


def written_by_hand(name: str, edition_key: str, case: dict) -> tuple[Report, list]:
    """The case's section written by hand into its report, printed in `edition_key`, after its facts; and the
    findings on that section."""
    department, year = FILES[name]["report"].split("/")
    Report.objects.filter(department__code=department, fiscal_year=int(year)).update(edition=edition_key)
    report = Report.objects.get(department__code=department, fiscal_year=int(year), revision=1)
    if case.get("facts"):
        values = {}
        for field, value in case["facts"].items():
            kind = NarrativeFacts._meta.get_field(field)
            values[field] = from_unit(Decimal(value), report.unit) if isinstance(kind, models.DecimalField) else value
        NarrativeFacts.objects.filter(report=report).update(**values)
    NarrativeSection.objects.update_or_create(report=report, key=case["section"], defaults={
        "body": case["text"], "use_generated": False})
    findings = [f for f in check_report(report).findings
                if any(cell.table == "narrative" and cell.row == case["section"] for cell in f.cells)]
    return report, findings


def test_the_corpus_is_as_large_as_promised():
    assert {key for corpus in FILES.values() for key in corpus["editions"]} == set(keys())  # every shipped edition
    for name, corpus in FILES.items():
        assert len(corpus["correct"]) >= 30, name
    assert sum(len(corpus["slips"]) for corpus in FILES.values()) >= 25
    kinds = {case["kind"] for corpus in FILES.values() for case in corpus["slips"]}
    assert len(kinds) >= 15  # every kind of slip the checks know, not one kind many times


@pytest.mark.parametrize("name, edition_key, n", CORRECT, ids=[f"{key}-{n}" for _, key, n in CORRECT])
def test_correct_text_raises_nothing_above_information(db, name, edition_key, n):
    case = FILES[name]["correct"][n]
    _, findings = written_by_hand(name, edition_key, case)
    assert [f.message for f in findings if f.severity != "info"] == []


@pytest.mark.parametrize("name, edition_key, n", SLIPS,
                         ids=[f"{key}-{FILES[name]['slips'][n]['kind']}" for name, key, n in SLIPS])
def test_each_slip_is_found_once_with_its_severity_in_its_section(db, name, edition_key, n):
    case = FILES[name]["slips"][n]
    report, findings = written_by_hand(name, edition_key, case)
    # found once: the one finding of its severity or above (提示 beside an error are allowed; a slip that puts
    # several numbers in the wrong places says how many)
    serious = [f for f in findings if SEVERITY_RANK[f.severity] <= SEVERITY_RANK[case["severity"]]]
    assert len(serious) == case.get("findings", 1), [f.message for f in findings]
    finding = serious[0]
    says = case["says"] if isinstance(case["says"], list) else [case["says"]]  # all of them
    assert finding.severity == case["severity"] and all(words in finding.message for words in says), finding.message
    assert finding.message.startswith(report.template.narrative_places[case["section"]])
