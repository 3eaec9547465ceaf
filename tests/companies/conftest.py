import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """These tests request English pages; LocaleMiddleware leaves English active in the thread afterwards,
    which would make later tests reverse English URLs."""
    yield
    translation.deactivate()
