"""The co-working benchmark data set: hundreds of published spaces, thousands of desks and members, and hundreds of
thousands of booked slots over the past twelve months and the next four weeks, generated reproducibly and fast.

`generate(spaces=200, desks=2000, occupancies=500_000)` spreads the spaces over the gazetteer's municipalities,
gives each opening hours, two or three slots, flex desks (about ten on average) and sometimes a named desk and a
room, and books exactly `occupancies` slot rows. Busy and quiet spaces, weekdays, months and lead times make the
load uneven, so that some weeks are nearly full.

The rows never clash with the constraints of models.py, by construction rather than by checking: on one date a
desk holds at most one row per slot, and a member holds at most one desk per date (member = a bijection of the
desk's global number, shifted per date, modulo the number of members, which is at least the number of desks).
A desk booked in several slots of one date by its member is one booking (a whole day); otherwise one booking per
row. PostgreSQL gets the rows through COPY, other databases through bulk_create.

Generated spaces have slugs starting "bulk-cw-", host organisations "bulk-cw-host-" (unless the organisations of
companies' seed_bulk include co-working hosts: those are reused), members e-mail addresses @bulk-coworking.example.
A new run first deletes the previous set; delete() alone is `seed_coworking_bulk --clear`.
"""

import math
import random
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import time as wall
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Count

from accounts.models import User
from companies.bulk import DISTRICT_CONTACT, FAMILIES, STREETS, Clock, bulk_organisations
from companies.models import Kind, Membership, Municipality, Organisation, Role, Status
from companies.search import refresh_search_documents
from portal.lib import pagecache
from portal.lib.text import german_slugify

from . import availability
from .models import (
    REFERENCE_ALPHABET,
    Amenity,
    Booking,
    OccupancyState,
    OpeningHours,
    Resource,
    ResourceKind,
    Slot,
    Space,
    SpaceStatus,
    WaitlistEntry,
)
from .models import Occupancy as OccupancyModel

PREFIX = "bulk-cw-"
HOST_PREFIX = "bulk-cw-host-"
MEMBER_DOMAIN = "bulk-coworking.example"
BATCH_SIZE = 5000
PAST_DAYS = 365
FUTURE_DAYS = 28

# --- what spaces look like ----------------------------------------------------------------------------------

WEEKDAYS = range(5)
# (weight, opening ranges per weekday, slots): the slots lie inside the ranges
PATTERNS = [
    (
        60,
        {day: [(wall(8), wall(18))] for day in WEEKDAYS},
        [("Vormittag", wall(8), wall(13)), ("Nachmittag", wall(13), wall(18))],
    ),
    (
        20,
        {**{day: [(wall(7, 30), wall(19))] for day in WEEKDAYS}, 5: [(wall(8), wall(13))]},
        [("Vormittag", wall(8), wall(13)), ("Nachmittag", wall(13), wall(18))],
    ),
    (
        10,
        {day: [(wall(8), wall(12, 30)), (wall(13, 30), wall(18))] for day in WEEKDAYS},
        [("Vormittag", wall(8), wall(12, 30)), ("Nachmittag", wall(13, 30), wall(18))],
    ),
    (
        10,
        {day: [(wall(8), wall(21))] for day in WEEKDAYS},
        [("Vormittag", wall(8), wall(13)), ("Nachmittag", wall(13), wall(18)), ("Abend", wall(18), wall(21))],
    ),
]
SPACE_PATTERNS = [
    "Coworking {place}",
    "Werkraum {place}",
    "Digitalwerkstatt {place}",
    "Gründerhaus {place}",
    "Alte {building} {place}",
    "Dorfbüro {place}",
    "Schreibtisch {place}",
    "{family}s Hof Coworking",
    "Innovationsquartier {place}",
    "Landarbeit {place}",
]
HOST_PATTERNS = ["Coworking {place} eG", "{family} Coworking GmbH", "Werkraum {place} UG (haftungsbeschränkt)"]
BUILDINGS = ["Schmiede", "Weberei", "Post", "Brauerei", "Drahtzieherei", "Fabrik", "Mühle", "Bahnhofshalle"]
SUMMARIES = [
    "Flexible Arbeitsplätze mit schnellem Internet, Kaffee und netten Leuten.",
    "Coworking für Pendlerinnen, Selbstständige und Teams aus der Region.",
    "Ruhige Schreibtische, ein Besprechungsraum und eine Küche – mitten im Ort.",
    "Arbeiten, wo man wohnt: Tagesplätze statt Pendelstrecke.",
]
DESCRIPTIONS = [
    "Helle Räume mit höhenverstellbaren Tischen und ergonomischen Stühlen.",
    "Glasfaser mit 1 Gbit/s, WLAN im ganzen Haus und Drucker für alle.",
    "Einmal im Monat laden wir zum Coworking-Frühstück ein.",
    "Für Telefonate gibt es eine schallgedämmte Telefonbox.",
    "Viele unserer Mitglieder kommen aus Firmen der Umgebung und sparen sich den Weg in die Stadt.",
    "Kaffee, Tee und Wasser sind im Tagespass enthalten.",
]
PRICES = [
    "Tagespass 15 €, Halbtag 9 €, 10er-Karte 120 €.",
    "Tagespass 12 €, Halbtag 7 €, 10er-Karte 100 €.",
    "Tagespass 19 €, Halbtag 12 €, 10er-Karte 160 €, Fixplatz 249 € im Monat.",
]
AMENITY_WEIGHTS = {
    Amenity.WIFI: 1.0,
    Amenity.COFFEE: 0.9,
    Amenity.KITCHEN: 0.6,
    Amenity.MEETING_ROOM: 0.5,
    Amenity.PHONE_BOOTH: 0.3,
    Amenity.PRINTER: 0.6,
    Amenity.MONITOR: 0.4,
    Amenity.LOCKERS: 0.3,
    Amenity.PARKING: 0.6,
    Amenity.BIKE_PARKING: 0.4,
    Amenity.EV_CHARGING: 0.15,
    Amenity.PUBLIC_TRANSPORT: 0.5,
    Amenity.CHILDCARE: 0.05,
    Amenity.ACCESS_24_7: 0.1,
}
FIRST_NAMES = [
    "Anna",
    "Ben",
    "Clara",
    "David",
    "Elif",
    "Finn",
    "Greta",
    "Hannes",
    "Ida",
    "Jonas",
    "Kira",
    "Lukas",
    "Mara",
    "Noah",
    "Olga",
    "Paul",
    "Rosa",
    "Sven",
]

# --- how busy ----------------------------------------------------------------------------------------------

WEEKDAY_LOAD = {0: 0.85, 1: 1.0, 2: 1.0, 3: 0.95, 4: 0.65, 5: 0.4, 6: 0.0}
SLOT_LOAD = [1.0, 0.85, 0.35]
MONTH_LOAD = {1: 0.85, 2: 0.95, 3: 1.0, 4: 0.95, 5: 0.9, 6: 0.85, 7: 0.7, 8: 0.6, 9: 0.95, 10: 1.0, 11: 1.0, 12: 0.7}


def _lead_load(days_ahead):
    """Future slots fill up as they come closer: next week nearly full, the fourth week a quarter."""
    return (1.0, 0.75, 0.5, 0.3)[min(days_ahead // 7, 3)]


@dataclass
class Result:
    spaces: int = 0
    hosts_created: int = 0
    hosts_reused: int = 0
    desks: int = 0
    rooms: int = 0
    members: int = 0
    bookings: int = 0
    occupancies: int = 0
    deleted_spaces: int = 0
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)


def bulk_spaces():
    return Space.objects.filter(slug__startswith=PREFIX)


def bulk_members():
    return User.objects.filter(email__endswith="@" + MEMBER_DOMAIN)


def bulk_hosts():
    return Organisation.objects.filter(slug__startswith=HOST_PREFIX)


def delete():
    """Delete the previous bulk set; returns how many spaces went. Bookings and their rows go in one statement each
    (no per-row cascade in Python: there may be half a million)."""
    spaces = bulk_spaces().values("pk")
    count = bulk_spaces().count()
    OccupancyModel.objects.filter(space__in=spaces).delete()  # no dependants: one DELETE
    WaitlistEntry.objects.filter(space__in=spaces).delete()
    bookings = Booking.objects.filter(space__in=spaces)
    bookings._raw_delete(bookings.db)  # its occupancies and waiting-list entries are gone already
    bulk_spaces().delete()
    OccupancyModel.objects.filter(member__in=bulk_members().values("pk")).delete()  # made by the throughput bench
    bulk_members().delete()
    bulk_hosts().delete()
    return count


def analyse():
    """PostgreSQL: fresh planner statistics for the tables just filled (see companies.bulk.analyse)."""
    if connection.vendor != "postgresql":
        return
    models = [Space, Slot, Resource, OpeningHours, Booking, OccupancyModel, User]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models))


def _split(total, parts, rng, low=3, high=25):
    """`total` split into `parts` positive whole numbers of varying size (about total/parts each)."""
    if parts == 0:
        return []
    weights = [rng.triangular(low, high, (low + high) / 3) for _i in range(parts)]
    scale = (total - parts) / sum(weights)
    shares = [1 + w * scale for w in weights]
    counts = [math.floor(share) for share in shares]
    by_remainder = sorted(range(parts), key=lambda i: counts[i] - shares[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def reference(number):
    """The number-th booking number: a bijection of 0..32**8-1, so that bulk references never repeat."""
    value = (number * 0x9E3779B1 + 0x5BD1E995) % 32**8
    digits = []
    for _i in range(8):
        value, digit = divmod(value, 32)
        digits.append(REFERENCE_ALPHABET[digit])
    return "".join(digits)


class _Generator:
    def __init__(self, rng, now):
        self.rng = rng
        self.now = now
        self.today = availability.local_today(now)
        self.places = list(Municipality.objects.order_by("name"))
        if not self.places:
            raise RuntimeError("Reference data (municipalities) is missing: run migrate first.")

    # --- organisations, spaces and places

    def hosts(self, count):
        reused = list(bulk_organisations().filter(kind=Kind.COWORKING_HOST).order_by("pk"))
        if reused:
            return reused, 0
        rng = self.rng
        hosts = []
        for index in range(1, count + 1):
            place = self.places[(index * 7) % len(self.places)]
            name = rng.choice(HOST_PATTERNS).format(place=place.name, family=rng.choice(FAMILIES))
            hosts.append(
                Organisation(
                    kind=Kind.COWORKING_HOST,
                    name=name,
                    slug=f"{HOST_PREFIX}{index:04d}-{german_slugify(name)}"[:220].rstrip("-"),
                    pitch="Generierter Coworking-Betreiber für Lasttests.",
                    municipality=place,
                    status=Status.PUBLISHED,
                    published_at=self.now,
                )
            )
        Organisation.objects.bulk_create(hosts, batch_size=BATCH_SIZE)
        ids = dict(bulk_hosts().values_list("slug", "pk"))
        for host in hosts:
            host.pk = ids[host.slug]
        refresh_search_documents(bulk_hosts())
        return hosts, count

    def spaces(self, count, hosts):
        rng = self.rng
        places = self.places[:]
        rng.shuffle(places)
        spaces, patterns = [], []
        for index in range(1, count + 1):
            place = places[index % len(places)]
            name = rng.choice(SPACE_PATTERNS).format(
                place=place.name, building=rng.choice(BUILDINGS), family=rng.choice(FAMILIES)
            )
            first_postcode, last_postcode, _area = DISTRICT_CONTACT.get(place.district, (57000, 59999, ""))
            amenities = [value for value, share in AMENITY_WEIGHTS.items() if rng.random() < share]
            step_free = rng.random() < 0.7
            spaces.append(
                Space(
                    organisation=hosts[index % len(hosts)],
                    name=name,
                    slug=f"{PREFIX}{index:05d}-{german_slugify(name)}"[:140].rstrip("-"),
                    status=SpaceStatus.PUBLISHED,
                    summary=rng.choice(SUMMARIES),
                    description=" ".join(rng.sample(DESCRIPTIONS, 3)),
                    street=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                    postcode=str(rng.randint(first_postcode, last_postcode)),
                    municipality=place,
                    directions="Eingang im Hof, 1. Obergeschoss. Parkplätze hinter dem Haus.",
                    amenities=amenities,
                    step_free_access=step_free,
                    accessible_toilet=step_free and rng.random() < 0.6,
                    price_info=rng.choice(PRICES),
                    days_ahead=rng.choice([21, 28, 28, 28, 42]),
                    approval_required=rng.random() < 0.1,
                    created=self.now - timedelta(days=PAST_DAYS + rng.randint(1, 700)),
                )
            )
            patterns.append(rng.choices(PATTERNS, weights=[p[0] for p in PATTERNS])[0])
        Space.objects.bulk_create(spaces, batch_size=BATCH_SIZE)
        ids = dict(bulk_spaces().values_list("slug", "pk"))
        for space in spaces:
            space.pk = ids[space.slug]
        return spaces, patterns

    def hours_and_slots(self, spaces, patterns):
        hours, slots = [], []
        for space, (_weight, ranges, slot_times) in zip(spaces, patterns, strict=True):
            for weekday, day_ranges in ranges.items():
                hours += [OpeningHours(space=space, weekday=weekday, opens=o, closes=c) for o, c in day_ranges]
            slots += [Slot(space=space, name=name, starts=starts, ends=ends) for name, starts, ends in slot_times]
        OpeningHours.objects.bulk_create(hours, batch_size=BATCH_SIZE)
        Slot.objects.bulk_create(slots, batch_size=BATCH_SIZE)
        by_space = defaultdict(list)
        for slot in Slot.objects.filter(space__in=[s.pk for s in spaces]).order_by("starts"):
            by_space[slot.space_id].append(slot)
        return by_space

    def places_of(self, spaces, desks):
        """Flex desks (and now and then one named desk) per space, summing to exactly `desks`; a room in every
        third space. Returns {space id: [desk ids]} in the host's order."""
        rng = self.rng
        resources = []
        for space, count in zip(spaces, _split(desks, len(spaces), rng), strict=True):
            named = 1 if count >= 6 and rng.random() < 0.4 else 0
            resources += [
                Resource(space=space, name=f"Flexplatz {number}", position=number)
                for number in range(1, count - named + 1)
            ]
            if named:
                resources.append(Resource(space=space, name="Fensterplatz", is_named=True, position=count))
            if rng.random() < 1 / 3:
                resources.append(
                    Resource(space=space, kind=ResourceKind.ROOM, name="Besprechungsraum", seats=rng.randint(4, 12))
                )
        Resource.objects.bulk_create(resources, batch_size=BATCH_SIZE)
        by_space = defaultdict(list)
        rows = Resource.objects.filter(space__in=[s.pk for s in spaces], kind=ResourceKind.DESK)
        for space_id, pk in rows.order_by("space", "position", "pk").values_list("space_id", "pk"):
            by_space[space_id].append(pk)
        rooms = len(resources) - desks
        return by_space, rooms

    def members(self, count):
        rng = self.rng
        users = [
            User(
                email=f"mitglied-{index:05d}@{MEMBER_DOMAIN}",
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(FAMILIES)}",
                password="!bulk",  # unusable: nobody logs in with a password  # noqa: S106 - an unusable password (Django's '!' prefix): nobody logs in with it
                date_joined=self.now - timedelta(days=rng.randint(1, 900)),
            )
            for index in range(1, count + 1)
        ]
        User.objects.bulk_create(users, batch_size=BATCH_SIZE)
        return list(bulk_members().filter(email__startswith="mitglied-").order_by("email").values_list("pk", flat=True))

    def host_owners(self, hosts):
        users = [User(email=f"gastgeber-{i:04d}@{MEMBER_DOMAIN}", password="!bulk") for i in range(1, len(hosts) + 1)]  # noqa: S106 - an unusable password (Django's '!' prefix): nobody logs in with it
        User.objects.bulk_create(users, batch_size=BATCH_SIZE)
        ids = dict(bulk_members().filter(email__startswith="gastgeber-").values_list("email", "pk"))
        Membership.objects.bulk_create(
            [
                Membership(user_id=ids[user.email], organisation=host, role=Role.OWNER)
                for user, host in zip(users, hosts, strict=True)
            ],
            batch_size=BATCH_SIZE,
        )

    # --- how many rows in each slot of each date

    def cells(self, spaces, patterns, slots_by_space, desks_by_space):
        """[(space, date, slot index, capacity, weight)] of every open slot in the window."""
        rng = self.rng
        first = self.today - timedelta(days=PAST_DAYS)
        days = availability.dates(first, PAST_DAYS + FUTURE_DAYS)
        holidays = set(availability.public_holidays(days[0], days[-1]))
        cells = []
        for space, (_weight, ranges, _slot_times) in zip(spaces, patterns, strict=True):
            popularity = rng.uniform(0.3, 1.0) ** 0.5
            capacity = len(desks_by_space[space.pk])
            slots = slots_by_space[space.pk]
            last = self.today + timedelta(days=min(space.days_ahead, FUTURE_DAYS) - 1)
            for day in days:
                if day in holidays or day > last or day.weekday() not in ranges:
                    continue
                ahead = (day - self.today).days
                time_load = _lead_load(ahead) if ahead >= 0 else MONTH_LOAD[day.month] * (1 - 0.3 * -ahead / PAST_DAYS)
                day_load = popularity * WEEKDAY_LOAD[day.weekday()] * time_load
                for index, slot in enumerate(slots):
                    if availability.is_within_opening_hours(ranges[day.weekday()], slot):
                        cells.append((space, day, index, capacity, day_load * SLOT_LOAD[index]))
        return cells

    @staticmethod
    def counts(cells, total):
        """How many rows per cell: proportional to the weights, capped at the capacity, exactly `total` in all."""
        capacity = sum(cell[3] for cell in cells)
        if total > capacity:
            raise ValueError(f"{total:,} booked slots do not fit: the desks have {capacity:,} slots in the window.")

        def fill(k):
            return sum(min(cap, math.floor(weight * k)) for _s, _d, _i, cap, weight in cells)

        low, high = 0.0, 1.0
        while fill(high) < total:
            high *= 2
        for _step in range(40):
            middle = (low + high) / 2
            if fill(middle) <= total:
                low = middle
            else:
                high = middle
        counts = [min(cap, math.floor(weight * low)) for _s, _d, _i, cap, weight in cells]
        missing = total - sum(counts)
        while missing:
            room = [i for i, cell in enumerate(cells) if counts[i] < cell[3]]
            room.sort(key=lambda i: -(cells[i][4] * low - math.floor(cells[i][4] * low)))
            for i in room[:missing]:
                counts[i] += 1
            missing = total - sum(counts)
        return counts

    # --- the bookings

    def bookings(self, cells, counts, slots_by_space, desks_by_space, members):
        """Booking and occupancy rows as tuples; a booking's rows share one state."""
        rng = self.rng
        now = self.now
        first = self.today - timedelta(days=PAST_DAYS)
        desk_number = {}
        for desk_ids in desks_by_space.values():
            for desk in desk_ids:
                desk_number[desk] = len(desk_number)
        stride = 7919 if math.gcd(7919, len(members)) == 1 else 1
        bounds = {}
        # (space, date) -> {desk: [slot, ...]}
        grouped = defaultdict(lambda: defaultdict(list))
        for (space, day, index, _cap, _weight), count in zip(cells, counts, strict=True):
            if not count:
                continue
            desk_ids = desks_by_space[space.pk]
            offset = (day.toordinal() * 3 + space.pk * 5) % len(desk_ids)
            slot = slots_by_space[space.pk][index]
            for n in range(count):
                grouped[(space, day)][desk_ids[(offset + n) % len(desk_ids)]].append(slot)
        bookings, occupancies = [], []
        number = 0
        for (space, day), by_desk in grouped.items():
            day_number = (day - first).days
            for desk, slots in by_desk.items():
                member = members[(desk_number[desk] + day_number * stride) % len(members)]
                rows = []
                for slot in slots:
                    key = (day, slot.starts, slot.ends)
                    if key not in bounds:
                        bounds[key] = availability.slot_bounds(day, slot)
                    rows.append((slot, *bounds[key]))
                starts_at = rows[0][1]
                created = min(starts_at - timedelta(days=rng.randint(0, 14), minutes=rng.randint(30, 600)), now)
                state, changed = self._state(space, rows[-1][2], created)
                ref = reference(number)
                number += 1
                bookings.append((space.pk, member, ref, uuid.UUID(int=rng.getrandbits(128), version=4), created))
                for slot, row_start, row_end in rows:
                    checked_in = row_start + timedelta(minutes=rng.randint(0, 40)) if state == "checked-in" else None
                    occupancies.append(
                        (ref, space.pk, desk, slot.pk, day, row_start, row_end, member, state, checked_in, changed)
                    )
        return bookings, occupancies

    def _state(self, space, ends_at, created):
        """(state, changed_at): mostly checked in or confirmed; some cancelled, no-shows, awaiting approval."""
        roll = self.rng.random()
        later = created + timedelta(hours=self.rng.randint(1, 48))
        changed = min(later, self.now)
        if ends_at <= self.now:
            if roll < 0.72:
                return OccupancyState.CHECKED_IN.value, created
            if roll < 0.86:
                return OccupancyState.CONFIRMED.value, created
            if roll < 0.91:
                return OccupancyState.NO_SHOW.value, min(ends_at, self.now)
            return OccupancyState.CANCELLED.value, changed
        if space.approval_required and roll < 0.3:
            return OccupancyState.PENDING.value, created
        if roll > 0.93:
            return OccupancyState.CANCELLED.value, changed
        return OccupancyState.CONFIRMED.value, created


BOOKING_COLUMNS = ["space_id", "member_id", "reference", "idempotency_key", "created"]
OCCUPANCY_COLUMNS = [
    "booking_id",
    "space_id",
    "resource_id",
    "slot_id",
    "date",
    "starts_at",
    "ends_at",
    "member_id",
    "state",
    "checked_in_at",
    "changed_at",
]


def _copy(model, columns, rows):
    """PostgreSQL's COPY FROM STDIN through psycopg 3."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    pagecache.bump(pagecache.BOOKINGS)  # COPY passes the page cache's write watcher by


def _insert_bookings(bookings):
    if connection.vendor == "postgresql":
        _copy(Booking, [*BOOKING_COLUMNS, "language", "note"], (row + ("de", "") for row in bookings))
    else:
        Booking.objects.bulk_create(
            (Booking(**dict(zip(BOOKING_COLUMNS, row, strict=True))) for row in bookings), batch_size=BATCH_SIZE
        )


def _insert_occupancies(occupancies, booking_ids):
    rows = ((booking_ids[row[0]], *row[1:]) for row in occupancies)
    if connection.vendor == "postgresql":
        _copy(OccupancyModel, OCCUPANCY_COLUMNS, rows)
    else:
        OccupancyModel.objects.bulk_create(
            (OccupancyModel(**dict(zip(OCCUPANCY_COLUMNS, row, strict=True))) for row in rows), batch_size=BATCH_SIZE
        )


def generate(spaces=200, desks=2000, occupancies=500_000, members=5000, seed=1, now=None):
    """Replace the bulk set: `spaces` published spaces with `desks` desks in all, `members` members and exactly
    `occupancies` booked slot rows. Returns a Result with timings per phase."""
    if spaces < 1 or desks < spaces or occupancies < 0:
        raise ValueError("Need at least one space, at least one desk per space and no negative numbers.")
    if members < desks:
        raise ValueError("Need at least as many members as desks (one desk per member and day keeps them apart).")
    started = time.perf_counter()
    clock = Clock()
    rng = random.Random(seed)  # noqa: S311 - seeded generator for reproducible fake data, not for secrets
    now = now or availability.now()
    result = Result()
    with transaction.atomic():
        result.deleted_spaces = delete()
        clock.lap("delete previous set")
        generator = _Generator(rng, now)
        hosts, result.hosts_created = generator.hosts(max(1, math.ceil(spaces / 2)))
        result.hosts_reused = len(hosts) - result.hosts_created
        if result.hosts_created:
            generator.host_owners(hosts)
        space_list, patterns = generator.spaces(spaces, hosts)
        slots_by_space = generator.hours_and_slots(space_list, patterns)
        desks_by_space, result.rooms = generator.places_of(space_list, desks)
        member_ids = generator.members(members)
        clock.lap("hosts, spaces, places, members")
        cells = generator.cells(space_list, patterns, slots_by_space, desks_by_space)
        counts = generator.counts(cells, occupancies)
        booking_rows, occupancy_rows = generator.bookings(cells, counts, slots_by_space, desks_by_space, member_ids)
        clock.lap("generate bookings")
        _insert_bookings(booking_rows)
        booking_ids = dict(Booking.objects.filter(space__in=[s.pk for s in space_list]).values_list("reference", "pk"))
        clock.lap("insert bookings")
        _insert_occupancies(occupancy_rows, booking_ids)
        clock.lap("insert occupancies")
    analyse()
    clock.lap("analyse")
    result.spaces = len(space_list)
    result.desks = desks
    result.members = len(member_ids)
    result.bookings = len(booking_rows)
    result.occupancies = len(occupancy_rows)
    result.seconds = time.perf_counter() - started
    result.timings = clock.timings
    return result


def busiest_week(space, first=None, last=None):
    """The Monday of the week with the most active booked slots of the space between first and last (dates)."""
    rows = OccupancyModel.objects.active().filter(space=space)
    if first:
        rows = rows.filter(date__gte=first)
    if last:
        rows = rows.filter(date__lte=last)
    top = rows.values("date").annotate(n=Count("pk")).order_by("-n", "date").first()
    return availability.week_start(top["date"]) if top else availability.week_start(availability.local_today())
