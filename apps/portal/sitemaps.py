"""/sitemap.xml: the public pages a search engine should find."""
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from apps.portal.selectors import published, published_departments
from apps.portal.views.portal import site_url


class PublicSitemap(Sitemap):
    """Addresses on the public site (`site_url`), not on the host the request named."""

    def get_protocol(self, protocol=None):
        return urlsplit(site_url()).scheme

    def get_domain(self, site=None):
        return urlsplit(site_url()).netloc


class ReportSitemap(PublicSitemap):
    changefreq = "yearly"

    def items(self):
        return published().order_by("department__code", "fiscal_year")

    def location(self, report):
        return reverse("report-revision", args=[report.department.code, report.fiscal_year, report.revision])

    def lastmod(self, report):
        return report.published_at


class DepartmentSitemap(PublicSitemap):
    changefreq = "yearly"

    def items(self):
        return published_departments()

    def location(self, department):
        return reverse("department", args=[department.code])


class PortalSitemap(PublicSitemap):
    changefreq = "weekly"

    def items(self):
        return ["home", "open-data", "corrections", "rule-catalogue"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"reports": ReportSitemap, "departments": DepartmentSitemap, "portal": PortalSitemap}
