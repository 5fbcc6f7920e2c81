"""Concurrent requests on SQLite (the demo's database) used to fail with “database is locked”: two transactions that
both read and then write cannot both upgrade their lock, and SQLite refuses one at once, whatever the timeout.
The settings open SQLite write transactions IMMEDIATE (WAL, a busy timeout), so concurrent writers wait instead."""
import threading

import pytest
from django.conf import settings
from django.db import OperationalError, connections, transaction

pytestmark = pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
                                reason="the demo's database is SQLite")

WRITERS = 8
ALIAS = "concurrency"


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    """A database alias on an SQLite file, configured by `options` (each thread gets its own connection)."""
    def configure(options):
        connections.settings[ALIAS] = {**connections.settings["default"], "NAME": str(tmp_path / "demo.sqlite3"),
                                       "OPTIONS": options}
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE IF NOT EXISTS saves (id INTEGER PRIMARY KEY, n INTEGER)")
        connections[ALIAS].close()

    with django_db_blocker.unblock():
        yield configure
    connections[ALIAS].close()
    del connections[ALIAS]
    del connections.settings[ALIAS]


def requests_at_once() -> list[str]:
    """WRITERS threads, each a request's transaction: read, then write; the errors they met."""
    barrier, errors = threading.Barrier(WRITERS), []

    def request(n):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
                cursor.execute("SELECT count(*) FROM saves")  # what a view reads before it writes
                cursor.fetchone()
                threading.Event().wait(0.05)
                cursor.execute("INSERT INTO saves (n) VALUES (%s)", [n])
        except OperationalError as exc:
            errors.append(str(exc))
        finally:
            connections[ALIAS].close()

    threads = [threading.Thread(target=request, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_concurrent_writers_wait_for_each_other(sqlite_file):
    sqlite_file(settings.DATABASES["default"]["OPTIONS"])
    assert requests_at_once() == []


def test_without_immediate_transactions_the_same_requests_fail(sqlite_file):
    """The workload above really is the one that failed: with SQLite's default (deferred) transactions it does."""
    sqlite_file({"timeout": 20})
    errors = requests_at_once()
    assert errors and all("database is locked" in e for e in errors)
