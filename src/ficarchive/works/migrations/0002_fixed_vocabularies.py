"""The fixed vocabularies of DESIGN.md (ratings, archive warnings, categories) as canonical tags."""

from django.db import migrations
from django.db.models.functions import Lower

VOCABULARIES = {
    "rating": [
        "General Audiences",
        "Teen And Up Audiences",
        "Mature",
        "Explicit",
        "Not Rated",
    ],
    "warning": [
        "Creator Chose Not To Use Archive Warnings",
        "No Archive Warnings Apply",
        "Graphic Depictions Of Violence",
        "Major Character Death",
        "Rape/Non-Con",
        "Underage Sex",
    ],
    "category": ["Gen", "F/M", "M/M", "F/F", "Multi", "Other"],
}


def create_vocabularies(apps, schema_editor):
    Tag = apps.get_model("works", "Tag")
    for tag_type, names in VOCABULARIES.items():
        for name in names:
            existing = Tag.objects.annotate(lname=Lower("name")).filter(lname=name.lower()).first()
            if existing is None:
                Tag.objects.create(name=name, type=tag_type, canonical=True)
            else:
                # A site that already had the name (e.g. as a freeform tag) gets the fixed meaning.
                existing.name, existing.type, existing.canonical = name, tag_type, True
                existing.synonym_of = None
                existing.save()


def remove_vocabularies(apps, schema_editor):
    Tag = apps.get_model("works", "Tag")
    for tag_type, names in VOCABULARIES.items():
        Tag.objects.filter(type=tag_type, name__in=names, works__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("works", "0001_initial")]

    operations = [migrations.RunPython(create_vocabularies, remove_vocabularies)]
