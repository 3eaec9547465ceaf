"""Co-working spaces, their desks and rooms, and the bookings of them (DOMAIN.md §6).

A booking is a header (who, when made, idempotency key, language) with one Occupancy row per (resource, local
date, slot). The guarantees live in the database, so that every write path (views, admin, shell) keeps them:

    coworking_occupancy_one_booking_per_place   no two active rows of one resource in one slot of one date
    coworking_occupancy_one_place_per_person    one active place per person per slot and date
    coworking_occupancy_ends_after_start        starts_at < ends_at (half-open [start, end))

PostgreSQL adds exclusion constraints on the time ranges (migration 0002), for overlaps between different slots
of a resource and between spaces for one person.
"""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.models import Municipality, Organisation


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Amenity(models.TextChoices):
    WIFI = "wifi", _("Wi-Fi")
    COFFEE = "coffee", _("Coffee and tea")
    KITCHEN = "kitchen", _("Kitchen")
    MEETING_ROOM = "meeting-room", _("Meeting room")
    PHONE_BOOTH = "phone-booth", _("Phone booth")
    PRINTER = "printer", _("Printer")
    MONITOR = "monitor", _("External monitors")
    LOCKERS = "lockers", _("Lockers")
    PARKING = "parking", _("Parking")
    BIKE_PARKING = "bike-parking", _("Bicycle parking")
    EV_CHARGING = "ev-charging", _("EV charging")
    PUBLIC_TRANSPORT = "public-transport", _("Near public transport")
    CHILDCARE = "childcare", _("Childcare")
    ACCESS_24_7 = "24-7", _("Access around the clock for members")


class SpaceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class SpaceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=SpaceStatus.PUBLISHED, organisation__status="published")

    def hosted_by(self, user):
        """Spaces whose host organisation the user belongs to (any role)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisation__memberships__user=user)


class Space(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="spaces", verbose_name=_("host organisation")
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    status = models.CharField(_("status"), max_length=16, choices=SpaceStatus, default=SpaceStatus.DRAFT)
    summary = models.CharField(_("summary"), max_length=200, blank=True, help_text=_("One line."))
    description = models.TextField(_("description"), max_length=5000, blank=True)
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=5)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="spaces", verbose_name=_("municipality")
    )
    directions = models.TextField(
        _("how to find us"), max_length=1000, blank=True, help_text=_("Entrance, floor, parking, bus stop.")
    )
    amenities = models.JSONField(_("amenities"), default=list, blank=True)
    step_free_access = models.BooleanField(_("step-free access"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    accessibility_notes = models.TextField(
        _("accessibility"),
        max_length=1000,
        blank=True,
        help_text=_("Doors, lift, hearing loop, quiet room, assistance dogs: what a visitor should know."),
    )
    price_info = models.TextField(
        _("prices"), max_length=1000, blank=True, help_text=_("Shown as written; payment is settled with you.")
    )
    public_email = models.EmailField(_("contact e-mail"), blank=True)
    public_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    closed_on_public_holidays = models.BooleanField(
        _("closed on public holidays in North Rhine-Westphalia"), default=True
    )

    # booking policy
    days_ahead = models.PositiveSmallIntegerField(
        _("bookable days ahead"), default=28, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    min_notice_minutes = models.PositiveIntegerField(
        _("minimum notice (minutes)"),
        default=60,
        validators=[MaxValueValidator(7 * 24 * 60)],
        help_text=_("How long before a slot starts it can still be booked."),
    )
    cancel_deadline_hours = models.PositiveSmallIntegerField(
        _("cancellation deadline (hours)"),
        default=12,
        validators=[MaxValueValidator(14 * 24)],
        help_text=_("Members can cancel until this many hours before the slot starts."),
    )
    max_future_bookings = models.PositiveSmallIntegerField(
        _("maximum future bookings per member"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Counted in slots: a whole day with two slots counts twice."),
    )
    approval_required = models.BooleanField(_("bookings need our approval"), default=False)
    checkin_grace_minutes = models.PositiveSmallIntegerField(
        _("check-in grace period (minutes)"),
        default=30,
        validators=[MaxValueValidator(240)],
        help_text=_("A place not checked in this long after the start counts as a no-show and is released."),
    )

    created = models.DateTimeField(_("created"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = SpaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("co-working space")
        verbose_name_plural = _("co-working spaces")
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "municipality"], name="coworking_space_status_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=SpaceStatus.values), name="coworking_space_valid_status"),
            models.CheckConstraint(condition=~Q(name=""), name="coworking_space_name_not_empty"),
            models.CheckConstraint(
                condition=Q(days_ahead__gte=1, days_ahead__lte=365), name="coworking_space_days_ahead_range"
            ),
            models.CheckConstraint(
                condition=Q(max_future_bookings__gte=1, max_future_bookings__lte=100),
                name="coworking_space_max_future_bookings_range",
            ),
            models.CheckConstraint(
                condition=Q(min_notice_minutes__lte=7 * 24 * 60), name="coworking_space_min_notice_range"
            ),
            models.CheckConstraint(
                condition=Q(cancel_deadline_hours__lte=14 * 24), name="coworking_space_cancel_deadline_range"
            ),
            models.CheckConstraint(
                condition=Q(checkin_grace_minutes__lte=240), name="coworking_space_checkin_grace_range"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("coworking:space", args=[self.slug])

    @property
    def is_published(self):
        return self.status == SpaceStatus.PUBLISHED

    def amenity_labels(self):
        labels = dict(Amenity.choices)
        return [labels[value] for value in self.amenities if value in labels]


class SpacePhoto(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="spaces/")
    alt_text = models.CharField(
        _("description of the photo"),
        max_length=200,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.alt_text


class OpeningHours(models.Model):
    """One opening range of a weekday; a weekday may have several (08–12 and 13–18) or none (closed)."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=6), name="coworking_openinghours_weekday"),
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")), name="coworking_openinghours_closes_after_opens"
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Closure(models.Model):
    """A day the host closes the space (besides public holidays). Bookings on it are cancelled by the host, with
    a message to each member, never deleted."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["space", "date"], name="coworking_closure_one_per_day")]

    def __str__(self):
        return f"{self.space} {self.date:%Y-%m-%d}"


class Slot(models.Model):
    """A bookable part of the day, in the space's local time (Europe/Berlin): e.g. morning 08:00–13:00. A whole
    day is all active slots."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="slots")
    name = models.CharField(_("name"), max_length=40, help_text=_("For example “Morning”."))
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))
    is_active = models.BooleanField(_("bookable"), default=True)

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["starts", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gt=models.F("starts")), name="coworking_slot_ends_after_starts"),
            models.UniqueConstraint(fields=["space", "name"], name="coworking_slot_unique_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.starts:%H:%M}–{self.ends:%H:%M})"


class ResourceKind(models.TextChoices):
    DESK = "desk", pgettext_lazy("workplace", "Desk")
    ROOM = "room", _("Room")


class Resource(models.Model):
    """A bookable place: a desk (named, or one of N anonymous flex desks) or a room booked as a whole."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(_("kind"), max_length=8, choices=ResourceKind, default=ResourceKind.DESK)
    name = models.CharField(_("name"), max_length=60)
    # Flex desks are assigned by the portal; a named desk can also be picked by the member.
    is_named = models.BooleanField(_("members can pick it by name"), default=False)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1, validators=[MinValueValidator(1)])
    description = models.CharField(_("description"), max_length=200, blank=True)
    is_active = models.BooleanField(_("bookable"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["kind", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ResourceKind.values), name="coworking_resource_valid_kind"),
            models.CheckConstraint(condition=Q(seats__gte=1), name="coworking_resource_seats_positive"),
            models.CheckConstraint(
                condition=Q(kind=ResourceKind.ROOM) | Q(seats=1), name="coworking_resource_desk_has_one_seat"
            ),
            models.UniqueConstraint(fields=["space", "name"], name="coworking_resource_unique_name"),
        ]

    def __str__(self):
        return self.name


class Booking(models.Model):
    """What a member booked in one go: one or more slots on one or more days, one Occupancy row each."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="bookings")
    # SET_NULL: a deleted account keeps the occupancy (the host's figures) but not the person.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="bookings"
    )
    reference = models.CharField(_("booking number"), max_length=12, unique=True, editable=False)
    # The booking form carries one key per rendering: a double submission or a resubmission after the back
    # button finds the booking already made instead of making a second one.
    idempotency_key = models.UUIDField(default=uuid.uuid4, editable=False)
    language = models.CharField(_("language"), max_length=8, default="de")
    note = models.CharField(_("note to the host"), max_length=300, blank=True)
    created = models.DateTimeField(_("booked"), default=timezone.now)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "idempotency_key"], name="coworking_booking_one_per_idempotency_key"
            ),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = new_reference()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("coworking:booking", args=[self.reference])


REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone


def new_reference():
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(8))


class OccupancyState(models.TextChoices):
    HELD = "held", _("Held from the waiting list")
    PENDING = "pending", _("Awaiting approval")
    CONFIRMED = "confirmed", _("Confirmed")
    CHECKED_IN = "checked-in", _("Checked in")
    CANCELLED = "cancelled", _("Cancelled")
    CANCELLED_BY_HOST = "cancelled-by-host", _("Cancelled by the host")
    DECLINED = "declined", _("Declined")
    NO_SHOW = "no-show", _("No-show")
    EXPIRED = "expired", _("Offer expired")


# The states that occupy the place. The unique constraints hold among these rows only.
ACTIVE_STATES = [OccupancyState.HELD, OccupancyState.PENDING, OccupancyState.CONFIRMED, OccupancyState.CHECKED_IN]
ACTIVE = Q(state__in=ACTIVE_STATES)


class OccupancyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ACTIVE)

    def upcoming(self, now=None):
        return self.filter(ends_at__gt=now or timezone.now())


class Occupancy(models.Model):
    """One resource in one slot of one local date, for one booking."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="occupancies")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="occupancies")
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="occupancies")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="occupancies")
    date = models.DateField(_("date"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="occupancies"
    )
    state = models.CharField(_("status"), max_length=20, choices=OccupancyState, default=OccupancyState.CONFIRMED)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    changed_at = models.DateTimeField(_("last change"), default=timezone.now)

    objects = OccupancyQuerySet.as_manager()

    class Meta:
        verbose_name = _("booked place")
        verbose_name_plural = _("booked places")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["space", "date", "slot"], condition=ACTIVE, name="coworking_occ_space_day_idx"),
            models.Index(fields=["member", "starts_at"], name="coworking_occ_member_idx"),
            models.Index(fields=["space", "starts_at"], name="coworking_occ_space_start_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "date", "slot"], condition=ACTIVE, name="coworking_occupancy_one_booking_per_place"
            ),
            models.UniqueConstraint(
                fields=["member", "date", "slot"], condition=ACTIVE, name="coworking_occupancy_one_place_per_person"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="coworking_occupancy_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(state__in=OccupancyState.values), name="coworking_occupancy_valid_state"
            ),
        ]

    def __str__(self):
        return f"{self.resource} {self.date:%Y-%m-%d} {self.slot.name}"

    @property
    def is_active(self):
        return self.state in ACTIVE_STATES


class WaitlistState(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    OFFERED = "offered", _("Place offered")
    BOOKED = "booked", _("Booked")
    EXPIRED = "expired", _("Offer expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


WAITLIST_OPEN = Q(state__in=[WaitlistState.WAITING, WaitlistState.OFFERED])


class WaitlistEntry(models.Model):
    """A member waiting for a place in one slot of one date. When a place is freed, the first in line gets it
    held for two hours (a HELD occupancy) and an e-mail; taking it confirms the booking."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="waitlist")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="waitlist")
    date = models.DateField(_("date"))
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="waitlist_entries")
    state = models.CharField(_("status"), max_length=12, choices=WaitlistState, default=WaitlistState.WAITING)
    language = models.CharField(_("language"), max_length=8, default="de")
    created = models.DateTimeField(_("joined"), default=timezone.now)
    offered_at = models.DateTimeField(_("offered"), null=True, blank=True)
    hold_until = models.DateTimeField(_("held until"), null=True, blank=True)
    booking = models.OneToOneField(
        Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="waitlist_entry"
    )

    class Meta:
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting-list entries")
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["space", "date", "slot", "state"], name="coworking_wait_queue_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "space", "date", "slot"], condition=WAITLIST_OPEN, name="coworking_waitlist_once"
            ),
            models.CheckConstraint(condition=Q(state__in=WaitlistState.values), name="coworking_waitlist_valid_state"),
            models.CheckConstraint(
                condition=~Q(state=WaitlistState.OFFERED) | Q(hold_until__isnull=False),
                name="coworking_waitlist_offer_has_hold",
            ),
        ]

    def __str__(self):
        return f"{self.member} {self.space} {self.date:%Y-%m-%d} {self.slot.name}"


def new_feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A member's private calendar address (iCalendar) of their bookings. Revoking replaces the token, so an
    address once shared stops working."""

    member = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"{self.member}"

    def get_absolute_url(self):
        return reverse("coworking_feed:calendar_feed", args=[self.token])
