"""The worker process: several of them share the queue safely, and SIGTERM lets one finish its task."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.ops.procfile import procfile_command
from tests.tasks import helpers
from tests.tasks.helpers import database_url, record_run, run_worker, slow_task

pytestmark = pytest.mark.django_db(transaction=True)

TASKS = 40


@pytest.mark.postgres
def test_two_workers_never_run_the_same_task_twice(database_tasks):
    helpers.RUNS.clear()
    for number in range(TASKS):
        record_run.enqueue(number)
    start = threading.Barrier(2)
    errors = []

    def work(worker_id):
        try:
            start.wait(timeout=30)
            run_worker(worker_id=worker_id)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(f"worker-{index}",)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(helpers.RUNS) == list(range(TASKS))
    results = DBTaskResult.objects.filter(task_path="tests.tasks.helpers.record_run")
    assert {result.status for result in results} == {TaskResultStatus.SUCCESSFUL}
    assert all(len(result.worker_ids) == 1 for result in results)
    assert {result.worker_ids[0] for result in results} == {"worker-0", "worker-1"}


def wait_for(condition, *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_on_sigterm_the_worker_finishes_the_task_in_hand_takes_no_other_and_exits(database_tasks):
    in_hand = slow_task.using(priority=10).enqueue(2)
    waiting = slow_task.enqueue(0)
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_project.settings.production",
        "SECRET_KEY": "worker-test-" + "x" * 50,
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": database_url(),
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",  # the line's `python`
    }
    worker = subprocess.Popen(
        procfile_command("worker"),
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(lambda: DBTaskResult.objects.get(pk=in_hand.id).status == TaskResultStatus.RUNNING, timeout=60)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=10) == 0, worker.stdout.read().decode()
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.stdout.close()
    assert DBTaskResult.objects.get(pk=in_hand.id).status == TaskResultStatus.SUCCESSFUL
    assert DBTaskResult.objects.get(pk=waiting.id).status == TaskResultStatus.READY
