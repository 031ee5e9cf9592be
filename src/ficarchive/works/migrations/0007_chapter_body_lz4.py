"""On PostgreSQL, chapter bodies are compressed with lz4 instead of pglz.

A story's chapters are most of what an import writes, and PostgreSQL compresses every body
over 2 kB as it stores it: pglz took about twice as long as lz4 for the import benchmark's
9 MB of bodies (0.33 s against 0.18 s), for a table half again as large (12 MB against 18 MB).
Only bodies written from now on are compressed the new way; a server built without lz4 keeps
pglz. SQLite stores text as it is: nothing to do there.
"""

from django.db import DatabaseError, migrations, transaction


def _compression_set(apps, schema_editor, method: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(
                f"ALTER TABLE works_chapter ALTER COLUMN body_html SET COMPRESSION {method}"
            )
    except DatabaseError:  # built without lz4: the default stays
        pass


def lz4(apps, schema_editor) -> None:
    _compression_set(apps, schema_editor, "lz4")


def default(apps, schema_editor) -> None:
    _compression_set(apps, schema_editor, "default")


class Migration(migrations.Migration):
    dependencies = [
        ("works", "0006_archivists_and_media"),
    ]

    operations = [migrations.RunPython(lz4, default, elidable=False)]
