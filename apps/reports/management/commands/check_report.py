import json

from django.core.management.base import BaseCommand, CommandError

from apps.reports.errors import message_of
from apps.reports.models import Report
from apps.reports.rules import Severity, all_rules, check_report
from apps.reports.selectors import ReportNotFound, parse_address, report_at


def find_report(address: str, revision: int | None = None) -> Report:
    """`<department-code>/<year>`: the latest revision unless one is given."""
    try:
        return report_at(*parse_address(address), revision)
    except ReportNotFound as exc:
        raise CommandError(message_of(exc)) from None


class Command(BaseCommand):
    help = "按审核公式检查一份部门决算：列出错误、警告和提示；有错误时退出码为 1。"

    def add_arguments(self, parser):
        parser.add_argument("report", nargs="?", help="部门代码/年度，例如 410882-zwfw/2021")
        parser.add_argument("--revision", type=int, help="修订版次（缺省为最新）")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--list-rules", action="store_true", help="列出全部审核公式")

    def handle(self, *args, report=None, revision=None, format="text", list_rules=False, **options):
        if list_rules:
            return self.list_rules(format)
        if not report:
            raise CommandError("请指定 部门代码/年度，或使用 --list-rules")
        instance = find_report(report, revision)
        result = check_report(instance)
        if format == "json":
            self.stdout.write(json.dumps({
                "report": instance.address, "revision": instance.revision,
                "findings": [f.as_dict() for f in result.findings],
            }, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"{instance}：错误 {len(result.errors)} 条，警告 {len(result.warnings)} 条，"
                              f"提示 {len(result.infos)} 条")
            for finding in result.findings:
                self.stdout.write(f"[{Severity(finding.severity).label}] {finding.code} {finding.message}")
        if result.errors:
            raise SystemExit(1)

    def list_rules(self, format: str):
        rules = all_rules()
        if format == "json":
            self.stdout.write(json.dumps([
                {"code": r.code, "severity": r.severity, "description": r.title, "basis": r.basis, "years": r.years}
                for r in rules
            ], ensure_ascii=False, indent=2))
            return
        for rule in rules:
            self.stdout.write(f"{rule.code}\t{Severity(rule.severity).label}\t{rule.title}\t{rule.years}")
