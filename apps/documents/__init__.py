"""The report as a document: the disclosure view model, HTML and PDF, JSON, workbook and CSV."""
