from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0002_indexpending")]

    operations = [
        migrations.AlterField(
            model_name="indexchange",
            name="kind",
            field=models.CharField(
                choices=[
                    ("work", "Work changed or deleted"),
                    ("tags", "Tag names or synonyms changed"),
                    ("text", "Only the searchable text changed (or no work: a marker)"),
                    ("all", "Everything reindexed"),
                ],
                default="work",
                max_length=8,
            ),
        ),
    ]
