"""Uploaded images (logos now, space photos later): verified with Pillow, re-encoded from their pixels to WebP in
the sizes the pages use, and stored under generated names.

Nothing of the upload reaches the storage but its pixels: no file name, no EXIF (GPS!), no bytes appended after
the image data (HTML/script polyglots). Every variant is WebP, which every browser the portal supports shows;
one format keeps the naming convention and the templates simple.

    <folder>/<random>-96.webp, <random>-192.webp, <random>-400.webp   the model field stores the largest name
"""

import logging
import posixpath
import re
import secrets
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from io import BytesIO

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

LOGO_SIZES = (96, 192, 400)
MB = 1024 * 1024
# Only these decoders ever see an upload: everything else (SVG, GIF, PDF, text, ...) is "unidentified".
# Phone cameras write JPEG as MPO (a JPEG plus preview/depth pictures); browsers show its first picture.
FORMATS = ("PNG", "JPEG", "WEBP")
ACCEPTED_FORMATS = (*FORMATS, "MPO")
WEBP_QUALITY = 85
# Anything Pillow raises while reading a hostile or broken file; a bomb is caught separately.
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError)
VARIANT = re.compile(r"(?P<base>.+)-(?P<size>\d+)\.webp")
# The names save_image() stored inside the innermost all_or_nothing() block, deleted again when that block fails.
_stored = ContextVar("stored_images", default=None)
logger = logging.getLogger(__name__)

MESSAGES = {
    "format": _("Please upload a PNG, JPEG or WebP image."),
    "too_large": _("The image is larger than %(megabytes)s MB."),
    "too_many_pixels": _("The image must be at most %(width)s × %(height)s pixels."),
    "animated": _("Please upload a still image, not an animation."),
    "unreadable": _("This file is not a readable image."),
    "not_stored": _("The file could not be stored right now. Your other entries are kept; please try again later."),
}


def _error(code, **params):
    return ValidationError(MESSAGES[code], code=code, params=params)


@dataclass(frozen=True)
class ProcessedImage:
    variants: dict[int, bytes]  # max side in px → WebP bytes, smallest first
    source_format: str  # what the upload really was: PNG, JPEG, MPO or WEBP


def process_image(upload, *, sizes=LOGO_SIZES, max_bytes=2 * MB, max_width=4096, max_height=4096):
    """Verifies an uploaded file and returns its re-encoded variants; raises ValidationError (code "format",
    "too_large", "too_many_pixels", "animated" or "unreadable") for anything else."""
    if upload.size > max_bytes:
        raise _error("too_large", megabytes=f"{max_bytes / MB:g}")
    upload.seek(0)
    data = upload.read()
    pixels = {"width": max_width, "height": max_height}
    with _open(data, pixels) as image:
        _check(image, pixels)
        try:
            image.verify()  # checks PNG chunk CRCs; the image cannot be used afterwards
        except DECODE_ERRORS as e:
            raise _error("unreadable") from e
    with _open(data, pixels) as image:
        # JPEG decodes at 1/2..1/8 scale when that is still large enough: far less memory for big photos.
        image.draft(None, (max(sizes), max(sizes)))
        try:
            image.load()
            upright = _upright_srgb(image)  # reads the EXIF, which can be as broken as the rest
        except DECODE_ERRORS as e:
            raise _error("unreadable") from e
        source_format = image.format
    return ProcessedImage({size: _encode(upright, size) for size in sorted(sizes)}, source_format)


def _open(data, pixels):
    try:
        return Image.open(BytesIO(data), formats=FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise _error("too_many_pixels", **pixels) from e
    except UnidentifiedImageError as e:  # before OSError, its parent
        raise _error("format") from e
    except DECODE_ERRORS as e:
        raise _error("unreadable") from e


def _check(image, pixels):
    if image.format not in ACCEPTED_FORMATS:
        raise _error("format")
    # Checked from the header before any pixel is decoded: a few KB can claim 20000 × 20000 pixels.
    if image.width > pixels["width"] or image.height > pixels["height"]:
        raise _error("too_many_pixels", **pixels)
    if getattr(image, "n_frames", 1) > 1 and image.format != "MPO":
        raise _error("animated")


def _upright_srgb(image):
    """The pixels only, turned as the camera meant, in RGB(A); colours converted to sRGB where a profile says
    otherwise (iPhones write Display P3), since the profile itself is not kept."""
    upright = ImageOps.exif_transpose(image)
    if upright.mode.startswith("I"):  # 16-bit greyscale PNG: Pillow would clip it to 8 bits, not scale it
        upright = upright.convert("I").point(lambda value: value / 256).convert("L")
    mode = "RGBA" if upright.has_transparency_data else "RGB"
    icc = image.info.get("icc_profile")
    converted = upright.convert(mode)
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(BytesIO(icc))
            converted = ImageCms.profileToProfile(converted, source, ImageCms.createProfile("sRGB"), outputMode=mode)
        except (ImageCms.PyCMSError, OSError):
            pass  # a broken profile: keep the colours as they are
    return converted


def _encode(image, size):
    variant = image.copy()
    variant.thumbnail((size, size), Image.Resampling.LANCZOS)  # keeps the aspect ratio, never enlarges
    out = BytesIO()
    # No exif/icc_profile/xmp arguments: Pillow writes no metadata to WebP unless given.
    variant.save(out, "WEBP", quality=WEBP_QUALITY)
    return out.getvalue()


class ImageUploadField(forms.FileField):
    """A file field whose cleaned value is a ProcessedImage (or None when nothing was uploaded, False when the
    "clear" box was ticked, the initial value when it is kept). Declare it on the form, but keep the model's
    ImageField out of a ModelForm's Meta.fields and store the value with replace_image()."""

    def __init__(self, *, sizes=LOGO_SIZES, max_bytes=2 * MB, max_width=4096, max_height=4096, **kwargs):
        self.limits = {"sizes": sizes, "max_bytes": max_bytes, "max_width": max_width, "max_height": max_height}
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}))
        super().__init__(**kwargs)

    def to_python(self, data):
        if isinstance(data, UploadNotReceived):
            raise _error("not_stored")
        upload = super().to_python(data)
        if upload is None:
            return None
        return process_image(upload, **self.limits)


# --- receiving -------------------------------------------------------------------------------------------------


class UploadNotReceived(UploadedFile):
    """An upload whose temporary file could not be written; ImageUploadField reports it like a storage failure."""

    def __init__(self, name):
        super().__init__(BytesIO(), name, size=0)


class FailSafeUploadHandler(TemporaryFileUploadHandler):
    """Django's handler for large uploads (FILE_UPLOAD_HANDLERS), whose temporary file can fail as the storage can:
    a full disk, a missing or read-only temporary folder. The file then arrives as UploadNotReceived and the other
    fields of the form as usual, instead of a server error while reading the request."""

    def new_file(self, *args, **kwargs):
        self.failed = False
        self.__dict__.pop("file", None)  # the previous file belongs to the request now
        try:
            super().new_file(*args, **kwargs)
        except OSError as error:
            self._fail(error)

    def receive_data_chunk(self, raw_data, start):
        if not self.failed:
            try:
                super().receive_data_chunk(raw_data, start)
            except OSError as error:
                self._fail(error)

    def file_complete(self, file_size):
        if not self.failed:
            try:
                return super().file_complete(file_size)  # flushes the last chunk
            except OSError as error:
                self._fail(error)
        return UploadNotReceived(self.file_name)

    def upload_interrupted(self):
        if not self.failed:
            super().upload_interrupted()

    def _fail(self, error):
        logger.error("An upload could not be received into a temporary file: %s", error, exc_info=True)
        self.failed = True
        if (temporary := self.__dict__.pop("file", None)) is not None:
            with suppress(OSError):
                temporary.close()  # deletes it


# --- storage ----------------------------------------------------------------------------------------------


class ImageNotStored(Exception):
    """The storage refused the files (disk full, no permission, media folder missing or read-only); nothing of
    the image was kept."""


def save_image(image, folder):
    """Stores every variant under one new random name in folder; returns the largest variant's name. Raises
    ImageNotStored, after deleting the variants already written, when the storage fails."""
    # 128 random bits: the name neither leaks the client's file name nor can be guessed or collide.
    base = posixpath.join(folder, secrets.token_hex(16))
    names = []
    try:
        for size, data in image.variants.items():
            names.append(default_storage.save(f"{base}-{size}.webp", ContentFile(data)))
    except OSError as error:
        logger.error("An upload could not be stored in %r: %s", folder, error, exc_info=True)
        _delete_files(names)
        raise ImageNotStored(str(error)) from error
    if (stored := _stored.get()) is not None:
        stored.extend(names)
    return names[-1]


def _delete_files(names):
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("A stored file could not be deleted: %r", name, exc_info=True)


@contextmanager
def all_or_nothing():
    """Around storing uploads and the rows referring to them: one transaction, and when anything in it fails, the
    files stored inside are deleted again, so that neither a row points at a missing file nor a file is orphaned."""
    outer, names = _stored.get(), []
    token = _stored.set(names)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        _delete_files(names)
        raise
    finally:
        _stored.reset(token)
    if outer is not None:  # a block around this one may still fail
        outer.extend(names)


@contextmanager
def storing(form, field=None):
    """Around the part of a view that stores a valid form's upload, e.g.

        with images.storing(form, "logo"):
            images.replace_image(organisation, "logo", form.cleaned_data["logo"])
            return redirect(...)
        return render(...)  # the form again

    When the storage fails, everything inside is undone and the form gets an error, so the view shows it again
    with what was entered (the operator finds the cause in the log) instead of a server error."""
    try:
        with all_or_nothing():
            yield
    except ImageNotStored:
        form.add_error(field, _error("not_stored"))


def variant_name(name, size):
    """The stored name of another size of the image called name; a file not stored by save_image (older
    uploads) only has itself."""
    match = VARIANT.fullmatch(name)
    return f"{match['base']}-{size}.webp" if match else name


def variant_url(name, size):
    return default_storage.url(variant_name(name, size)) if name else ""


def delete_image(name):
    """Deletes every variant of the image called name, whichever sizes were made when it was stored."""
    if not name:
        return
    match = VARIANT.fullmatch(name)
    if not match:
        _delete_files([name])
        return
    folder, base = posixpath.split(match["base"])
    same_image = re.compile(re.escape(base) + r"-\d+\.webp")
    try:
        filenames = default_storage.listdir(folder)[1]
    except FileNotFoundError:
        return  # the folder, and so the image, is gone already
    except OSError:  # unreadable media folder: the files stay, which is better than failing the deletion's request
        logger.warning("The folder %r could not be read to delete %r", folder, name, exc_info=True)
        return
    _delete_files([posixpath.join(folder, filename) for filename in filenames if same_image.fullmatch(filename)])


def replace_image(instance, field_name, value):
    """Applies an ImageUploadField's cleaned value to instance.<field_name> (a FileField with a string upload_to):
    stores a new image or clears it, saves the instance and deletes the old files. Returns whether it changed."""
    if not (isinstance(value, ProcessedImage) or value is False):
        return False  # nothing uploaded: the current image stays
    old_name = getattr(instance, field_name).name
    new_name = save_image(value, instance._meta.get_field(field_name).upload_to) if value else ""
    setattr(instance, field_name, new_name)
    instance.save(update_fields=[field_name])
    # Only once the new name is committed: a rolled-back save must not lose the image still referenced.
    transaction.on_commit(lambda: delete_image(old_name))
    return True
