"""Any JSON document posted to the accountant's import page, however it differs from a valid one (a value, a key or
an item replaced, removed or added anywhere, with strings holding surrogates or NUL, huge numbers, wrong types,
nested objects), is answered without a server error, and never changes another report."""
import copy
import hashlib
import json

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.accounts.models import Organisation
from apps.documents.interchange.document import export_document
from apps.documents.interchange.importing import document_import
from apps.reports.models import Report
from apps.reports.services.reports import report_create
from tests.helpers import user

URL = "/entry/410882-zwfw/2021/import/"

STRINGS = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=12),  # any code point, lone surrogates included
    st.sampled_from(["", "\x00", "\ud800", "\udfff", "a\x00b", "\x01", "\ufffe", "=1+1", "99999999999999999999",
                     "999999999999", "1e30", "-0.001", "0.00", "１２３", "NaN", "2010306", "basic", "total",
                     "x" * 10001]),
)
NUMBERS = st.one_of(
    st.integers(), st.floats(), st.decimals(allow_nan=False, allow_infinity=False).map(float),
    st.sampled_from([10 ** 30, -(2 ** 63), 2 ** 64, 10 ** 4000, 1e30, 1e308, float("nan"), float("inf"), 0, -1, 2021]),
)
DECIMAL_TEXTS = st.one_of(
    *(st.decimals(min_value=-10 ** 14, max_value=10 ** 14, places=places) for places in (0, 2, 4)),
    st.sampled_from(["999999999999.99", "9999.99", "10000", "1000.01", "-0.01"])).map(str)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, STRINGS, DECIMAL_TEXTS)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(STRINGS, inner, max_size=3)), max_leaves=6)


def like(value):
    """Values of the kind the place holds (so that the document often gets past the schema, deep into the import),
    or anything."""
    if isinstance(value, bool):
        kind = st.booleans()
    elif isinstance(value, int):
        kind = st.one_of(st.integers(-3, 40), st.sampled_from([2021, 32767, 32768, 10 ** 6, 2 ** 31, 10 ** 30]))
    elif isinstance(value, (str, type(None))):
        kind = st.one_of(STRINGS, DECIMAL_TEXTS)
    else:
        kind = VALUES
    return st.one_of(kind, kind, kind, VALUES)


def places(value, path=()):
    """Every path into a document (tuples of keys and indexes), containers included."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from places(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from places(item, path + (i,))


def value_at(document, path):
    for part in path:
        document = document[part]
    return document


def changes(document, paths):
    """One change of the document: (path, operation, value), the value of the kind the place holds or anything."""
    return st.sampled_from(paths).flatmap(lambda path: st.tuples(
        st.just(path), st.sampled_from(["replace", "replace", "replace", "remove", "add"]),
        like(value_at(document, path)), STRINGS))


def changed(document, edits) -> bytes:
    """The document with the changes made, as JSON text (surrogates and NUL escaped; NaN, Infinity as is)."""
    data = copy.deepcopy(document)
    for path, operation, value, key in edits:
        try:
            target = value_at(data, path)
            parent = value_at(data, path[:-1])
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the place
        if operation == "add" and isinstance(target, dict):
            target[key] = value
        elif operation == "add" and isinstance(target, list):
            target.append(value)
        elif operation == "remove" and path:
            del parent[path[-1]]
        elif path:
            parent[path[-1]] = value
        else:
            data = value
    return json.dumps(data, ensure_ascii=True).encode("ascii")


def digest_of_others(report) -> str:
    """A digest of every row of every table that belongs to a report other than `report` (reports included)."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        fields = {f.name for f in model._meta.concrete_fields}
        if model is Report:
            rows = model.objects.exclude(pk=report.pk)
        elif "report" in fields:
            rows = model.objects.exclude(report=report)
        elif "sheet" in fields:
            rows = model.objects.exclude(sheet__report=report)
        else:
            continue
        digest.update(model._meta.label.encode())
        for row in rows.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.fixture
def other_report(demo_report):
    """A second department's report, with the demo's figures, texts and sheets."""
    office = Organisation.objects.create(code="410882-sjj", name="沁阳市审计局", kind="department",
                                         region=demo_report.department.region, parent=demo_report.department.parent)
    report = report_create(department=office, fiscal_year=2021, unit=demo_report.unit, by=None)
    assert document_import(report=report, data=export_document(demo_report), confirm=True, by=None).written
    return report


def test_any_json_upload_is_answered_without_a_server_error_and_changes_no_other_report(demo_report, other_report,
                                                                                      media):
    document = export_document(demo_report)
    paths = list(places(document))
    others = digest_of_others(demo_report)
    seen = {200: 0, 302: 0, 422: 0}

    @settings(max_examples=60, deadline=None, database=None, derandomize=False,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(edits=st.lists(changes(document, paths), min_size=1, max_size=3))
    def upload(edits):
        from django.test import Client

        body = changed(document, edits)
        with transaction.atomic():
            client = Client()
            client.force_login(user("kuaiji"))
            before = export_document(demo_report)
            response = client.post(URL, {"file": SimpleUploadedFile("决算.json", body)})
            assert response.status_code in (200, 422), response.status_code
            seen[response.status_code] += 1
            if response.status_code == 422:
                assert export_document(demo_report) == before  # nothing half-written
            elif 'id="confirm-button"' in response.content.decode():
                confirmed = client.post(URL, {"action": "confirm"})
                assert confirmed.status_code in (302, 422), confirmed.status_code
                seen[confirmed.status_code] += 1
            assert digest_of_others(demo_report) == others
            transaction.set_rollback(True)

    upload()
    assert digest_of_others(demo_report) == others
    assert seen[422] > 0 and seen[200] + seen[302] > 0, seen  # the examples reached both answers
