"""Image uploads in the Wagtail admin: only real images of the allowed types are stored.

Wagtail's image field already refuses a disallowed extension, a file over
WAGTAILIMAGES_MAX_UPLOAD_SIZE, too many pixels, and a file whose format (as Willow detects it from
its content) does not match its extension. What it lets through is a file that starts like an
image but does not decode: Pillow then raises from inside the field and the admin answers 500,
or the upload is stored and every rendition of it fails later on the public site. This form
(WAGTAILIMAGES_IMAGE_FORM_BASE) decodes the image once at upload and turns any failure into the
field's "not a valid image" message.
"""

from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class DecodedImageField(WagtailImageField):
    """Wagtail's image field, plus: the image must decode completely."""

    def to_python(self, data):
        try:
            uploaded = super().to_python(data)
            if uploaded is not None:
                self._decode(uploaded)
        except ValidationError:
            raise
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            # Pillow's ways of saying "not a decodable image": UnidentifiedImageError, truncated
            # data, broken chunks or headers.
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from exc
        return uploaded

    @staticmethod
    def _decode(uploaded) -> None:
        # The pixel limit has been checked by now, so decoding cannot exhaust memory.
        uploaded.seek(0)
        with PILImage.open(uploaded) as image:
            image.load()
        uploaded.seek(0)


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            # Wagtail builds the field itself (formfield_callback), so it is swapped here, keeping
            # the widget Wagtail configured.
            original = self.fields["file"]
            self.fields["file"] = DecodedImageField(
                label=original.label, required=original.required, widget=original.widget
            )
