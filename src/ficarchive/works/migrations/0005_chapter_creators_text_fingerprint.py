"""Chapters may name their own writers; works get a text fingerprint (filled in for existing ones)."""

from django.db import migrations, models


def fingerprints_fill(apps, schema_editor):
    from ficarchive.works.services.fingerprint import text_fingerprint

    Work = apps.get_model("works", "Work")
    Chapter = apps.get_model("works", "Chapter")
    for work in Work.objects.filter(text_fingerprint="").only("id").iterator():
        bodies = Chapter.objects.filter(work_id=work.id).order_by("position")
        fingerprint = text_fingerprint(bodies.values_list("body_html", flat=True))
        Work.objects.filter(pk=work.id).update(text_fingerprint=fingerprint)


class Migration(migrations.Migration):
    dependencies = [
        ("works", "0004_work_title_ci"),
    ]

    operations = [
        migrations.AddField(
            model_name="chapter",
            name="creators",
            field=models.ManyToManyField(blank=True, related_name="chapters", to="works.creator"),
        ),
        migrations.AddField(
            model_name="work",
            name="text_fingerprint",
            field=models.CharField(blank=True, db_index=True, max_length=64),
        ),
        migrations.RunPython(fingerprints_fill, migrations.RunPython.noop),
    ]
