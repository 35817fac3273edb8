from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

    def ready(self):
        from . import signals, wagtail_fixes  # noqa: F401

        wagtail_fixes.apply()
