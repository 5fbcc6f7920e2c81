"""Control characters typed or pasted into texts (a NUL PostgreSQL cannot store; others a workbook cannot hold) are
dropped where texts come in, so that no save fails and the workbook, hence the publication, can still be written."""
import io

from openpyxl import load_workbook

from apps.performance.models import EvaluationSheet
from apps.reports.models import ReportOverview, TableNote
from tests.performance.test_sheet_entry import form_of

TYPED = "说明\x00\x01\x07文字\x1f\ttab\n换行"
KEPT = "说明文字\ttab\n换行"


def test_texts_with_control_characters_are_kept_without_them_and_the_workbook_is_still_written(client, demo_report):
    client.force_login(demo_report.department.memberships.get(role="accountant").user)
    entry = "/entry/410882-zwfw/2021"
    assert client.post(f"{entry}/tables/three_public/", {"table_note": TYPED}).status_code == 302
    assert TableNote.objects.get(report=demo_report, table="three_public").text == KEPT.strip()

    overview = form_of(client, f"{entry}/sections/overview/")
    overview["duties"] = TYPED  # a form refuses a NUL at its field, with a message
    response = client.post(f"{entry}/sections/overview/", overview)
    assert response.status_code == 422 and "空字符" in response.content.decode()
    overview["duties"] = TYPED.replace("\x00", "")
    assert client.post(f"{entry}/sections/overview/", overview).status_code == 302
    assert ReportOverview.objects.get(report=demo_report).duties == KEPT

    sheet = form_of(client, f"{entry}/sheets/2/")
    sheet["name"] = "电费\x01项目"
    assert client.post(f"{entry}/sheets/2/", sheet).status_code == 302
    assert EvaluationSheet.objects.get(report=demo_report, order=2).name == "电费项目"

    response = client.get("/reports/410882-zwfw/2021/r1/report.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    texts = [c.value for s in book.worksheets for row in s.iter_rows() for c in row if isinstance(c.value, str)]
    assert "电费项目" in " ".join(texts) and not any("\x01" in t or "\x00" in t for t in texts)
