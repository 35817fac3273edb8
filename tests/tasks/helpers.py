"""Running the task queue inside a test: an in-process worker, a tiny SMTP server, tasks to observe."""

import email
import socket
import socketserver
import threading
import time
from contextlib import contextmanager

from django.db import connection
from django_tasks import task
from django_tasks_db.management.commands.db_worker import Worker

RUNS: list[int] = []


def run_worker(*, worker_id: str = "test-worker") -> None:
    """Run every task that is due, as the Procfile's `db_worker` does, then return."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
    ).run()


def free_port() -> int:
    """A local port nothing listens on (until a test starts a server there)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's smtp backend: no extensions, no authentication."""

    def reply(self, line: bytes) -> None:
        self.wfile.write(line + b"\r\n")

    def handle(self):
        self.reply(b"220 test SMTP")
        while line := self.rfile.readline():
            command = line.strip().upper()
            if command == b"DATA":
                self.reply(b"354 End data with <CR><LF>.<CR><LF>")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                self.server.messages.append(email.message_from_bytes(b"".join(data)))
                self.reply(b"250 Queued")
            elif command == b"QUIT":
                self.reply(b"221 Bye")
                return
            else:  # EHLO, MAIL, RCPT, RSET, NOOP
                self.reply(b"250 OK")


@contextmanager
def smtp_server(port: int):
    """An SMTP server on 127.0.0.1:`port`; yields the list of messages it receives."""
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    server = socketserver.ThreadingTCPServer(("127.0.0.1", port), _SMTPHandler)
    server.daemon_threads = True
    server.messages = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.messages
    finally:
        server.shutdown()
        server.server_close()


@task()
def record_run(number: int) -> None:
    RUNS.append(number)
    time.sleep(0.02)  # long enough for the other worker to look for work meanwhile


@task()
def slow_task(seconds: float) -> None:
    time.sleep(seconds)


def database_url() -> str:
    """The test database as a DATABASE_URL, for a worker started in another process."""
    database = connection.settings_dict
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{database['NAME']}"
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    return f"postgres://{database['USER']}{password}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
