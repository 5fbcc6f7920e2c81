"""What an import changes and what a correction changed, named as people read them, each change once: several rows
of one kind (explanations of one rule) are told apart; an unchanged explanation keeps the reviewer's verdict."""
from apps.documents.comparison import document_differences
from apps.documents.interchange.document import export_document
from apps.documents.interchange.importing import document_import
from apps.reports.models import WarningExplanation
from tests.helpers import user


def test_two_explanations_of_one_rule_are_two_places(demo_report):
    before = export_document(demo_report)
    after = export_document(demo_report)
    p06 = [e for e in after["warning_explanations"] if e["code"] == "P-06"]
    assert len(p06) == 4  # the demo explains four P-06 warnings
    p06[0]["text"] = "改写的说明"
    changes = document_differences(before, after, demo_report, tables=False)
    assert [(c.where, c.new) for c in changes] == [("警告说明 P-06 第1条 说明", "改写的说明")]


def test_an_import_keeps_the_verdicts_of_unchanged_explanations(demo_report):
    demo_report.warning_explanations.update(verdict="accepted")  # judged before the report was returned
    document = export_document(demo_report)
    changed = document["warning_explanations"][0]
    changed["text"] += "（补充）"
    assert document_import(report=demo_report, data=document, confirm=True, by=user("kuaiji"), source="d.json").written
    verdicts = {(e.code, e.signature): e.verdict for e in WarningExplanation.objects.filter(report=demo_report)}
    assert verdicts.pop((changed["code"], changed["signature"])) == "pending"  # a new text: judged anew
    assert set(verdicts.values()) == {"accepted"}
