import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Throttle counters live in the cache (Redis on CI); every test starts with none.
    cache.clear()
    yield
    cache.clear()
