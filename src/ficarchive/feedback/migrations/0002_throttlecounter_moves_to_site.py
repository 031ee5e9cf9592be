# The throttle counters moved to the site app; the table stays where it is.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ThrottleCounter")],
            database_operations=[],
        )
    ]
