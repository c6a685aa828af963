from django_tasks import task

from consultations.services import contact_requests_prune


@task()
def prune_contact_requests() -> int:
    """Daily: delete follow-up phone numbers past their retention, as residents were told."""
    return contact_requests_prune()
