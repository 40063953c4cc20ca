"""Create each database's full-text machinery: FTS5 + triggers on SQLite; pg_trgm and GIN
indexes on PostgreSQL. Vendor-guarded both ways, so the migration reverses cleanly."""

from django.db import migrations

from conditions.search.backends import postgres, sqlite


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("conditions", "0002_search_index")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": sqlite.CREATE_SQL, "postgresql": postgres.CREATE_SQL}),
            _run({"sqlite": sqlite.DROP_SQL, "postgresql": postgres.DROP_SQL}),
        )
    ]
