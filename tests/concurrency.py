"""Calls raced against each other: each on its own thread and database connection, released at once."""

import threading

from django.db import connection


def run_at_once(calls, *, timeout: float = 120) -> tuple[list, list[str]]:
    """Run every call on its own thread, all released together by a barrier, and wait for them.

    Returns each call's result, and the repr of every exception a call raised (a deadlock, an
    IntegrityError): the test asserts there are none. Each thread closes its own connection."""
    start = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            start.wait(timeout=30)
            results.append(call())
        except Exception as error:  # noqa: BLE001 - any failure is the test's to report
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results, errors
