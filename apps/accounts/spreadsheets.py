"""Text written to spreadsheets (XLSX, CSV) must never be read as a formula by Excel or LibreOffice. Here, in the
base app, because every app writes spreadsheets: the report files and the admin's flat-data exports."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    """A text cell starting with =, +, -, @, tab or carriage return gets a leading apostrophe (OWASP CSV injection);
    other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_cells(book):
    """Every text cell of an openpyxl workbook neutralised by `safe_text`: the last step of writing a workbook, so
    that no writer (a sheet's title, a name, an app's own sheets) can forget it."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    cell.value = safe_text(cell.value)


def restore_text(value):
    """The inverse of `safe_text` when reading back a workbook this product wrote."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class SafeExportMixin:
    """A django-import-export resource whose exported texts are neutralised like every other spreadsheet here
    (the library's own option only strips a leading “=”, which loses the text and misses + - @ tab CR)."""

    def export_field(self, field, instance, **kwargs):
        return safe_text(super().export_field(field, instance, **kwargs))
