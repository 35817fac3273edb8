"""A Wagtail 8.0.1 defect worked around until upstream fixes it.

Snippet choosers have no creation form, yet their "create" URL answers a staff POST by calling
`is_valid()` on the missing form: HTTP 500 (tests/test_url_access.py posts to every URL). A chooser
without a creation form now refuses creation (403) instead.
"""

from wagtail.admin.views.generic.chooser import CreationFormMixin

_can_create = CreationFormMixin.can_create


def _can_create_with_a_form(self):
    return self.get_creation_form_class() is not None and _can_create(self)


def apply():
    CreationFormMixin.can_create = _can_create_with_a_form
