import pytest

from accounts.models import Role
from testing.clients import login


@pytest.fixture(autouse=True)
def _english(english):
    """These tests read the English messages, whatever the catalogue says."""


@pytest.fixture
def coordinator(world):
    return world.user(Role.CITY_COORDINATOR)


@pytest.fixture
def coordinator_client(client, coordinator):
    login(client, coordinator)
    return client
