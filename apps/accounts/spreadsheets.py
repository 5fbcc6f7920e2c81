"""Text written to spreadsheets (XLSX, CSV) must never be read as a formula by Excel or LibreOffice. Here, in the
base app, because every app writes spreadsheets: the report files and the admin's flat-data exports."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    """A text cell starting with =, +, -, @, tab or carriage return gets a leading apostrophe (OWASP CSV injection);
    other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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
