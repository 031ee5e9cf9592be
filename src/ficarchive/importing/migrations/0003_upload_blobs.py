"""Pending uploads keep their bytes once per content (UploadBlob), not once per upload."""

from django.db import migrations, models


def pending_bytes_move(apps, schema_editor):
    """Each pending upload's bytes go to the blob of its content (one per content)."""
    ImportRecord = apps.get_model("importing", "ImportRecord")
    UploadBlob = apps.get_model("importing", "UploadBlob")
    pending = ImportRecord.objects.filter(status="pending", data__isnull=False)
    for content_hash, data in pending.values_list("content_hash", "data").iterator():
        UploadBlob.objects.get_or_create(content_hash=content_hash, defaults={"data": data})


class Migration(migrations.Migration):
    dependencies = [
        ("importing", "0002_one_failure_per_source"),
    ]

    operations = [
        migrations.CreateModel(
            name="UploadBlob",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("content_hash", models.CharField(max_length=64, unique=True)),
                ("data", models.BinaryField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.RunPython(pending_bytes_move, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="importrecord",
            name="data",
        ),
    ]
