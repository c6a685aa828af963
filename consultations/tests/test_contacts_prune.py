from datetime import date

import pytest

from consultations.models import ContactRequest
from consultations.services import contact_requests_prune
from consultations.tasks import prune_contact_requests
from testing.factories import campaign_for

pytestmark = pytest.mark.django_db


def test_it_deletes_phone_numbers_after_the_retention(world, settings):
    settings.CONTACT_RETENTION_DAYS = 60
    campaign = campaign_for(world.ward, year=2026)  # closes 31/12/2026
    ContactRequest.objects.create(campaign=campaign, phone="0912345678", consent_text="…")
    assert contact_requests_prune(today=date(2027, 2, 28)) == 0
    assert contact_requests_prune(today=date(2027, 3, 2)) == 1
    assert not ContactRequest.objects.exists()


def test_it_runs_as_a_background_task(world):
    campaign = campaign_for(world.ward, year=2020)
    ContactRequest.objects.create(campaign=campaign, phone="0912345678", consent_text="…")
    prune_contact_requests.enqueue()  # the immediate backend runs it at once in tests
    assert not ContactRequest.objects.exists()
