from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef, Q

from apps.portal.caching import public_pages_changed
from apps.portal.services.figures import figures_store
from apps.reports.extensions import callables
from apps.reports.models import PublishedLine, Report


class Command(BaseCommand):
    help = "为已公开但尚无主要数字或报表数字的决算补存（升级后运行一次；公开时会自动保存）。"

    def handle(self, *args, **options):
        missing = Report.objects.filter(state=Report.State.PUBLISHED).filter(
            Q(figures__isnull=True) | ~Exists(PublishedLine.objects.filter(report=OuterRef("pk"))))
        count, years = 0, {}
        for report in missing.select_related("department").iterator():
            figures_store(report)
            years.setdefault((report.department.parent_id, report.fiscal_year), report)
            count += 1
        for report in years.values():  # what follows a publication, once per bureau's year (its consolidated totals)
            for hook in callables("REPORT_PUBLISHED_HOOKS"):
                hook(report)
        public_pages_changed()
        self.stdout.write(f"已补存 {count} 份决算的主要数字。")
