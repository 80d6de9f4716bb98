from django.db import models


class Fortune(models.Model):
    """A row of the harness's fortune table (the harness creates and fills it)."""

    message = models.CharField(max_length=2048)

    class Meta:
        db_table = "fortune"
        managed = False

    def __str__(self):
        return self.message
