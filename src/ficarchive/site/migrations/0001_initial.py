# The throttle counters, moved from feedback: only Django's picture of them changes; the table
# feedback_throttlecounter (created by feedback's first migration) stays.

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("feedback", "0002_throttlecounter_moves_to_site")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ThrottleCounter",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("key", models.CharField(max_length=200)),
                        (
                            "window",
                            models.BigIntegerField(
                                help_text="Window start, in seconds since the epoch."
                            ),
                        ),
                        ("count", models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        "db_table": "feedback_throttlecounter",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("key", "window"), name="throttle_key_window"
                            )
                        ],
                    },
                )
            ],
            database_operations=[],
        )
    ]
