"""Image uploads (portal.lib.images): every file here is made by Pillow in the test, none is committed."""

import re
import struct
import zlib
from io import BytesIO
from types import ModuleType

import pytest
from django import forms
from django.conf.urls.static import static
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.utils import translation
from PIL import ExifTags, Image, ImageCms

from portal.lib.images import (
    ImageUploadField,
    ProcessedImage,
    delete_image,
    process_image,
    replace_image,
    save_image,
    variant_name,
    variant_url,
)
from tests.conftest import make_organisation

FORMAT = "Please upload a PNG, JPEG or WebP image."
TOO_LARGE = "The image is larger than 2 MB."
TOO_MANY_PIXELS = "The image must be at most 4096 × 4096 pixels."
ANIMATED = "Please upload a still image, not an animation."
UNREADABLE = "This file is not a readable image."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def _english():
    """The messages are compared in English, the source language."""
    with translation.override("en"):
        yield


class LogoForm(forms.Form):
    logo = ImageUploadField(required=False)


def encode(image, fmt="PNG", **params):
    out = BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def png(size=(300, 200), mode="RGB", colour="teal"):
    return encode(Image.new(mode, size, colour))


def submit(data, name="logo.png", content_type="image/png"):
    return LogoForm(files={"logo": SimpleUploadedFile(name, data, content_type)})


def processed(data, name="logo.png"):
    form = submit(data, name)
    assert form.is_valid(), form.errors
    return form.cleaned_data["logo"]


def opened(data):
    return Image.open(BytesIO(data))


def stored_files(root):
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


# --- accepted ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_it_accepts_png_jpeg_and_webp_and_makes_webp_variants(fmt):
    result = processed(encode(Image.new("RGB", (1000, 500), "teal"), fmt), name="logo.bin")
    assert result.source_format == fmt
    assert {size: opened(data).format for size, data in result.variants.items()} == {
        96: "WEBP",
        192: "WEBP",
        400: "WEBP",
    }
    assert [opened(data).size for data in result.variants.values()] == [(96, 48), (192, 96), (400, 200)]


def test_it_never_enlarges_a_small_image():
    result = processed(png((50, 30)))
    assert [opened(data).size for data in result.variants.values()] == [(50, 30)] * 3


def test_it_turns_a_jpeg_upright_and_strips_exif_and_gps():
    photo = Image.new("RGB", (400, 200), "red")
    photo.paste("blue", (200, 0, 400, 200))  # left half red, right half blue
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # the camera was turned: show rotated 90° clockwise
    exif[ExifTags.Base.Make] = "Sauerland Kamera"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (51, 23, 0)})
    upload = encode(photo, "JPEG", exif=exif)
    assert opened(upload).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test file really carries a position

    stored = processed(upload, name="photo.jpg").variants[400]

    image = opened(stored)
    assert image.size == (200, 400)
    red, blue = image.convert("RGB").getpixel((100, 50)), image.convert("RGB").getpixel((100, 350))
    assert red[0] > 200 > red[2] and blue[2] > 200 > blue[0]  # left went to the top
    assert not image.getexif()
    assert "exif" not in image.info and "icc_profile" not in image.info and "xmp" not in image.info
    assert b"Exif" not in stored and b"Sauerland" not in stored


@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
@pytest.mark.parametrize("profile", ["sRGB", "broken"])
def test_it_converts_colour_profiles_to_srgb_and_drops_them(mode, profile):
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes() if profile == "sRGB" else b"broken"
    upload = encode(Image.new(mode, (100, 100), (0, 128, 128, 128)), "PNG", icc_profile=icc)
    image = opened(processed(upload).variants[96])
    assert "icc_profile" not in image.info
    assert image.mode == mode


@pytest.mark.parametrize(
    ("mode", "value", "pixel"),
    [
        ("1", 1, (255, 255, 255)),
        ("L", 99, (99, 99, 99)),
        ("I;16", 30000, (117, 117, 117)),  # 16-bit grey, scaled to 8 bits
        ("LA", (99, 50), (99, 99, 99, 50)),
    ],
)
def test_it_converts_every_png_mode_to_rgb_or_rgba(mode, value, pixel):
    image = opened(processed(encode(Image.new(mode, (50, 50), value))).variants[96])
    assert image.getpixel((10, 10)) == pytest.approx(pixel, abs=2)


def test_it_accepts_an_mpo_photo_as_a_jpeg():
    upload = encode(
        Image.new("RGB", (300, 200), "red"), "MPO", save_all=True, append_images=[Image.new("RGB", (30, 20))]
    )
    assert opened(upload).format == "MPO"
    assert opened(processed(upload).variants[400]).size == (300, 200)


def test_it_keeps_transparency():
    logo = Image.new("RGBA", (200, 200), (255, 0, 0, 255))
    logo.paste((0, 0, 0, 0), (0, 0, 100, 200))
    image = opened(processed(encode(logo)).variants[192])
    assert image.mode == "RGBA"
    assert image.getpixel((10, 10))[3] == 0 and image.getpixel((180, 10))[3] == 255


def test_it_re_encodes_a_png_with_appended_html_and_drops_the_payload(media_root):
    polyglot = png() + b"<html><script>alert(1)</script></html>"

    name = save_image(processed(polyglot), "logos/")

    for path in media_root.rglob("*.webp"):
        assert b"<script" not in path.read_bytes() and b"<html" not in path.read_bytes()
    assert (media_root / name).read_bytes().startswith(b"RIFF")


# --- rejected ---------------------------------------------------------------------------------------------


def noisy_png():
    # Random pixels do not compress: about 3 MB although well within 4096 × 4096.
    return encode(Image.frombytes("RGB", (1000, 1000), bytes(range(256)) * 11718 + bytes(192)), compress_level=0)


def noise_png():
    return encode(Image.effect_noise((300, 300), 64))


def damaged(data):
    data = bytearray(data)
    data[len(data) // 2] ^= 0xFF  # inside the pixel data: the chunk's checksum no longer matches
    return bytes(data)


def bomb_png(width=20000, height=20000):
    """A one-colour PNG that claims 400 million pixels in a few KB, written by hand: Pillow would need the
    memory to make it."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(9)
    row = bytes(1 + (width + 7) // 8)  # filter byte + 1-bit pixels
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def animation(fmt):
    frames = [Image.new("RGB", (60, 60), colour) for colour in ("red", "green", "blue")]
    return encode(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100)


REJECTED = {
    "svg": (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg", FORMAT),
    "svg named png": (b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "logo.png", FORMAT),
    "gif": (encode(Image.new("RGB", (60, 60), "red"), "GIF"), "logo.gif", FORMAT),
    "text named png": (b"Dies ist kein Bild.\n" * 20, "logo.png", FORMAT),
    "pdf": (encode(Image.new("RGB", (60, 60)), "PDF"), "logo.png", FORMAT),
    "animated webp": (animation("WEBP"), "logo.webp", ANIMATED),
    "animated png": (animation("PNG"), "logo.png", ANIMATED),
    "truncated png": (noise_png()[:20_000], "logo.png", UNREADABLE),
    "png with a damaged chunk": (damaged(noise_png()), "logo.png", UNREADABLE),
    "too large": (noisy_png(), "logo.png", TOO_LARGE),
    "too wide": (png((5000, 10)), "logo.png", TOO_MANY_PIXELS),
    "too high": (png((10, 4097)), "logo.png", TOO_MANY_PIXELS),
    "decompression bomb": (bomb_png(), "logo.png", TOO_MANY_PIXELS),
    "bomb Pillow only warns about": (bomb_png(10000, 10000), "logo.png", TOO_MANY_PIXELS),
}


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # production only logs it, too
@pytest.mark.parametrize(("data", "name", "message"), REJECTED.values(), ids=REJECTED.keys())
def test_it_rejects_with_a_clear_message_and_stores_nothing(media_root, data, name, message):
    form = submit(data, name)
    assert not form.is_valid()
    assert form.errors == {"logo": [message]}
    assert stored_files(media_root) == []


def test_the_test_files_are_what_they_claim():
    assert len(noisy_png()) > 2 * 1024 * 1024
    assert len(bomb_png()) < 100_000
    assert opened(animation("PNG")).n_frames == 3 and opened(animation("WEBP")).n_frames == 3


def test_the_limits_are_configurable():
    with pytest.raises(forms.ValidationError) as error:
        process_image(SimpleUploadedFile("a.png", png((300, 200))), max_width=200, max_height=100)
    assert error.value.messages == ["The image must be at most 200 × 100 pixels."]
    with pytest.raises(forms.ValidationError) as error:
        process_image(SimpleUploadedFile("a.png", noisy_png()[:600_000]), max_bytes=512 * 1024)
    assert error.value.messages == ["The image is larger than 0.5 MB."]


def test_an_empty_optional_field_gives_none_and_the_clear_box_false():
    form = LogoForm(data={}, files={})
    assert form.is_valid() and form.cleaned_data["logo"] is None
    form = LogoForm(data={"logo-clear": "on"}, files={})
    assert form.is_valid() and form.cleaned_data["logo"] is False


# --- storage ----------------------------------------------------------------------------------------------


def test_it_stores_every_size_under_a_random_name(media_root):
    result = processed(png(), name="Geheimprojekt Sauerland.png")

    name = save_image(result, "logos/")

    assert re.fullmatch(r"logos/[0-9a-f]{32}-400\.webp", name)
    base = name.removesuffix("-400.webp")
    assert stored_files(media_root) == [f"{base}-192.webp", f"{base}-400.webp", f"{base}-96.webp"]
    assert not any("Geheim" in path or "Sauerland" in path for path in stored_files(media_root))
    assert save_image(result, "logos/") != name


def test_variant_names_and_urls_follow_the_convention():
    assert variant_name("logos/abc-400.webp", 96) == "logos/abc-96.webp"
    assert variant_url("logos/abc-400.webp", 192) == "/media/logos/abc-192.webp"
    assert variant_url("logos/old-upload.png", 192) == "/media/logos/old-upload.png"  # from before this library
    assert variant_url("", 192) == ""


def test_delete_image_removes_every_variant_and_nothing_else(media_root):
    kept = save_image(processed(png()), "logos/")
    deleted = save_image(processed(png()), "logos/")

    delete_image(deleted)

    assert stored_files(media_root) == sorted(variant_name(kept, size) for size in (96, 192, 400))
    delete_image("")  # no image: nothing to do
    delete_image("photos/gone-400.webp")  # nor when its folder is gone


def test_replacing_a_logo_deletes_the_old_files(media_root, django_capture_on_commit_callbacks, alice):
    organisation = make_organisation(owner=alice)
    with django_capture_on_commit_callbacks(execute=True):
        replace_image(organisation, "logo", processed(png()))
    old = organisation.logo.name

    with django_capture_on_commit_callbacks(execute=True):
        assert replace_image(organisation, "logo", processed(png((80, 80))))

    organisation.refresh_from_db()
    assert organisation.logo.name != old and organisation.logo.name.startswith("logos/")
    assert stored_files(media_root) == sorted(variant_name(organisation.logo.name, size) for size in (96, 192, 400))


def test_removing_a_logo_deletes_its_files(media_root, django_capture_on_commit_callbacks, alice):
    organisation = make_organisation(owner=alice)
    with django_capture_on_commit_callbacks(execute=True):
        replace_image(organisation, "logo", processed(png()))
        assert not replace_image(organisation, "logo", None)  # nothing uploaded: the logo stays

    with django_capture_on_commit_callbacks(execute=True):
        replace_image(organisation, "logo", False)

    organisation.refresh_from_db()
    assert organisation.logo.name == ""
    assert stored_files(media_root) == []


# --- templates and serving --------------------------------------------------------------------------------


def test_the_template_filters_give_the_variant_urls():
    template = Template("{% load images %}{{ name|image_variant:96 }} | {{ name|image_srcset:'96,192' }}")
    assert template.render(Context({"name": "logos/abc-400.webp"})) == (
        "/media/logos/abc-96.webp | /media/logos/abc-96.webp 1x, /media/logos/abc-192.webp 2x"
    )
    assert template.render(Context({"name": ""})) == " | "


def test_the_development_server_serves_media_as_images_never_sniffed(client, settings, media_root):
    name = save_image(ProcessedImage({400: processed(png()).variants[400]}, "PNG"), "logos/")
    settings.DEBUG = True  # static() adds the media route only then, as in portal/urls.py
    urlconf = ModuleType("media_urls")
    urlconf.urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
    settings.ROOT_URLCONF = urlconf

    response = client.get(f"/media/{name}")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
