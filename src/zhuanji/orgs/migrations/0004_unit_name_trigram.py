"""选择工作单位 matches anywhere in the unit's name: on PostgreSQL a trigram index answers `LIKE '%…%'`.

SQLite has no such index (its LIKE scans; a province's units fit); the operation does nothing there. Creating
the extension needs a role allowed to (the CI and `make` databases are; in production a DBA may run
`CREATE EXTENSION pg_trgm` once beforehand).
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS org_unit_name_trgm ON orgs_organisation USING gin (name gin_trgm_ops)
    WHERE kind = 'unit' AND is_active;
"""
DROP = "DROP INDEX IF EXISTS org_unit_name_trgm;"


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("orgs", "0003_remove_organisation_base_level")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP), elidable=False)]
