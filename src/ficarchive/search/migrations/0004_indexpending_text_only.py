from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_indexchange_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="indexpending",
            name="text_only",
            field=models.BooleanField(default=False),
        ),
    ]
