"""Files in and out: the one place that knows the formats (JSON, XLSX, CSV) by name."""
import json
from pathlib import PurePath

from apps.documents.interchange.document import Problem, export_document
from apps.documents.interchange.importing import ImportOutcome, document_import
from apps.documents.interchange.schema import text_problems
from apps.documents.interchange.tables_csv import tables_zip
from apps.documents.interchange.workbook import MAX_UPLOAD_BYTES, read_workbook, too_large, write_workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORTS = {  # format → (make(report, public), content type, suffix)
    "json": (lambda r, public: json.dumps(export_document(r, public), ensure_ascii=False, indent=1).encode("utf-8"),
             "application/json; charset=utf-8", "json"),
    "xlsx": (write_workbook, XLSX_TYPE, "xlsx"),
    "csv": (lambda r, public: tables_zip(r), "application/zip", "csv.zip"),  # the tables alone
}


def download_name(report, suffix: str) -> str:
    """A downloaded file's name: the report's title, and its revision when it is a correction."""
    revision = f"（第{report.revision}版）" if report.revision > 1 else ""
    return f"{report.title}{revision}.{suffix}"


def export_file(report, fmt: str, public: bool = False) -> tuple[bytes, str, str]:
    """(content, content type, file name) of a report in `fmt` (json | xlsx | csv); `public`: only what the
    published document shows (see `document.published_only`), for anyone but the report's own people."""
    make, content_type, suffix = EXPORTS[fmt]
    return make(report, public), content_type, download_name(report, suffix)


def read_json(content: bytes) -> tuple[object | None, list[Problem]]:
    """The value a JSON file holds, or why it cannot be read; a text no report can hold (NUL, a lone surrogate, a
    control character) is refused here, located, before any other code sees the value."""
    if len(content) > MAX_UPLOAD_BYTES:
        return None, [too_large(len(content))]
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None, [Problem("文件", "JSON 文件应为 UTF-8 编码。")]
    except json.JSONDecodeError as exc:
        return None, [Problem(f"第 {exc.lineno} 行第 {exc.colno} 列", f"不是有效的 JSON：{exc.msg}。")]
    except RecursionError:
        return None, [Problem("文件", "JSON 嵌套过深，不是决算文件。")]
    except ValueError:  # an integer of thousands of digits (beyond what Python converts)
        return None, [Problem("文件", "JSON 中有位数过多的数字，不是决算文件。")]
    problems = text_problems(data)
    return (None, problems) if problems else (data, [])


def read_upload(name: str, content: bytes, report) -> tuple[dict | None, list[Problem]]:
    """The document in an uploaded file, by its suffix (.json or .xlsx)."""
    suffix = PurePath(name or "").suffix.lower()
    if suffix == ".json":
        return read_json(content)
    if suffix == ".xlsx":
        return read_workbook(content, report)
    return None, [Problem("文件", f"不支持“{suffix or name}”文件：请上传本系统导出的 .xlsx 工作簿或 .json 文件。")]


def import_file(*, report, name: str, content: bytes, confirm: bool, by, as_published: bool = False) -> ImportOutcome:
    """Preview (confirm=False) or import one uploaded file into a draft report (`as_published`: a document already
    published, every printed figure kept as printed; see `document_import`)."""
    document, problems = read_upload(name, content, report)
    if document is None or any(p.severity == "error" for p in problems):
        return ImportOutcome(problems=problems)
    return document_import(report=report, data=document, confirm=confirm, by=by, source=f"文件 {name}",
                           extra_problems=problems, as_published=as_published)
