import pytest


@pytest.fixture
def database_tasks(settings):
    """Tasks go to the database queue, as in production, and run when a test runs the worker."""
    settings.TASKS = {"default": {"BACKEND": settings.TASK_BACKENDS["database"]}}
