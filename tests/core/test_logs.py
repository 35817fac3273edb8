"""With Redis down, each ignored cache error is one log line, not a traceback."""

import logging

import pytest
from django.core.cache import caches

from tests.ops.procfile import free_port


@pytest.fixture
def unreachable_redis_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "unreachable": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1},
        },
    }
    settings.DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    return caches["unreachable"]


def test_an_ignored_cache_error_is_logged_as_one_line(unreachable_redis_cache, caplog):
    with caplog.at_level(logging.ERROR, logger="django_redis.cache"):
        assert unreachable_redis_cache.get("anything") is None

    [record] = [r for r in caplog.records if r.name == "django_redis.cache"]
    assert record.exc_info is None
    assert record.getMessage().startswith("Exception ignored: ConnectionInterrupted() from ")
    assert "ConnectionError" in record.getMessage()
