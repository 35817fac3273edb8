"""Logging filters."""

import logging


class OneLineError(logging.Filter):
    """An error the code goes on from, logged as one line: the message, the exception and
    what caused it.

    For django-redis' "Exception ignored": with Redis down every request logs one, and a traceback
    each (a thousand in the first half minute of an outage, seen under `make serve`) buries
    everything else in the log."""

    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        if error is not None:
            cause = f" from {error.__cause__!r}" if error.__cause__ is not None else ""
            record.msg = f"{record.getMessage()}: {error!r}{cause}"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True
