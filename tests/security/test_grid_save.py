"""The grid save writes only the typed cells of the table's layout (critical: the column of a `v|row|column` key used
to be written as a model field, so an accountant could rewrite another bureau's published report)."""
import pytest

from apps.entry.services import table_save
from apps.reports.layouts import TableCode
from apps.reports.models import BalanceFacts, BasicExpenditureLine, FunctionalSubject, ThreePublicExpenditure
from apps.reports.snapshot import load_snapshot
from apps.reports.stored_cells import LINE_MODELS, current_values
from tests.security.conftest import rows_digest

MODELS = {**LINE_MODELS, TableCode.BASIC: BasicExpenditureLine, TableCode.THREE_PUBLIC: ThreePublicExpenditure,
          TableCode.SUMMARY: BalanceFacts, TableCode.FISCAL_SUMMARY: BalanceFacts}
UNKNOWN = ["nonexistent", "__class__", "pk", "report__id", "amount'; --", "", "save"]


def typed(report, table):
    return set(current_values(report, table, load_snapshot(report).layouts[table]))


def a_typed_row(report, table):
    """The row key of a typed cell of the table as the page shows it (a 项 is added to an empty table)."""
    if not typed(report, table):
        item = FunctionalSubject.objects.filter(fiscal_year=report.fiscal_year, level=FunctionalSubject.Level.ITEM).first()
        table_save(report=report, table=table, layout=load_snapshot(report).layouts[table], values={}, seen={},
                   add_codes=[item.code], by=None)
    return sorted(typed(report, table))[0][0]


@pytest.mark.parametrize("table", TableCode.values)
def test_every_model_field_and_unknown_names_are_refused_with_nothing_written(client, attacker, demo_report, table):
    person, draft = attacker
    client.force_login(person)
    victim_line = MODELS[table].objects.filter(report=demo_report).first() or demo_report
    row = a_typed_row(draft, table)
    fields = {f.attname for f in MODELS[table]._meta.concrete_fields} | {f.name for f in MODELS[table]._meta.fields}
    typed_columns = {column for typed_row, column in typed(draft, table) if typed_row == row}
    assert "id" in fields and "report_id" in fields and typed_columns
    before = rows_digest()
    for name in sorted(fields - typed_columns) + UNKNOWN:
        value = str(victim_line.pk if name in ("id", "pk") else demo_report.pk)
        response = client.post(f"/entry/419999-jtj/2021/tables/{table}/",
                               {f"v|{row}|{name}": value, f"b|{row}|{name}": ""})
        assert response.status_code == 422, (table, name)
        assert "本表不可填写的单元格" in response.content.decode()
    assert rows_digest() == before  # nothing written anywhere: not the victim's rows, not the attacker's own


def test_a_row_key_of_another_report_line_is_refused(client, attacker, demo_report):
    person, _ = attacker
    client.force_login(person)
    before = rows_digest()
    for key in (f"v|{demo_report.pk}|basic", "v|9999999|basic", "v|2010306", "v|2010306|basic|x"):
        response = client.post("/entry/419999-jtj/2021/tables/expenditure/", {key: "1.00"})
        assert response.status_code == 422, key
    assert rows_digest() == before


def test_typed_cells_still_save(client, attacker):
    person, draft = attacker
    client.force_login(person)
    row = a_typed_row(draft, TableCode.BASIC)
    response = client.post("/entry/419999-jtj/2021/tables/basic/", {f"v|{row}|amount": "1.23", f"b|{row}|amount": ""})
    assert response.status_code == 302
    assert BasicExpenditureLine.objects.get(report=draft, subject__code=row).amount == 12300  # 1.23 万元 in 元


@pytest.mark.parametrize("typed", ["1e308", "1e999999999", "9" * 5000, "NaN", "-Infinity", "1" * 40 + ".5",
                                   "0." + "1" * 5000, "\x00", "１e５"])
def test_absurd_numbers_get_a_message_at_the_cell(client, attacker, typed):
    person, draft = attacker
    client.force_login(person)
    row = a_typed_row(draft, TableCode.BASIC)
    before = rows_digest()
    response = client.post("/entry/419999-jtj/2021/tables/basic/", {f"v|{row}|amount": typed, f"b|{row}|amount": ""})
    assert response.status_code == 422
    page = response.content.decode()
    assert "个单元格填写有误" in page and ("不是有效的数字" in page or "数额过大" in page or "小数位数过多" in page)
    assert rows_digest() == before


def test_a_junk_base_value_is_a_message_not_an_error_page(client, attacker):
    person, draft = attacker
    client.force_login(person)
    row = a_typed_row(draft, TableCode.BASIC)
    response = client.post("/entry/419999-jtj/2021/tables/basic/", {f"v|{row}|amount": "1", f"b|{row}|amount": "1e999"})
    assert response.status_code == 422 and "页面上的原值无效" in response.content.decode()
