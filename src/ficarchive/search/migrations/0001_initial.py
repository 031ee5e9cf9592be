"""The change log, and the full-text table of whichever database this is (FTS5 or tsvector + GIN)."""

from django.db import migrations, models

SQLITE_CREATE = [
    # Porter stemming over unicode61 words, accents folded; body is only searched on request.
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, creators, tags, summary, notes, body,"
    " tokenize = 'porter unicode61 remove_diacritics 2')",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS search_fts"]

POSTGRES_CREATE = [
    # English stemming without a stop-word list, so "the" is a word as it is in FTS5.
    "DO $$ BEGIN"
    " IF NOT EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'ficarchive_stem') THEN"
    "  CREATE TEXT SEARCH DICTIONARY ficarchive_stem (TEMPLATE = snowball, Language = english);"
    " END IF;"
    " IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'ficarchive') THEN"
    "  CREATE TEXT SEARCH CONFIGURATION ficarchive (COPY = english);"
    "  ALTER TEXT SEARCH CONFIGURATION ficarchive ALTER MAPPING FOR"
    "   asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH ficarchive_stem;"
    " END IF;"
    " END $$",
    "CREATE TABLE IF NOT EXISTS search_pgdoc ("
    " work_id bigint PRIMARY KEY, meta tsvector NOT NULL, everything tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS search_pgdoc_meta ON search_pgdoc USING gin (meta)",
    "CREATE INDEX IF NOT EXISTS search_pgdoc_everything ON search_pgdoc USING gin (everything)",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS search_pgdoc"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        with schema_editor.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies: list = []

    operations = [
        migrations.CreateModel(
            name="IndexChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("work", "Work changed or deleted"),
                            ("tags", "Tag names or synonyms changed"),
                            ("all", "Everything reindexed"),
                        ],
                        default="work",
                        max_length=8,
                    ),
                ),
                ("work_id", models.BigIntegerField(blank=True, null=True)),
                ("token", models.CharField(max_length=16)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
