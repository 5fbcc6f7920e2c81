"""The main figures of a report (`apps.reports.figures`) and every printed figure: stored at publication
(`PublishedFigures`, `PublishedLine`) for the portal's lists, charts, consolidations and bulk CSV."""
from apps.reports.cells import column_of
from apps.reports.computation import compute_tables
from apps.reports.figures import figures_of
from apps.reports.models import PublishedFigures, PublishedLine, Report
from apps.reports.snapshot import load_snapshot


def lines_of(report: Report, grids) -> list[PublishedLine]:
    """Every printed, non-blank figure of the nine tables as `PublishedLine` rows (not saved)."""
    lines = []
    for code, grid in grids.items():
        for row in grid.rows:
            for column, cell in row.cells.items():
                if cell.value is not None:
                    lines.append(PublishedLine(report=report, table=code, row_key=row.key, code=row.code or "",
                                               label=row.label[:200], column_key=column,
                                               column_label=column_of(grid, row.key, column).header[:100],
                                               value=cell.value))
    return lines


def figures_store(report: Report) -> PublishedFigures:
    """What publication keeps for the portal: the main figures and every printed figure (one computation)."""
    grids = compute_tables(load_snapshot(report))
    figures, _ = PublishedFigures.objects.update_or_create(report=report, defaults=figures_of(report, grids))
    PublishedLine.objects.filter(report=report).delete()
    PublishedLine.objects.bulk_create(lines_of(report, grids), batch_size=1000)
    return figures
