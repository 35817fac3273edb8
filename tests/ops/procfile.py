"""The Procfile's web process, run as deployed: production settings on the test database and Redis."""

import contextlib
import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests
from django.conf import settings
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parent.parent.parent
# Sessions signed in by a test are checked by the server with its own SECRET_KEY.
SECRET_KEY = "ops-test-secret-key-" + "x" * 40  # noqa: S105


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, *, timeout: float, interval: float = 0.2, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(interval)
    raise AssertionError(f"{message} not met within {timeout} s")


_static_collected = False


def collect_static(env: dict) -> None:
    """Production serves static files from collectstatic's manifest, as a deploy's build step makes it.

    Run once per test process; a file lock keeps two pytest workers from writing it at once."""
    global _static_collected  # noqa: PLW0603 - once per process
    if _static_collected:
        return
    with open(ROOT / ".collectstatic.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
    _static_collected = True


class WebProcess:
    def __init__(self, *, redis_url: str | None = None, **environment):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ws_url = f"ws://127.0.0.1:{self.port}"
        database = settings.DATABASES["default"]
        channel_config = settings.CHANNEL_LAYERS["default"]["CONFIG"]
        env = {
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
            "PORT": str(self.port),
            "DJANGO_SETTINGS_MODULE": "site_project.settings.production",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": (
                f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}/"
                f"{database['NAME']}"
            ),
            "REDIS_URL": redis_url or channel_config["hosts"][0]["address"],
            "CHANNEL_LAYER_PREFIX": channel_config["prefix"],
            "CACHE_KEY_PREFIX": f"ops-{self.port}",
            **environment,
        }
        collect_static(env)
        web = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:"))
        # Through a shell, as honcho runs it, so the line's ${VAR:-default}s expand; exec keeps the pid.
        command = ["/bin/sh", "-c", "exec " + web.removeprefix("web:").strip()]
        # A session of its own: uvicorn's workers are its children, and a crash takes them all.
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
        wait_until(self._answers, timeout=90, message="web process answering")

    def _answers(self):
        if self.process.poll() is not None:
            raise AssertionError(f"web process exited with {self.process.returncode}")
        try:
            return requests.get(f"{self.url}/robots.txt", timeout=2, allow_redirects=False).status_code > 0
        except requests.RequestException:
            return False

    def get(self, path, **kwargs):
        return requests.get(f"{self.url}{path}", timeout=10, allow_redirects=False, **kwargs)

    def socket(self, path, cookie):
        return connect(
            f"{self.ws_url}{path}", additional_headers={"Cookie": cookie, "Origin": self.url}, open_timeout=10
        )

    def crash(self):
        """The host dies: every process of the server is killed, no cleanup runs."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # no worker outlives its supervisor


def receive_until(socket, kind, timeout=10):
    while True:
        event = json.loads(socket.recv(timeout=timeout))
        if event.get("type") == kind:
            return event
