"""The audit tables are append-only in the database itself: triggers refuse UPDATE and DELETE (and TRUNCATE on
PostgreSQL), whoever sends them, the application's role included.

The one sanctioned deletion is the archive command (`archive.py`, after the rows are safely in an archive file)
and, in tests only (`AUDIT_ALLOW_FLUSH`), the flush between transactional tests. Both run inside `archive_mode()`,
a switch the triggers read and that lasts at most until the end of the transaction:

- PostgreSQL: `SET LOCAL zhuanji.audit_archive = 'on'`, read by the trigger function with `current_setting()`;
- SQLite: a per-connection SQL function `zhuanji_audit_archive()` registered on every connection Django opens
  (`apps.py`); a connection that lacks it (the sqlite3 shell) cannot delete either ("no such function").

UPDATE has no bypass at all. The migration `0004_append_only` installs the triggers; `install()` is also run
after every `migrate` (post_migrate), because SQLite drops a table's triggers when a later migration rebuilds it.
"""

import weakref
from contextlib import contextmanager

from django.db import DatabaseError, connections

TABLES = ("audit_auditentry", "audit_auditarchive")
MESSAGE = "audit log is append-only"
SQLITE_FUNCTION = "zhuanji_audit_archive"

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION zhuanji_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE') AND current_setting('zhuanji.audit_archive', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '{MESSAGE}: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;
"""


def _pg_triggers(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION zhuanji_audit_append_only()",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION zhuanji_audit_append_only()",
    ]


def _sqlite_triggers(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
        f"WHEN NOT {SQLITE_FUNCTION}() BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    ]


def _expected_triggers(vendor: str) -> set[str]:
    suffixes = ("append_only", "no_truncate") if vendor == "postgresql" else ("no_update", "no_delete")
    return {f"{table}_{suffix}" for table in TABLES for suffix in suffixes}


def installed(connection) -> set[str]:
    """The names of the append-only triggers present on the audit tables."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                           " WHERE c.relname IN (%s, %s) AND pg_table_is_visible(c.oid) AND NOT t.tgisinternal",
                           list(TABLES))
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (%s, %s)",
                           list(TABLES))
        else:
            return set()
        return {name for (name,) in cursor.fetchall()} & _expected_triggers(connection.vendor)


def install(connection) -> None:
    """Create the triggers (idempotent; nothing to do when they are all there)."""
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    if installed(connection) == _expected_triggers(connection.vendor):
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
            statements = [sql for table in TABLES for sql in _pg_triggers(table)]
        else:
            statements = [sql for table in TABLES for sql in _sqlite_triggers(table)]
        for sql in statements:
            cursor.execute(sql)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in TABLES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS zhuanji_audit_append_only()")
        elif connection.vendor == "sqlite":
            for table in TABLES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: give a new SQLite connection the archive switch the triggers read."""
    if connection.vendor != "sqlite":
        return
    wrapper = weakref.ref(connection)

    def archive_on() -> int:
        current = wrapper()
        return 1 if current is not None and getattr(current, "_zhuanji_audit_archive", False) else 0

    connection.connection.create_function(SQLITE_FUNCTION, 0, archive_on)


@contextmanager
def archive_mode(using: str = "default"):
    """Let this transaction delete audit rows (never update them). Only `archive.py` and the test flush use it."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("archive_mode() must be used inside transaction.atomic()")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL zhuanji.audit_archive = 'on'")
        try:
            yield
        finally:
            if not connection.needs_rollback:
                try:
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL zhuanji.audit_archive = 'off'")
                except DatabaseError:
                    pass  # the transaction failed: its rollback ends the setting anyway
    else:
        connection.ensure_connection()
        connection._zhuanji_audit_archive = True
        try:
            yield
        finally:
            connection._zhuanji_audit_archive = False
