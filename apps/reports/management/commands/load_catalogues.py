from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.reports.services.catalogues import load_catalogues


class Command(BaseCommand):
    help = "从仓库的数据文件载入各年度的功能分类、经济分类科目和标准名词解释（可重复执行）。"

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int, help="年度，缺省为全部")

    def handle(self, *args, years, **options):
        try:
            summaries = load_catalogues(years or None)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        for s in summaries:
            self.stdout.write(
                f"{s.year}年度：功能分类科目 {s.functional} 个，经济分类科目 {s.economic} 个，标准名词解释 {s.glossary} 条"
            )
