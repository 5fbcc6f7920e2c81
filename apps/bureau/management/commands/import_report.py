from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.bureau.services.bulk_import import (
    FileRefused,
    bulk_import,
    files_in_zip,
    import_historical,
    import_one,
)
from apps.reports.errors import message_of
from apps.reports.rules import Severity


class Command(BaseCommand):
    help = ("导入部门决算（本系统导出的 .xlsx 或 .json）到草稿：import_report 文件 [--department 代码 --year 年度]；"
            "文件夹或 .zip 则逐个导入其中的文件。--published：系统启用前已公开的往年决算，按原文件原样作为“历史导入”公开。"
            "有错误的文件不写入任何数据，命令以状态 1 退出。")

    def add_arguments(self, parser):
        parser.add_argument("path", help="文件、文件夹或 .zip")
        parser.add_argument("--department", help="部门代码（缺省取自文件；只用于单个文件）")
        parser.add_argument("--year", type=int, help="年度（缺省取自文件；只用于单个文件）")
        parser.add_argument("--dry-run", action="store_true", help="只检查并列出变化，不写入")
        parser.add_argument("--published", action="store_true",
                            help="历史导入：已公开的往年决算，每个印制数字照录，原文件连同 SHA-256 保存，直接公开；"
                                 "不一致之处列为审核发现，不阻止导入。只用于部门还没有该年度决算时")

    def handle(self, *args, path, department=None, year=None, dry_run=False, published=False, **options):
        if published and dry_run:
            raise CommandError("--published 与 --dry-run 不能同时使用。")
        source = Path(path)
        if source.is_dir() or source.suffix.lower() == ".zip":
            self._many(source, published)
            return
        if not source.is_file():
            raise CommandError(f"找不到文件：{path}")
        if published:
            result = import_historical(source.name, source.read_bytes(), by=None, department=department, year=year)
        else:
            result = import_one(source.name, source.read_bytes(), by=None, confirm=not dry_run, department=department,
                                year=year)  # the command line: no user, the trail names the system
        self._print(result, dry_run)
        if result.outcome.errors:
            raise CommandError(f"文件有 {len(result.outcome.errors)} 处错误，未导入任何数据。")

    def _many(self, source: Path, published: bool):
        if source.is_dir():
            files = ((f.name, f.read_bytes()) for f in sorted(source.iterdir()) if f.is_file())
        else:
            try:
                files = list(files_in_zip(source.read_bytes()))
            except FileRefused as refused:
                raise CommandError(message_of(refused)) from None
        failed = 0
        for result in bulk_import(files, by=None, historical=published):
            self._print(result, dry_run=False, details=False)
            failed += not result.ok
        if failed:
            raise CommandError(f"{failed} 个文件未导入。")

    def _print(self, result, dry_run, details=True):
        outcome = result.outcome
        for problem in outcome.problems:
            self.stdout.write(f"[{'错误' if problem.severity == 'error' else '提示'}] {result.name} {problem}")
        if outcome.errors or result.report is None:
            return
        report = result.report
        if report.historical:
            self.stdout.write(f"{result.name}：已作为历史导入公开 {report}（{report.address}），各印制数字按原文件照录，"
                              f"原文件 SHA-256 {report.source.sha256}；审核公式错误 {len(outcome.rule_errors)} 条"
                              f"{'（原文件如此，不阻止公开，请核对）' if outcome.rule_errors else ''}。")
        else:
            self.stdout.write(f"{result.name}：{'检查' if dry_run else '已导入'} {report}（{report.address}）"
                              f"{'，新建草稿' if result.created else ''}：{len(outcome.changes)} 处变化，"
                              f"审核公式错误 {len(outcome.rule_errors)} 条。")
        if not details:
            return
        for change in ([] if report.historical else outcome.changes[:200]):
            self.stdout.write(f"  {change.where}：{change.old if change.old is not None else '（空）'} → "
                              f"{change.new if change.new is not None else '（空）'}")
        for finding in outcome.findings:
            self.stdout.write(f"  [{Severity(finding.severity).label}] {finding.code} {finding.message}")
        if outcome.rule_errors and not report.historical:
            self.stdout.write(f"审核公式有 {len(outcome.rule_errors)} 条错误，提交前须改正。")
