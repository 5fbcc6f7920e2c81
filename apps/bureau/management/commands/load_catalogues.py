from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.documents.interchange.catalogue_files import KIND_NAMES, CatalogueRefused, read_catalogue
from apps.reports.services.catalogues import catalogue_changes, catalogue_save, load_catalogues


class Command(BaseCommand):
    help = ("从仓库的数据文件载入各年度的功能分类、经济分类科目和标准名词解释（可重复执行）；"
            "或用 --file 载入财政部门下发的科目目录文件（.xlsx 或 .csv）：load_catalogues --file 功能分类.xlsx --year 2022")

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int, help="年度，缺省为全部")
        parser.add_argument("--file", help="科目目录文件（.xlsx 或 .csv）")
        parser.add_argument("--year", type=int, help="--file 的年度")
        parser.add_argument("--kind", choices=sorted(KIND_NAMES), default="functional",
                            help="functional 支出功能分类（默认）或 economic 部门预算支出经济分类")
        parser.add_argument("--dry-run", action="store_true", help="只检查并列出与已有目录的差异，不写入")

    def handle(self, *args, years, file, year, kind, dry_run, **options):
        if file:
            return self.load_file(Path(file), year, kind, dry_run)
        try:
            summaries = load_catalogues(years or None)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        for s in summaries:
            self.stdout.write(
                f"{s.year}年度：功能分类科目 {s.functional} 个，经济分类科目 {s.economic} 个，标准名词解释 {s.glossary} 条"
            )

    def load_file(self, path: Path, year: int | None, kind: str, dry_run: bool):
        if not year:
            raise CommandError("请用 --year 指明目录的年度。")
        try:
            entries = read_catalogue(path.read_bytes(), path.name, kind)
        except OSError as exc:
            raise CommandError(f"无法读取 {path}：{exc.strerror}") from None
        except CatalogueRefused as exc:
            more = f"\n（共 {exc.total} 处，列出前 {len(exc.problems)} 处）" if exc.total > len(exc.problems) else ""
            raise CommandError("目录文件有误，未写入：\n" + "\n".join(str(p) for p in exc.problems) + more) from None
        changes = catalogue_changes(year, kind, entries)
        against = f"与 {changes.compared_with} 年度目录相比" if changes.compared_with else "（此前没有目录可比）"
        self.stdout.write(f"{year}年度{KIND_NAMES[kind]}：文件中 {len(entries)} 个科目，{against}：新增 {len(changes.new)} 个，"
                          f"改名 {len(changes.renamed)} 个，文件中没有的 {len(changes.removed)} 个（保留）。")
        for code, old, new in changes.renamed:
            self.stdout.write(f"  改名 {code}：{old} → {new}")
        for code, name in changes.new[:50]:
            self.stdout.write(f"  新增 {code} {name}")
        for code, name in changes.removed[:50]:
            self.stdout.write(f"  文件中没有 {code} {name}")
        if dry_run:
            self.stdout.write("仅检查（--dry-run），未写入。")
            return
        written = catalogue_save(year, kind, entries)
        self.stdout.write(f"已写入 {year}年度{KIND_NAMES[kind]}科目 {written} 个。")
