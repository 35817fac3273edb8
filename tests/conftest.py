import pytest

from tests.services import in_ci, missing_service

SERVICE_MARKERS = ("postgres", "redis", "browser")

pytest_plugins = ["tests.fixtures.accounts", "tests.fixtures.site", "tests.fixtures.live", "tests.fixtures.catalogue", "tests.fixtures.payments"]


def pytest_runtest_setup(item):
    for marker in SERVICE_MARKERS:
        if item.get_closest_marker(marker) is None:
            continue
        reason = missing_service(marker)
        if reason is None:
            continue
        if in_ci():
            pytest.fail(f"CI needs this service: {reason}", pytrace=False)
        pytest.skip(reason)
