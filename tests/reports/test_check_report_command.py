"""`manage.py check_report` and the public rule catalogue page."""
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.html import escape

from apps.reports.models import BalanceFacts
from apps.reports.rules import all_rules


def run(*args):
    out = StringIO()
    call_command("check_report", *args, stdout=out)
    return out.getvalue()


def test_text_output_of_the_demo(demo_report):
    output = run("410882-zwfw/2021")
    assert output.splitlines()[0] == "沁阳市政务服务和大数据管理局 2021年度部门决算：错误 0 条，警告 8 条，提示 3 条"
    assert "[提示] T01-02 公开01表 第31行“总 计”" in output


def test_json_output_is_machine_readable(demo_report):
    data = json.loads(run("410882-zwfw/2021", "--format", "json"))
    assert data["report"] == "410882-zwfw/2021"
    assert {f["code"] for f in data["findings"]} == {"P-06", "P-08", "P-09", "P-10", "T01-02", "T04-03", "T04-07"}
    first = next(f for f in data["findings"] if f["code"] == "T01-02")
    assert set(first) == {"code", "severity", "message", "cells"}
    assert first["cells"][0] == {"table": "summary", "row": "income.total", "column": "amount"}


def test_errors_exit_with_status_1(demo_report):
    BalanceFacts.objects.filter(report=demo_report).update(closing_balance=100000)
    with pytest.raises(SystemExit) as exited:
        run("410882-zwfw/2021")
    assert exited.value.code == 1


def test_unknown_report_is_a_clear_error(db):
    with pytest.raises(CommandError, match="没有找到部门决算 410882-zwfw/2019"):
        run("410882-zwfw/2019")
    with pytest.raises(CommandError, match="部门代码/年度"):
        run("410882-zwfw")


def test_list_rules(db):
    lines = run("--list-rules").splitlines()
    assert len(lines) == len(all_rules())
    assert lines[0].split("\t") == ["T00-01", "错误", "项级数字与其所在款和所在行的合计都不相符（印错的明细数）", "所有年度"]
    listed = json.loads(run("--list-rules", "--format", "json"))
    assert {r["code"] for r in listed} == {r.code for r in all_rules()}


def test_rule_catalogue_page_is_public(client, db):
    response = client.get("/rules/")
    assert response.status_code == 200
    page = response.content.decode()
    for rule in all_rules():
        assert f'id="{rule.code}"' in page and escape(rule.title) in page
    assert "审核公式目录（共 75 条）" in page
