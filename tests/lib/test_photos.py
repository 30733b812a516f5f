import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lib.photos import MAX_BYTES, sanitize_photo

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
MAKE, MODEL = 0x010F, 0x0110


def jpeg_with_location(width=640, height=480):
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[MODEL] = "Phone 12"
    exif[GPS_IFD] = {1: "N", 2: (40.0, 24.0, 0.0), 3: "E", 4: (49.0, 52.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile("IMG_2023_baku_home.jpg", buffer.getvalue(), "image/jpeg")


def test_fixture_really_has_a_location():
    with Image.open(jpeg_with_location()) as image:
        assert image.getexif().get_ifd(GPS_IFD)


def test_exif_location_and_device_are_stripped():
    clean = sanitize_photo(jpeg_with_location())
    with Image.open(io.BytesIO(clean.read())) as image:
        assert image.format == "JPEG"
        exif = image.getexif()
        assert not exif.get_ifd(GPS_IFD)
        assert MAKE not in exif and MODEL not in exif
        assert "exif" not in image.info
    assert "baku" not in clean.name  # the uploaded file name is not kept


def test_large_photo_is_scaled_down():
    clean = sanitize_photo(jpeg_with_location(4000, 3000))
    with Image.open(io.BytesIO(clean.read())) as image:
        assert max(image.size) == 1600


def test_png_with_transparency_stays_png():
    buffer = io.BytesIO()
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(buffer, "PNG")
    clean = sanitize_photo(SimpleUploadedFile("p.png", buffer.getvalue()))
    assert clean.name.endswith(".png")


@pytest.mark.parametrize(
    "content",
    [
        b"<?php echo 'hi'; ?>",
        b"GIF89a" + b"\0" * 20,
        b"\xff\xd8\xff\xe0 truncated jpeg",
    ],
)
def test_files_that_are_not_photos_are_refused(content):
    with pytest.raises(ValidationError, match="JPEG, PNG or WebP"):
        sanitize_photo(SimpleUploadedFile("photo.jpg", content))


def test_gif_is_refused():
    buffer = io.BytesIO()
    Image.new("P", (10, 10)).save(buffer, "GIF")
    with pytest.raises(ValidationError, match="JPEG, PNG or WebP"):
        sanitize_photo(SimpleUploadedFile("photo.gif", buffer.getvalue()))


def test_oversized_file_is_refused():
    upload = SimpleUploadedFile("big.jpg", b"\0" * (MAX_BYTES + 1))
    with pytest.raises(ValidationError, match="larger than"):
        sanitize_photo(upload)


def test_decompression_bomb_is_refused():
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, "PNG")
    with pytest.raises(ValidationError, match="too many pixels"):
        sanitize_photo(SimpleUploadedFile("bomb.png", buffer.getvalue()))


def test_person_photo_is_stored_without_metadata(make_person):
    person = make_person(photo_credit="Family archive")
    person.photo = jpeg_with_location()
    person.full_clean()
    person.save()
    person.refresh_from_db()
    with person.photo.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif().get_ifd(GPS_IFD)
    assert "baku" not in person.photo.name


def test_saving_without_clean_still_strips(make_person):
    person = make_person(photo_credit="Family archive")
    person.photo = jpeg_with_location()
    person.save()
    with person.photo.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif().get_ifd(GPS_IFD)


def test_admin_refuses_a_fake_photo(editor_client, make_person):
    from people.models import Person
    from tests.cases.test_admin import _url, form_data

    person = make_person(publication_state="draft")
    url = _url(Person, "change", person.pk)
    data = form_data(editor_client.get(url))
    data["photo_credit"] = "Someone"
    data["photo"] = SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "photo" in response.content.decode().lower()
    person.refresh_from_db()
    assert not person.photo


def test_a_tiff_is_refused_before_its_parser_runs(monkeypatch):
    from PIL import TiffImagePlugin

    parsed = []
    original = TiffImagePlugin.TiffImageFile._open

    def spy(self):
        parsed.append("TIFF")
        return original(self)

    monkeypatch.setattr(TiffImagePlugin.TiffImageFile, "_open", spy)
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "TIFF")
    with pytest.raises(ValidationError, match="JPEG, PNG or WebP"):
        sanitize_photo(SimpleUploadedFile("photo.jpg", buffer.getvalue()))
    assert parsed == []
