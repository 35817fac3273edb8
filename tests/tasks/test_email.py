"""An email that cannot be sent is tried again later by the worker; the request that caused it succeeded."""

from datetime import timedelta

import pytest
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from commerce.accounts.models import User
from core.tasks import RETRY_DELAYS, enqueue_email
from tests.tasks.helpers import free_port, run_worker, smtp_server

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def smtp_port(settings):
    """Email goes over SMTP to a local port where, for now, nothing listens."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 5
    return port


def email_tasks():
    return DBTaskResult.objects.filter(task_path="core.tasks.send_email").order_by("enqueued_at")


def test_a_verification_email_refused_by_smtp_is_delivered_on_a_later_attempt(
    client, home_page, database_tasks, smtp_port
):
    response = client.post(
        "/accounts/register/",
        {"email": "nina@example.com", "first_name": "Nina", "password": "quiet-meadow-lantern-42"},
    )
    assert response.status_code == 302
    assert User.objects.filter(email="nina@example.com").exists()

    run_worker()
    first, retry = email_tasks()
    assert first.status == TaskResultStatus.FAILED
    assert first.exception_class_path == "builtins.ConnectionRefusedError"
    assert retry.status == TaskResultStatus.READY
    assert retry.args_kwargs == {"args": first.args_kwargs["args"], "kwargs": {"attempt": 2}}
    assert first.started_at + RETRY_DELAYS[0] <= retry.run_after <= first.finished_at + RETRY_DELAYS[0]

    with smtp_server(smtp_port) as received:
        run_worker()
        assert received == []  # not due yet
        email_tasks().filter(pk=retry.pk).update(run_after=timezone.now())  # its backoff has passed
        run_worker()
    retry.refresh_from_db()
    assert retry.status == TaskResultStatus.SUCCESSFUL
    [message] = received
    rendered = first.args_kwargs["args"][0]
    assert message["To"] == "nina@example.com"
    assert message["Subject"] == rendered["subject"]
    assert "/accounts/verify/" in message.get_payload(0).get_payload(decode=True).decode()


def test_an_order_email_is_given_up_after_the_last_attempt(
    customer, make_product, make_order, database_tasks, smtp_port, caplog
):
    variant = make_product(variants=[("", "10.00", 5)]).variants.get()
    order = make_order(customer, [(variant, 1)])
    for _attempt in range(len(RETRY_DELAYS) + 1):
        email_tasks().filter(status=TaskResultStatus.READY).update(run_after=timezone.now() - timedelta(seconds=1))
        run_worker()
    attempts = list(email_tasks())
    assert [task.args_kwargs["kwargs"].get("attempt", 1) for task in attempts] == list(range(1, len(RETRY_DELAYS) + 2))
    assert all(task.status == TaskResultStatus.FAILED for task in attempts)
    assert attempts[-1].exception_class_path == "core.tasks.RetriesExhausted"
    assert order.reference in attempts[-1].args_kwargs["args"][0]["subject"]
    assert "giving up" in caplog.text


def test_an_email_queued_in_a_transaction_that_rolls_back_is_never_sent(database_tasks):
    with transaction.atomic():
        enqueue_email(EmailMultiAlternatives("Order placed", "text", to=["nina@example.com"]))
        transaction.set_rollback(True)  # the order failed
    assert not email_tasks().exists()
