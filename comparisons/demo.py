from django.core.management import call_command
from django.db import transaction


@transaction.atomic
def load_demo():
    """Load fixtures/demo.json and give every row its first history record.

    loaddata saves rows raw, which records no history; without a first record the
    first edit of a row could not say what it changed from.
    """
    call_command("loaddata", "demo", verbosity=0)
    call_command("populate_history", auto=True, verbosity=0)
