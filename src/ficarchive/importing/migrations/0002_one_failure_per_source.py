"""One failed-import record per source: duplicates left by concurrent imports go first."""

from django.db import migrations, models


def failures_deduplicate(apps, schema_editor):
    """Keep the newest failed record of each source (concurrent runs could write several)."""
    ImportRecord = apps.get_model("importing", "ImportRecord")
    newest: dict[str, int] = {}
    stale = []
    failed = ImportRecord.objects.filter(status="failed").order_by("-updated_at", "-id")
    for record_id, source in failed.values_list("id", "source").iterator():
        if source in newest:
            stale.append(record_id)
        else:
            newest[source] = record_id
    for start in range(0, len(stale), 500):
        ImportRecord.objects.filter(id__in=stale[start : start + 500]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("importing", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(failures_deduplicate, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="importrecord",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "failed")),
                fields=("source",),
                name="importrecord_one_failure_per_source",
            ),
        ),
    ]
