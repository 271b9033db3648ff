from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate

# The migration that makes the audit tables append-only; after it, every migrate checks the triggers are there.
APPEND_ONLY_MIGRATION = ("audit", "0004_append_only")


def _ensure_triggers(sender, using, **kwargs):
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from . import immutability

    connection = connections[using]
    if APPEND_ONLY_MIGRATION in MigrationRecorder(connection).applied_migrations():
        immutability.install(connection)


class AuditConfig(AppConfig):
    name = "zhuanji.audit"
    label = "audit"

    def ready(self):
        from . import immutability

        connection_created.connect(immutability.register_sqlite_function, dispatch_uid="zhuanji_audit_sqlite")
        post_migrate.connect(_ensure_triggers, sender=self, dispatch_uid="zhuanji_audit_triggers")
