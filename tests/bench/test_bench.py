"""`make bench` keeps working: one tiny run (60 products, 1 s per target, one shop setup).

Nothing is timed here: the run must finish and write its report with every target answered.
"""

import shutil
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

from tests.bench import run

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def test_a_tiny_bench_run_writes_its_report(tmp_path):
    if not (shutil.which("wrk") and shutil.which("gunicorn", path=str(run.BIN))):
        pytest.skip("wrk (apt-get install wrk) or gunicorn is missing")
    database = settings.DATABASES["default"]
    server = f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}"
    redis = urlunsplit(urlsplit(settings.REDIS_URL)._replace(path="/12"))
    report = run.main(
        [
            "--products=60",
            "--duration=1",
            "--connections=2",
            "--quick",
            "--no-index",
            f"--database-url={server}/storefront_bench_tiny",
            f"--redis-url={redis}",
            f"--out={tmp_path}",
            "--race-shoppers=6",
            "--race-stock=2",
            "--chat-customers=3",
            "--chat-rounds=2",
        ]
    )
    targets = {(row["setup"], row["target"]) for row in report["results"]}
    assert ("Django hello world, gunicorn sync", "ceiling") in targets
    assert ("shop, Procfile web (gunicorn sync), cache warm", "a product page") in targets
    assert all(row["requests"] > 0 and row["errors"] == 0 and row["non_2xx_3xx"] == 0 for row in report["results"])
    assert ("shop, Procfile web (gunicorn sync), cache warm", "/cart/ signed in") in targets
    race = report["checkout_race"]
    assert (race["orders"], race["units_sold"], race["stock_left"], race["errors"]) == (2, 2, 0, 0)
    assert race["refused_responses"] == 4
    assert (report["chat"]["sockets"], report["chat"]["lost"]) == (6, 0)
    assert "share of the WSGI ceiling" in (tmp_path / "results.md").read_text()
