from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.accounts.models import Organisation

from apps.reports.interchange.files import import_file
from apps.reports.money import Unit
from apps.reports.selectors import ReportNotFound, report_at
from apps.reports.services import report_create
from apps.reports.workflow import TransitionRefused


class Command(BaseCommand):
    help = ("导入一份部门决算（本系统导出的 .xlsx 或 .json）到草稿：import_report 文件 [--department 代码 --year 年度]；"
            "有错误时不写入任何数据并以状态 1 退出。")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--department", help="部门代码（缺省取自文件）")
        parser.add_argument("--year", type=int, help="年度（缺省取自文件）")
        parser.add_argument("--dry-run", action="store_true", help="只检查并列出变化，不写入")

    def handle(self, *args, path, department=None, year=None, dry_run=False, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"找不到文件：{path}")
        content = file.read_bytes()
        department, year, unit = self._address_in(file, content, department, year)
        with transaction.atomic():  # a report created for the import goes too when the import fails
            report = self._target(department, year, unit)
            try:
                outcome = import_file(report=report, name=file.name, content=content, confirm=not dry_run)
            except TransitionRefused as exc:
                raise CommandError(str(exc)) from None
            self._print(report, outcome, dry_run)
            if outcome.errors:
                raise CommandError(f"文件有 {len(outcome.errors)} 处错误，未导入任何数据。")

    def _target(self, department, year, unit):
        """The latest revision of the report, or a new empty draft when the department has none for the year."""
        try:
            return report_at(department, year)
        except ReportNotFound:
            organisation = Organisation.objects.filter(code=department, kind=Organisation.Kind.DEPARTMENT).first()
            if organisation is None:
                raise CommandError(f"没有部门代码为 {department} 的部门。") from None
            try:
                return report_create(department=organisation, fiscal_year=year, unit=unit)
            except ValidationError as exc:
                raise CommandError(exc.messages[0]) from None

    def _print(self, report, outcome, dry_run):
        for problem in outcome.problems:
            self.stdout.write(f"[{'错误' if problem.severity == 'error' else '提示'}] {problem}")
        if outcome.errors:
            return
        self.stdout.write(f"{'检查' if dry_run else '已导入'} {report}（{report.address}）：{len(outcome.changes)} 处变化。")
        for change in outcome.changes[:200]:
            self.stdout.write(f"  {change.where}：{change.old if change.old is not None else '（空）'} → "
                              f"{change.new if change.new is not None else '（空）'}")
        for finding in outcome.findings:
            self.stdout.write(f"  [{finding.severity}] {finding.code} {finding.message}")
        if outcome.rule_errors:
            self.stdout.write(f"审核公式有 {len(outcome.rule_errors)} 条错误，提交前须改正。")

    def _address_in(self, file, content, department, year):
        """A JSON document names its department and year; a workbook names them on its 封面."""
        if file.suffix.lower() == ".json":
            import json

            try:
                data = json.loads(content.decode("utf-8-sig"))
                return (department or data["department"]["code"], year or int(data["fiscal_year"]),
                        data.get("unit", Unit.WAN_YUAN))
            except (ValueError, KeyError, TypeError, AttributeError):
                raise CommandError("无法从文件读出部门和年度，请用 --department 和 --year 指定。") from None
        from apps.reports.interchange.workbook import COVER, WorkbookRefused, open_workbook

        try:
            book = open_workbook(content)
        except WorkbookRefused as refused:
            raise CommandError(str(refused.problem)) from None
        found = {}
        if COVER in book.sheetnames:
            found = {book[COVER].cell(r, 1).value: book[COVER].cell(r, 2).value for r in range(1, 20)}
        units = {label: value for value, label in Unit.choices}
        department = department or found.get("部门编码")
        year = year or (int(found["年度"]) if str(found.get("年度", "")).isdigit() else None)
        if not department or not year:
            raise CommandError("工作簿没有封面，请用 --department 和 --year 指定导入目标。")
        return department, year, units.get(found.get("金额单位"), Unit.WAN_YUAN)
