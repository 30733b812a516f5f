"""
Uploaded photos: only real images, size-limited, re-encoded so that no
metadata survives. A photo's EXIF can carry the GPS position where it was
taken and the device that took it, which can endanger a prisoner's family.
"""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuse decompression bombs well below Pillow's limit
MAX_SIDE = 1600  # photos are shown at most a few hundred pixels wide
# Pillow is told to try these decoders only: a TIFF, PSD or EPS is refused
# before any of its parsers reads a byte of it.
ACCEPTED = ("JPEG", "PNG", "WEBP")


def _not_a_photo():
    return ValidationError(
        _(
            "This file is not a photo this site accepts: "
            "upload a JPEG, PNG or WebP image."
        )
    )


def sanitize_photo(upload):
    """
    Return a ContentFile holding ``upload`` re-encoded without metadata, or
    raise ValidationError saying what is wrong with it.
    """
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The photo is larger than %(mb)s MB.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data), formats=ACCEPTED) as probe:
            kind = probe.format
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels."))
            probe.verify()
        with Image.open(io.BytesIO(data), formats=ACCEPTED) as image:
            image.load()
            # Turn the picture upright before the orientation tag is dropped.
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            return _reencode(image, kind)
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ):
        raise _not_a_photo() from None


def _reencode(image, kind):
    if kind not in ACCEPTED:
        raise _not_a_photo()
    buffer = io.BytesIO()
    has_alpha = image.mode in ("RGBA", "LA") or "transparency" in image.info
    # A fresh image from the pixels alone: no EXIF, XMP, ICC or comments.
    mode = "RGBA" if has_alpha else "RGB"
    pixels = image.convert(mode)
    clean = Image.frombytes(mode, pixels.size, pixels.tobytes())
    if has_alpha:
        clean.save(buffer, "PNG", optimize=True)
        extension = "png"
    else:
        clean.save(buffer, "JPEG", quality=85, optimize=True)
        extension = "jpg"
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
