"""What both servers' processes (gunicorn's for pages, uvicorn's for websockets) do on their way out."""

import atexit

from django.db import connections


def close_database_pools_at_exit() -> None:
    """By the time Python exits the server has drained its requests; closing the pool then ends each
    PostgreSQL session cleanly instead of leaving the database to notice dropped sockets."""
    atexit.register(_close_database_pools)


def _close_database_pools():
    for connection in connections.all():
        if connection.vendor == "postgresql":
            connection.close_pool()
