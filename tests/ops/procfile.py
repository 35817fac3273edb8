"""The Procfile's server processes, run as deployed: production settings on the test database and Redis."""

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
from websockets.exceptions import InvalidHandshake, InvalidStatus
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


def procfile_command(name: str) -> list[str]:
    line = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith(f"{name}:"))
    # Through a shell, as honcho runs it, so the line's ${VAR:-default}s expand; exec keeps the pid.
    return ["/bin/sh", "-c", "exec " + line.removeprefix(f"{name}:").strip()]


class ProcfileProcess:
    """One Procfile process in a session of its own: a server's workers are its children, and a
    crash takes them all."""

    def __init__(self, name: str, env: dict):
        self.name = name
        self.popen = subprocess.Popen(procfile_command(name), cwd=ROOT, env=env, start_new_session=True)  # noqa: S603

    def running(self) -> bool:
        if self.popen.poll() is not None:
            raise AssertionError(f"{self.name} process exited with {self.popen.returncode}")
        return True

    def crash(self):
        """The host dies: every process of the server is killed, no cleanup runs."""
        os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait()

    def stop(self):
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)  # no worker outlives its supervisor


class Deployment:
    """The Procfile's `web` (pages, gunicorn) and `realtime` (websockets, uvicorn) processes as
    deployed: production settings on the test database and Redis, each on a port of its own, the
    pages sending their websockets to the realtime one (WEBSOCKET_ORIGIN), which accepts them."""

    def __init__(self, *, processes=("web", "realtime"), redis_url: str | None = None, **environment):
        web_port, realtime_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{web_port}"
        self.ws_url = f"ws://127.0.0.1:{realtime_port}"
        database = settings.DATABASES["default"]
        channel_config = settings.CHANNEL_LAYERS["default"]["CONFIG"]
        env = {
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
            "PORT": str(web_port),
            "REALTIME_PORT": str(realtime_port),
            "WEBSOCKET_ORIGIN": self.ws_url,
            "CSRF_TRUSTED_ORIGINS": self.url,
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
            "CACHE_KEY_PREFIX": f"ops-{web_port}",
            **environment,
        }
        collect_static(env)
        self.processes = [ProcfileProcess(name, env) for name in processes]
        answers = {"web": self._pages_answer, "realtime": self._sockets_answer}
        try:
            for process in self.processes:
                wait_until(
                    lambda process=process: process.running() and answers[process.name](),
                    timeout=90,
                    message=f"{process.name} process answering",
                )
        except AssertionError:
            self.stop()  # the other process, which did start, goes too
            raise

    def _pages_answer(self) -> bool:
        try:
            return requests.get(f"{self.url}/robots.txt", timeout=2, allow_redirects=False).status_code > 0
        except requests.RequestException:
            return False

    def _sockets_answer(self) -> bool:
        try:
            with connect(f"{self.ws_url}/ws/chat/", open_timeout=2):
                pass
        except InvalidStatus:
            return True  # refused for want of an Origin: the server is answering
        except (OSError, TimeoutError, InvalidHandshake):
            return False
        return True

    def get(self, path, **kwargs):
        return requests.get(f"{self.url}{path}", timeout=10, allow_redirects=False, **kwargs)

    def socket(self, path, cookie):
        """A socket as the pages open it: to the realtime process, from the pages' origin."""
        return connect(
            f"{self.ws_url}{path}", additional_headers={"Cookie": cookie, "Origin": self.url}, open_timeout=10
        )

    def crash(self):
        for process in self.processes:
            process.crash()

    def stop(self):
        for process in self.processes:
            process.stop()


def receive_until(socket, kind, timeout=10):
    while True:
        event = json.loads(socket.recv(timeout=timeout))
        if event.get("type") == kind:
            return event
