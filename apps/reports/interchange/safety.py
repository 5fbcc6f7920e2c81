"""Text written to spreadsheets (XLSX, CSV) must never be read as a formula by Excel or LibreOffice."""

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
