"""/sitemap.xml: the public pages a search engine should find."""
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from apps.accounts.models import Organisation
from apps.reports.portal_views import published


class ReportSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return published().order_by("department__code", "fiscal_year")

    def location(self, report):
        return reverse("report-revision", args=[report.department.code, report.fiscal_year, report.revision])

    def lastmod(self, report):
        return report.published_at


class DepartmentSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return Organisation.objects.filter(reports__state="published").distinct().order_by("code")

    def location(self, department):
        return reverse("department", args=[department.code])


class PortalSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["home", "open-data", "corrections", "rule-catalogue"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"reports": ReportSitemap, "departments": DepartmentSitemap, "portal": PortalSitemap}
