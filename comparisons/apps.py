from django.apps import AppConfig


class ComparisonsConfig(AppConfig):
    name = "comparisons"
    verbose_name = "Framework comparisons"

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_save

        # Connects the receiver that turns history records into change-log entries.
        from . import changes  # noqa: F401
        from .models.revision import on_content_saved_or_deleted
        from .text import normalise_text_fields

        # Every saved or deleted row of comparison data (not the history tables, not the
        # revision itself) changes the content revision that cached pages are keyed by.
        for model in self.get_models():
            if not model.__name__.startswith("Historical") and model.__name__ != "ContentRevision":
                post_save.connect(on_content_saved_or_deleted, sender=model)
                post_delete.connect(on_content_saved_or_deleted, sender=model)
            # Multi-line text is stored with LF line ends, from forms and loaddata alike.
            pre_save.connect(normalise_text_fields, sender=model)
