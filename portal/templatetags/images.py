"""{% load images %}: URLs of the stored sizes of an image (see portal.lib.images).

<img src="{{ organisation.logo|image_variant:96 }}" srcset="{{ organisation.logo|image_srcset:'96,192' }}" ...>
"""

from django import template

from portal.lib.images import variant_url

register = template.Library()


def _name(image):
    # A FieldFile (organisation.logo) or its name (organisation.logo.name); empty when there is no image.
    return getattr(image, "name", image) or ""


@register.filter
def image_variant(image, size):
    return variant_url(_name(image), int(size))


@register.filter
def image_srcset(image, sizes):
    """Sizes "96,192" give "<url of 96> 1x, <url of 192> 2x": density descriptors, since a variant's size is its
    longer side, which is not always its width."""
    name = _name(image)
    if not name:
        return ""
    sizes = [int(size) for size in str(sizes).split(",")]
    return ", ".join(f"{variant_url(name, size)} {size / sizes[0]:g}x" for size in sizes)
