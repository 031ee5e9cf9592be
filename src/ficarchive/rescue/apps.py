from django.apps import AppConfig


class RescueConfig(AppConfig):
    name = "ficarchive.rescue"
    verbose_name = "Archive rescue"

    def ready(self) -> None:
        """Make the rescue a kind of background job, so staff can start one from the web."""
        from ficarchive.jobs.kinds import job_kind_register
        from ficarchive.rescue.jobs import RESCUE_JOB

        job_kind_register(RESCUE_JOB)
