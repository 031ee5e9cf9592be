from django.apps import AppConfig

# Pending uploads nobody posted are deleted by the background worker this often (an upload also
# sweeps them), so their stored bytes do not wait for the next upload.
UPLOADS_EXPIRE_EVERY_SECONDS = 15 * 60


class ImportingConfig(AppConfig):
    name = "ficarchive.importing"
    label = "importing"

    def ready(self):
        from ficarchive.jobs.housekeeping import Chore, chore_register

        chore_register(
            Chore(
                name="uploads_expire",
                handler="ficarchive.importing.uploads:uploads_expire",
                every_seconds=UPLOADS_EXPIRE_EVERY_SECONDS,
            )
        )
