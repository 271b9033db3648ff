"""Moving the test database through migrations, for the tests of data migrations (`django_db(transaction=True)`)."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate to `targets` (e.g. `[("orgs", "0001_initial")]`); the historical models' apps at that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest() -> None:
    """Every app back at its latest migration (a test's `finally:`, so the tests after it find today's schema)."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
