"""Background work shared by every app: email sent by the worker, and retrying a failed task.

django-tasks-db records a task that raised as failed and never runs it again, so a task that may
fail for a while (an SMTP server that is down) retries itself with `retry_on_failure`.
"""

import logging
from contextlib import contextmanager
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskContext, task

logger = logging.getLogger(__name__)

# After the first attempt fails, the next ones come this long after the one before.
RETRY_DELAYS = (
    timedelta(seconds=30),
    timedelta(minutes=2),
    timedelta(minutes=10),
    timedelta(hours=1),
    timedelta(hours=6),
)


class RetriesExhausted(Exception):
    """A task failed on its last attempt (its cause is chained); the queue lists these as failed for good."""


@contextmanager
def retry_on_failure(context: TaskContext, *, attempt: int):
    """Run the block; when it raises, enqueue the same task again with `attempt` + 1 after the
    next delay of RETRY_DELAYS, or raise RetriesExhausted after the last one (at once on a
    backend that cannot defer, such as the embedded default's).

    The error is raised either way, so each failed attempt is recorded with its traceback.
    """
    try:
        yield
    except Exception as error:
        result = context.task_result
        name = result.task.module_path
        if attempt > len(RETRY_DELAYS) or not result.task.get_backend().supports_defer:
            logger.error("Task %s failed on attempt %d, giving up: %r", name, attempt, error)
            raise RetriesExhausted(f"{name} failed on attempt {attempt}") from error
        delay = RETRY_DELAYS[attempt - 1]
        result.task.using(run_after=timezone.now() + delay).enqueue(
            *result.args, **{**result.kwargs, "attempt": attempt + 1}
        )
        logger.warning("Task %s failed on attempt %d, trying again in %s: %r", name, attempt, delay, error)
        raise


@task(takes_context=True)
def send_email(context: TaskContext, message: dict, attempt: int = 1) -> None:
    """Send an email exactly as `enqueue_email` rendered it."""
    with retry_on_failure(context, attempt=attempt):
        EmailMultiAlternatives(**message).send()


def enqueue_email(message: EmailMultiAlternatives) -> None:
    """Have the worker send `message` once the current transaction commits; nothing if it rolls back.

    The message is stored as it is now (subject, bodies, sender, recipients, headers), so every
    attempt sends the same email. A failure to enqueue is logged and never fails the caller,
    whose own work has committed.
    """
    if message.attachments:
        raise ValueError("Queued emails carry no attachments.")
    fields = {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": message.to,
        "cc": message.cc,
        "bcc": message.bcc,
        "reply_to": message.reply_to,
        "headers": message.extra_headers,
        "alternatives": [[content, mimetype] for content, mimetype in message.alternatives],
    }
    transaction.on_commit(lambda: send_email.enqueue(fields), robust=True)
