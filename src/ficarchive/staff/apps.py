from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "ficarchive.staff"
    label = "staff"
    verbose_name = "Staff tools"
