"""Production is safe by default, and `check --deploy` refuses what must never reach customers."""

import os
import secrets
import subprocess
import sys

import pytest
from django.test import override_settings

from site_project.checks import check_production_is_safe
from tests.test_settings import ROOT, resolve

PRINT_PAYPAL_TEST = "import django; django.setup(); from django.conf import settings; print(settings.PAYPAL_TEST)"
SAFE = {
    "DEBUG": False,
    "SECRET_KEY": "k" + secrets.token_urlsafe(60),
    "PAYPAL_TEST": False,
    "PAYPAL_POSTBACK_URL": "",
    "TRUSTED_PROXIES": ["127.0.0.1"],
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def ids(**overrides):
    with override_settings(**{**SAFE, **overrides}):
        return sorted(problem.id for problem in check_production_is_safe(None))


def check_deploy(**environment):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "site_project.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "shop.example.com",
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_without_paypal_test_use_live_paypal():
    probe_env = {"SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": "shop.example.com"}
    assert resolve("site_project.settings.production", **probe_env)["debug"] is False
    result = subprocess.run(
        [sys.executable, "-c", PRINT_PAYPAL_TEST],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "site_project.settings.production", **probe_env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip() == "False", result.stderr


def test_safe_settings_raise_nothing():
    assert ids() == []


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"DEBUG": True}, ["shop.E001"]),
        ({"SECRET_KEY": "insecure-development-key-change-me"}, ["shop.E002"]),
        ({"SECRET_KEY": "x" * 60}, ["shop.E002"]),
        ({"PAYPAL_TEST": True}, ["shop.W001"]),
        ({"PAYPAL_TEST": True, "PAYPAL_POSTBACK_URL": "http://127.0.0.1:9/"}, ["shop.W001", "shop.W002"]),
        ({"TRUSTED_PROXIES": ["*"]}, ["shop.W003"]),
        ({"REDIS_URL": ""}, ["shop.W004"]),
        ({"DEBUG": True, "PAYPAL_TEST": True}, ["shop.E001", "shop.E003", "shop.W001"]),
    ],
)
def test_each_unsafe_setting_is_reported(overrides, expected):
    assert ids(**overrides) == expected


def test_check_deploy_fails_when_production_runs_the_paypal_sandbox():
    result = check_deploy(PAYPAL_TEST="true")
    assert result.returncode != 0
    assert "shop.W001" in result.stderr + result.stdout
