"""Wagtail 8.0.1 defects worked around until upstream fixes them.

Each answers a staff member's malformed POST with HTTP 500 where a refusal is due
(tests/test_url_access.py posts an empty form to every URL; tests/core/test_wagtail_fixes.py names
each case):

- Snippet choosers have no creation form, yet their "create" URL calls `is_valid()` on the missing
  form. A chooser without a creation form now refuses creation (403).
- The external-link chooser's URL field calls `str.startswith` on a missing value. A missing URL is
  now simply "not an absolute path", so the form reports the field as required.
- The redirect import's confirmation form unsigns its hidden fields even when they are missing, and
  reads a `message` that BadSignature does not have when a field is forged. A missing field is left
  to its own "required" error, a forged one is an error too, and the view refuses the request as
  tampered with (400).
"""

from django.core.signing import BadSignature
from django.forms import Form, ValidationError
from wagtail.admin.forms.choosers import URLOrAbsolutePathValidator
from wagtail.admin.views.generic.chooser import CreationFormMixin
from wagtail.contrib.redirects.forms import ConfirmImportManagementForm

_can_create = CreationFormMixin.can_create


def _can_create_with_a_form(self):
    return self.get_creation_form_class() is not None and _can_create(self)


def _is_absolute_path(value) -> bool:
    return isinstance(value, str) and value.startswith("/")


def _clean_signed_fields_present(self):
    cleaned_data = Form.clean(self)
    for key in ("import_file_name", "input_format"):
        if key not in cleaned_data:
            continue  # missing: the field's own "required" error already says so
        try:
            cleaned_data[key] = self.signer.unsign(cleaned_data[key])
        except BadSignature as error:
            raise ValidationError(str(error)) from error
    return cleaned_data


def apply():
    CreationFormMixin.can_create = _can_create_with_a_form
    URLOrAbsolutePathValidator.is_absolute_path = staticmethod(_is_absolute_path)
    ConfirmImportManagementForm.clean = _clean_signed_fields_present
