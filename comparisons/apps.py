from django.apps import AppConfig


class ComparisonsConfig(AppConfig):
    name = "comparisons"
    verbose_name = "Framework comparisons"

    def ready(self):
        # Connects the receiver that turns history records into change-log entries.
        from . import changes  # noqa: F401
