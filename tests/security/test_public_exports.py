"""What stays between the accountant and the reviewer never reaches the public: the warning explanations and the
情况说明 texts the published document does not print are absent from every public file (JSON, CSV, the workbook
stored at publication) and from the corrections page, while the accountant still gets them in their own export."""
import csv
import io
import json
import zipfile

import pytest
from jsonschema import Draft202012Validator
from openpyxl import load_workbook

from apps.documents.interchange.schema import report_schema
from apps.reports.computation import compute_tables
from apps.reports.models import NarrativeSection, Report, WarningExplanation
from apps.reports.narration import narrate
from apps.reports.snapshot import load_snapshot
from apps.workflow import services as workflow
from tests.helpers import publish, user

ADDRESS = "410882-zwfw/2021"
INTERNAL = "内部说明：请审核人员通融"  # in every warning explanation
DRAFTED = "未公开的自行撰写正文"  # a hand-written body left aside: the section prints its generated text
UNPRINTED_REASON = "未公开的原因"  # the reason of a section printed from its hand-written body
PRINTED = "已公开的自行撰写正文。"


def keep_internal_texts(report, tag):
    """Explanations and texts of the kinds the public must not get, each ending with `tag` (a revision's own)."""
    assert report.warning_explanations.exists()
    for explanation in report.warning_explanations.all():
        explanation.text = f"{INTERNAL}{explanation.pk}{tag}"
        explanation.save()
    NarrativeSection.objects.update_or_create(report=report, key="income",
                                              defaults={"use_generated": True, "body": DRAFTED + tag})
    generated = narrate(report, compute_tables(load_snapshot(report)))["assets"].text()
    NarrativeSection.objects.update_or_create(report=report, key="assets", defaults={
        "use_generated": False, "body": generated + PRINTED, "reason": UNPRINTED_REASON + tag})


def files_as_text(client, revision) -> dict[str, str]:
    return files_as_text_of(client, ADDRESS, revision)


def files_as_text_of(client, address, revision) -> dict[str, str]:
    """Every public download of a revision, as text."""
    def content(fmt):
        response = client.get(f"/reports/{address}/r{revision}/report.{fmt}")
        assert response.status_code == 200, fmt
        return b"".join(response.streaming_content) if response.streaming else response.content

    book = load_workbook(io.BytesIO(content("xlsx")))
    archive = zipfile.ZipFile(io.BytesIO(content("csv")))
    return {
        "json": content("json").decode(),
        "xlsx": "\n".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row),
        "csv": "\n".join(",".join(row) for name in archive.namelist()
                         for row in csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig")))),
    }


@pytest.fixture
def corrected(demo_report, media):
    """The demo published, then corrected: revision 2 with other explanations and texts, published too."""
    keep_internal_texts(demo_report, "（第1版）")
    first = publish(demo_report)
    revision = workflow.report_start_correction(report=first, by=user("kuaiji"), note="更正情况说明")
    keep_internal_texts(revision, "（第2版）")
    return first, publish(revision)


def test_public_files_and_corrections_page_carry_no_internal_text(client, corrected):
    for revision in (1, 2):
        files = files_as_text(client, revision)
        for fmt, text in files.items():
            assert INTERNAL not in text and DRAFTED not in text and UNPRINTED_REASON not in text, (revision, fmt)
        assert PRINTED in files["json"] and PRINTED in files["xlsx"]  # the published texts are there
        document = json.loads(files["json"])
        assert document["warning_explanations"] == []
        assert list(Draft202012Validator(report_schema()).iter_errors(document)) == []

    page = client.get("/corrections/").content.decode()
    assert "更正情况说明" in page and "第2版" in page
    assert INTERNAL not in page and DRAFTED not in page and UNPRINTED_REASON not in page


def test_the_accountant_and_the_reviewer_still_get_the_internal_texts_in_their_export(client, corrected):
    for name, password in (("kuaiji", "kuaiji-2021-demo"), ("shenhe", "shenhe-2021-demo")):
        assert client.login(username=name, password=password)
        document = json.loads(client.get(f"/reports/{ADDRESS}/r2/report.json").content)
        texts = {e["text"] for e in document["warning_explanations"]}
        assert texts and all(text.startswith(INTERNAL) and text.endswith("（第2版）") for text in texts), name
        sections = {s["key"]: s for s in document["narrative_sections"]}
        assert sections["income"]["body"] == DRAFTED + "（第2版）"
        assert sections["assets"]["reason"] == UNPRINTED_REASON + "（第2版）"
        client.logout()


def test_a_draft_exported_by_its_accountant_keeps_everything(client, demo_report):
    keep_internal_texts(demo_report, "")
    assert client.login(username="kuaiji", password="kuaiji-2021-demo")
    document = json.loads(client.get(f"/reports/{ADDRESS}/r1/report.json").content)
    assert len(document["warning_explanations"]) == WarningExplanation.objects.filter(report=demo_report).count()
    assert Report.objects.get(pk=demo_report.pk).state == Report.State.DRAFT


def test_public_files_carry_only_the_facts_the_reports_edition_prints(client, db, media):
    """The 上海 demo's facts of the 河南 edition (kept in its draft, never printed) are not published."""
    from apps.reports.models import NarrativeFacts

    report = Report.objects.get(department__code="310000-sample", fiscal_year=2024)
    NarrativeFacts.objects.filter(report=report).update(procurement_sme=9876543, key_evaluation_result="不公开的结论")
    publish(report)
    response = client.get("/reports/310000-sample/2024/r1/report.json")
    facts = json.loads(b"".join(response.streaming_content) if response.streaming else response.content)[
        "narrative_facts"]
    assert facts["procurement_sme"] is None and facts["key_evaluation_result"] == ""
    assert facts["procurement_sme_reserved"] == "80.00"  # 上海 prints it
    texts = files_as_text_of(client, "310000-sample/2024", 1)
    assert not [fmt for fmt, text in texts.items() if "987.65" in text or "不公开的结论" in text]
