"""Which real services this test run can reach, and what a test does when one is missing."""

import os
import shutil
import socket
from urllib.parse import urlparse

from django.conf import settings

CHROMIUM = "/usr/bin/chromium"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _answers(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=2):
            return True
    except OSError:
        return False


def missing_service(marker: str) -> str | None:
    """Why the service a marker names is unavailable, or None when it is there."""
    if marker == "postgres":
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
            return "DATABASE_URL does not point at PostgreSQL"
        return None
    if marker == "redis":
        if not settings.REDIS_URL:
            return "REDIS_URL is not set"
        if not _answers(settings.REDIS_URL, 6379):
            return f"Redis at {settings.REDIS_URL} does not answer"
        return None
    if marker == "browser":
        if not shutil.which(CHROMIUM):
            return f"{CHROMIUM} is not installed (apt-get install chromium)"
        return None
    return None
