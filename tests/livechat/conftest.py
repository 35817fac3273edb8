import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_chat_limits():
    """Chat limits are counted in the shared cache per person and per address, and every test
    socket comes from the same (absent) address: one test's messages must not limit the next."""
    cache.clear()
