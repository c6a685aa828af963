import pytest


@pytest.fixture(autouse=True)
def _english(english):
    """These tests read the English messages, whatever the catalogue says."""
