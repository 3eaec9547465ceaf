"""Hosts publish and edit their spaces: the data, opening hours and slots, desks and rooms, photos.

Only members (owners and editors) of the co-working host organisation see these pages; everybody else gets 404.
The bookings themselves are handled on the dashboard (dashboard.py).
"""

from datetime import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, ProtectedError, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from companies.models import Kind, Organisation
from portal.lib.images import delete_image, save_image, storing
from portal.lib.text import german_slugify

from . import availability, services
from .forms import (
    MAX_PHOTOS,
    MAX_PLACES,
    AltTextForm,
    FlexDesksForm,
    OpeningHoursFormSet,
    PhotoForm,
    PlaceForm,
    RenamePlaceForm,
    SlotFormSet,
    SpaceForm,
    publishing_problems,
)
from .models import ACTIVE, ACTIVE_STATES, Occupancy, OpeningHours, Resource, ResourceKind, Slot, Space, SpacePhoto

DEFAULT_OPENING = (time(8), time(18))  # Monday to Friday


def _get_host_organisation(request, slug):
    """A co-working host organisation the user belongs to; 404 for everyone and everything else."""
    return get_object_or_404(
        Organisation.objects.filter(kind=Kind.COWORKING_HOST, memberships__user=request.user), slug=slug
    )


def _get_space_for_host(request, slug):
    """A space of a co-working host organisation the user belongs to (owner or editor); 404 for everyone else."""
    spaces = Space.objects.hosted_by(request.user).filter(organisation__kind=Kind.COWORKING_HOST)
    return get_object_or_404(spaces.select_related("organisation"), slug=slug)


def _posted_id(request, name):
    """A database id from the POST data; 404 for anything else, which only a tampered form sends."""
    value = request.POST.get(name, "")
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise Http404
    return int(value)


# --- the space's data ----------------------------------------------------------------------------------


@login_required
def space_create(request, organisation):
    host = _get_host_organisation(request, organisation)
    # The host's own address is the likeliest one; the form shows it for checking.
    draft = Space(
        organisation=host,
        municipality_id=host.municipality_id,
        street=host.street,
        postcode=host.postcode,
        public_email=host.public_email,
        public_phone=host.public_phone,
    )
    form = SpaceForm(request.POST or None, instance=draft)
    if form.is_valid():
        space = _create_space(form)
        messages.success(
            request,
            _(
                "The space “%(name)s” was created as a draft with opening hours and two slots. Add its desks and "
                "rooms now, then publish it."
            )
            % {"name": space.name},
        )
        return redirect("coworking:space_places", slug=space.slug)
    return render(request, "coworking/space_form.html", {"form": form, "organisation": host, "space": None})


@transaction.atomic
def _create_space(form):
    """Saves a new draft under a unique slug, with opening hours Monday to Friday and a morning and an afternoon
    slot, so that it only needs places to become bookable."""
    space = form.save(commit=False)
    for attempt in range(3):
        space.slug = unique_slug(space.name)
        try:
            with transaction.atomic():
                space.save()
            break
        except IntegrityError:  # another space took the slug in the meantime
            if attempt == 2:
                raise
    opens, closes = DEFAULT_OPENING
    OpeningHours.objects.bulk_create(
        OpeningHours(space=space, weekday=weekday, opens=opens, closes=closes) for weekday in range(5)
    )
    Slot.objects.bulk_create(
        [
            Slot(space=space, name=_("Morning"), starts=time(8), ends=time(13)),
            Slot(space=space, name=_("Afternoon"), starts=time(13), ends=time(18)),
        ]
    )
    return space


def unique_slug(name):
    """german_slugify(name), with -2, -3, … appended when another space has it already."""
    base = german_slugify(name)[:130].strip("-") or "space"
    taken = set(Space.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


@login_required
def space_edit(request, slug):
    space = _get_space_for_host(request, slug)
    was_published = space.is_published
    form = SpaceForm(request.POST or None, instance=space)
    if form.is_valid():
        space = form.save()
        if space.is_published and not was_published:
            messages.success(request, _("The space is published: members can find and book it now."))
        elif was_published and not space.is_published:
            messages.success(request, _("The space is a draft again and no longer shown. Existing bookings stay."))
        else:
            messages.success(request, _("The space was saved."))
        return redirect("coworking:space_edit", slug=space.slug)
    problems = [] if space.is_published else publishing_problems(space)
    context = {"form": form, "organisation": space.organisation, "space": space, "problems": problems}
    return render(request, "coworking/space_form.html", context)


# --- opening hours and slots ----------------------------------------------------------------------------


@login_required
def space_hours(request, slug):
    space = _get_space_for_host(request, slug)
    data = request.POST if request.method == "POST" else None
    booked = set(Occupancy.objects.filter(space=space).values_list("slot_id", flat=True).distinct())
    future = Occupancy.objects.filter(ACTIVE, space=space, ends_at__gt=availability.now())
    future_booked = set(future.values_list("slot_id", flat=True).distinct())
    hours = OpeningHoursFormSet(data, instance=space, prefix="hours")
    slots = SlotFormSet(data, instance=space, prefix="slots", booked_slots=booked, future_booked_slots=future_booked)
    valid = [hours.is_valid(), slots.is_valid()]  # both, so that every error shows at once
    if data is not None and all(valid):
        try:
            with transaction.atomic():
                hours.save()
                slots.save()
        except ProtectedError:  # booked between the check and the deletion
            messages.error(request, _("A slot was booked just now and cannot be deleted. Nothing was changed."))
        else:
            messages.success(request, _("Opening hours and slots were saved."))
        return redirect("coworking:space_hours", slug=space.slug)
    context = {"space": space, "hours": hours, "slots": slots, "formsets": [hours, slots], "booked_slots": booked}
    return render(request, "coworking/space_hours.html", context)


# --- desks and rooms ------------------------------------------------------------------------------------


@login_required
def space_places(request, slug):
    space = _get_space_for_host(request, slug)
    bound = {}
    if request.method == "POST":
        bound = _change_places(request, space)
        if not isinstance(bound, dict):
            return bound
    now = availability.now()
    resources = space.resources.annotate(
        future_bookings=Count(
            "occupancies", filter=Q(occupancies__state__in=ACTIVE_STATES, occupancies__ends_at__gt=now)
        )
    )
    renamed = bound.get("rename_form")
    rows = [
        (resource, renamed if renamed and renamed.instance.pk == resource.pk else _rename_form(None, resource))
        for resource in resources
    ]
    context = {
        "space": space,
        "rows": rows,
        "flex_form": bound.get("flex_form") or FlexDesksForm(prefix="flex"),
        "place_form": bound.get("place_form") or PlaceForm(space=space, prefix="place"),
    }
    return render(request, "coworking/space_places.html", context)


def _rename_form(data, resource):
    return RenamePlaceForm(data, instance=resource, prefix=f"place-{resource.pk}")


def _change_places(request, space):
    """The POSTed change: a redirect when done, else the bound forms to show with their errors."""
    action = request.POST.get("action")
    if action == "flex":
        form = FlexDesksForm(request.POST, prefix="flex")
        if form.is_valid() and _add_flex_desks(request, space, form):
            return redirect("coworking:space_places", slug=space.slug)
        return {"flex_form": form}
    if action == "add":
        form = PlaceForm(request.POST, space=space, prefix="place")
        if form.is_valid() and _has_room_for(request, space, form, 1):
            place = form.save(commit=False)
            place.position = (space.resources.aggregate(last=Max("position"))["last"] or 0) + 1
            place.save()
            messages.success(request, _("“%(name)s” was added.") % {"name": place.name})
            return redirect("coworking:space_places", slug=space.slug)
        return {"place_form": form}
    resource = get_object_or_404(space.resources, pk=_posted_id(request, "resource"))
    if action == "rename":
        form = _rename_form(request.POST, resource)
        if not form.is_valid():
            return {"rename_form": form}
        form.save()
        messages.success(request, _("“%(name)s” was saved.") % {"name": resource.name})
    elif action in {"deactivate", "move"}:
        _deactivate(request, resource, move=action == "move")
    elif action == "activate":
        resource.is_active = True
        resource.save(update_fields=["is_active"])
        messages.success(request, _("“%(name)s” can be booked again.") % {"name": resource.name})
    elif action == "delete":
        _delete_resource(request, resource)
    else:
        raise Http404
    return redirect("coworking:space_places", slug=space.slug)


def _has_room_for(request, space, form, count):
    if space.resources.count() + count > MAX_PLACES:
        form.add_error(None, _("A space can have at most %(max)s places.") % {"max": MAX_PLACES})
        return False
    return True


def _add_flex_desks(request, space, form):
    """Adds N anonymous desks "Flex desk k", numbered on from the flex desks there are; names taken already (a
    renamed desk) are skipped."""
    count = form.cleaned_data["count"]
    if not _has_room_for(request, space, form, count):
        return False
    existing = list(space.resources.values_list("name", "kind", "is_named", "position"))
    taken = {name for name, _kind, _named, _position in existing}
    number = sum(1 for _name, kind, named, _position in existing if kind == ResourceKind.DESK and not named)
    position = max((position for *_rest, position in existing), default=0)
    desks = []
    while len(desks) < count:
        number += 1
        name = _("Flex desk %(number)s") % {"number": number}
        if name not in taken:
            position += 1
            desks.append(Resource(space=space, kind=ResourceKind.DESK, name=name, position=position))
    try:
        with transaction.atomic():
            Resource.objects.bulk_create(desks)
    except IntegrityError:  # another member of the host added places at the same moment
        form.add_error(None, _("The places changed in the meantime. Please try again."))
        return False
    messages.success(
        request,
        ngettext("%(count)s flex desk was added.", "%(count)s flex desks were added.", count) % {"count": count},
    )
    return True


def _deactivate(request, resource, move):
    """Refused while members hold future bookings of the place, unless the host chose to move those bookings to
    other free places (all of them, or none)."""
    try:
        moved = services.deactivate_resource(resource, by=request.user, move=move)
    except services.BookingError as e:
        hint = _("“Move bookings and deactivate” does both in one step.")
        messages.error(request, f"{e} {hint}" if not move else str(e))
        return
    if moved:
        messages.success(
            request,
            ngettext(
                "%(count)s booking was moved to another place; “%(name)s” can no longer be booked.",
                "%(count)s bookings were moved to other places; “%(name)s” can no longer be booked.",
                moved,
            )
            % {"count": moved, "name": resource.name},
        )
    else:
        messages.success(request, _("“%(name)s” can no longer be booked.") % {"name": resource.name})


def _delete_resource(request, resource):
    """Only a place that was never booked can go: the bookings of the others refer to it (and count in the
    host's figures). Those are deactivated instead."""
    message = _("“%(name)s” was booked before and stays in the records. Deactivate it instead.")
    if resource.occupancies.exists():
        messages.error(request, message % {"name": resource.name})
        return
    try:
        with transaction.atomic():
            resource.delete()
    except ProtectedError:  # booked between the check and the deletion
        messages.error(request, message % {"name": resource.name})
        return
    messages.success(request, _("“%(name)s” was deleted.") % {"name": resource.name})


# --- photos ---------------------------------------------------------------------------------------------


@login_required
def space_photos(request, slug):
    space = _get_space_for_host(request, slug)
    action = request.POST.get("action") if request.method == "POST" else None
    upload = PhotoForm(request.POST if action == "upload" else None, request.FILES if action == "upload" else None)
    bound_alt = None
    if action == "upload":
        if space.photos.count() >= MAX_PHOTOS:
            messages.error(request, _("A space can have at most %(max)s photos.") % {"max": MAX_PHOTOS})
            return redirect("coworking:space_photos", slug=space.slug)
        if upload.is_valid():
            with storing(upload, "photo"):
                _add_photo(space, upload)
                messages.success(request, _("The photo was added."))
                return redirect("coworking:space_photos", slug=space.slug)
    elif action is not None:
        photo = get_object_or_404(space.photos, pk=_posted_id(request, "photo"))
        if action == "delete":
            name = photo.image.name
            photo.delete()
            transaction.on_commit(lambda: delete_image(name))  # a rolled-back deletion keeps its files
            messages.success(request, _("The photo was deleted."))
            return redirect("coworking:space_photos", slug=space.slug)
        if action != "alt":
            raise Http404
        bound_alt = _alt_form(request.POST, photo)
        if bound_alt.is_valid():
            bound_alt.save()
            messages.success(request, _("The description of the photo was saved."))
            return redirect("coworking:space_photos", slug=space.slug)
    photos = [
        (photo, bound_alt if bound_alt and bound_alt.instance.pk == photo.pk else _alt_form(None, photo))
        for photo in space.photos.all()
    ]
    context = {"space": space, "upload": upload, "photos": photos, "max_photos": MAX_PHOTOS}
    return render(request, "coworking/space_photos.html", context)


def _alt_form(data, photo):
    return AltTextForm(data, instance=photo, prefix=f"photo-{photo.pk}")


def _add_photo(space, form):
    photo = form.save(commit=False)
    photo.space = space
    photo.position = (space.photos.aggregate(last=Max("position"))["last"] or 0) + 1
    photo.image = save_image(form.cleaned_data["photo"], SpacePhoto._meta.get_field("image").upload_to)
    photo.save()  # should it fail, storing() deletes the new files again
    return photo
