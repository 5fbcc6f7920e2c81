"""Reads for the public site: the published reports (the latest published revision of each department's year), the
search among the reports a visitor may read, departments, regions, corrections, and every printed figure for the
bulk CSV. The portal's views read through here and import no model."""
import re

from django.db.models import Q

from apps.accounts.models import Organisation, Region
from apps.reports.models import PublishedDocument, PublishedLine, Report
from apps.reports.selectors import latest_revisions

PDF = PublishedDocument.Format.PDF


def published():
    """The latest published revision of each department's year, with what the portal's lists show of it."""
    return latest_revisions(Report.objects.filter(state=Report.State.PUBLISHED)).select_related(
        "department", "department__region", "figures")


def region_prefix(code: str) -> str:
    """The part of a 6-digit administrative code its subdivisions share: 410000 → 41, 410800 → 4108, 410882 → 410882."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def name_matches(q: str, prefix: str = "") -> Q:
    """A department people name as they speak of it: its name holding the characters of `q` in order (大数据局 finds
    政务服务和大数据管理局, 教育局 finds 教育体育局), or one of its 简称 containing `q`."""
    characters = [re.escape(c) for c in q if not c.isspace()]
    if not characters:
        return Q()
    return Q(**{f"{prefix}name__iregex": ".*".join(characters)}) | Q(**{f"{prefix}short_names__icontains": q.strip()})


def search(visible, *, q: str = "", region: str = "", year: int | None = None):
    """Among `visible` (the reports the visitor may read), the latest revision of each department's year whose
    department is found by `q` (`name_matches`), in `region` or under it, of `year`; newest year first, then by
    department."""
    reports = latest_revisions(visible).select_related("figures")
    if q:
        reports = reports.filter(name_matches(q, "department__"))
    if region:
        reports = reports.filter(department__region__code__startswith=region_prefix(region))
    if year is not None:
        reports = reports.filter(fiscal_year=year)
    return reports.order_by("-fiscal_year", "department__code")


def years_of(visible):
    """The fiscal years among `visible`, newest first."""
    return visible.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct()


def regions():
    return Region.objects.order_by("code")


def departments():
    return Organisation.objects.filter(kind=Organisation.Kind.DEPARTMENT)


def published_departments():
    """The departments with a published report, by code."""
    return departments().filter(reports__state=Report.State.PUBLISHED).distinct().order_by("code")


def published_corrections():
    """Every published correction (revision ≥ 2), the latest published first."""
    return Report.objects.filter(state=Report.State.PUBLISHED, revision__gt=1).select_related(
        "department").order_by("-published_at")


PUBLISHED_LINE_COLUMNS = ("report__department__code", "report__department__name", "report__fiscal_year",
                          "report__revision", "report__edition", "report__unit", "table", "row_key", "code",
                          "label", "column_key", "column_label", "value")


def published_lines():
    """Every printed figure of every published report as stored at publication (`PUBLISHED_LINE_COLUMNS`), by
    year, department and place; read in chunks."""
    return PublishedLine.objects.filter(report__in=published().values("pk")).order_by(
        "report__fiscal_year", "report__department__code", "id").values_list(*PUBLISHED_LINE_COLUMNS).iterator(
        chunk_size=2000)
