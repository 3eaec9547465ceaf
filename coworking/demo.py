"""Demo co-working: three host organisations with five published spaces in Meschede, Iserlohn, Siegen, Dortmund
and Arnsberg, a host log-in, and a few bookings of the demo member in the coming days.

Idempotent: everything is keyed by slug (spaces, organisations), name (slots, places) or weekday (opening hours),
and the member's bookings are made only where the member has none yet, with a fixed idempotency key per space.
"""

import uuid
from datetime import time, timedelta

from accounts.demo import DEMO_PASSWORD, demo_user
from accounts.models import User
from companies.models import Kind, Membership, Municipality, Organisation, Role, Status
from portal.lib.demo import register

from . import availability, services
from .availability import Calendar
from .models import Amenity, Booking, OpeningHours, Resource, ResourceKind, Slot, Space, SpaceStatus

HOST_EMAIL = "gastgeberin@demo.brueckenschlag.example"
MEMBER_EMAIL = "mitglied@demo.brueckenschlag.example"  # accounts/demo.py creates her
EXAMPLE_NOTE = "Beispielprofil für die Demo, nicht von der Organisation selbst gepflegt."
KEY_NAMESPACE = uuid.UUID("6f1c7c1e-3a55-4d0e-9d7a-3c0f2b8e5a10")

WEEKDAYS = range(5)
MORNING_AFTERNOON = [("Vormittag", time(8), time(13)), ("Nachmittag", time(13), time(18))]

HOSTS = {
    "werkraum-suedwestfalen-eg": {
        "name": "Werkraum Südwestfalen eG",
        "municipality": "Meschede",
        "pitch": "Genossenschaftliche Coworking-Spaces im Sauerland und Siegerland – Arbeiten, wo man wohnt.",
        "street": "Steinstraße 12",
        "postcode": "59872",
        "website": "https://werkraum-suedwestfalen.example",
        "public_email": "hallo@werkraum-suedwestfalen.example",
    },
    "phoenix-coworking-dortmund-gmbh": {
        "name": "Phoenix Coworking Dortmund GmbH",
        "municipality": "Dortmund",
        "pitch": "Schreibtische, Teamräume und Community am PHOENIX See.",
        "street": "Hörder Hafenstraße 5",
        "postcode": "44263",
        "website": "https://phoenix-coworking.example",
        "public_email": "team@phoenix-coworking.example",
    },
}
KAISERHAUS = "coworking-im-kaiserhaus"  # created by companies/demo.py

SPACES = [
    {
        "slug": "werkraum-meschede",
        "host": "werkraum-suedwestfalen-eg",
        "name": "Werkraum Meschede",
        "municipality": "Meschede",
        "street": "Steinstraße 12",
        "postcode": "59872",
        "summary": "Ruhiger Coworking-Space in der Mescheder Innenstadt, fünf Minuten vom Bahnhof.",
        "description": (
            "Im ehemaligen Kaufhaus an der Steinstraße arbeiten Selbstständige, Pendlerinnen und Teams von "
            "Firmen aus der Region Tür an Tür. Helle Arbeitsplätze mit höhenverstellbaren Tischen, ein "
            "Besprechungsraum für bis zu sechs Personen und eine Küche mit Blick auf die Henne.\n\n"
            "Mittags schließen wir eine Stunde: Zeit für einen Spaziergang an der Ruhr."
        ),
        "directions": (
            "Vom Bahnhof Meschede fünf Minuten zu Fuß über die Ruhrstraße. Eingang neben der Buchhandlung, "
            "1. Obergeschoss, Aufzug vorhanden. Parkhaus Stiftsplatz gegenüber."
        ),
        "price_info": "Tagespass 15 €, Halbtag 9 €, 10er-Karte 120 €. Besprechungsraum 20 € pro Halbtag.",
        "amenities": [
            Amenity.WIFI,
            Amenity.COFFEE,
            Amenity.KITCHEN,
            Amenity.MEETING_ROOM,
            Amenity.PRINTER,
            Amenity.PUBLIC_TRANSPORT,
            Amenity.BIKE_PARKING,
        ],
        "step_free_access": True,
        "accessible_toilet": True,
        "accessibility_notes": "Aufzug (Türbreite 90 cm), rollstuhlgerechtes WC im 1. OG, Assistenzhunde willkommen.",
        "public_email": "meschede@werkraum-suedwestfalen.example",
        "public_phone": "+49 291 9087 120",
        # a lunch break: two ranges a day, the slots fit inside them
        "hours": [(day, time(8), time(12, 30)) for day in WEEKDAYS]
        + [(day, time(13, 30), time(18)) for day in WEEKDAYS],
        "slots": [("Vormittag", time(8), time(12, 30)), ("Nachmittag", time(13, 30), time(18))],
        "flex_desks": 6,
        "named_desks": [("Fensterplatz Henneblick", "Mit Blick auf die Henne und externem Monitor.")],
        "rooms": [("Besprechungsraum Ruhr", 6, "Bildschirm, Whiteboard, Konferenzlautsprecher.")],
    },
    {
        "slug": "werkraum-iserlohn",
        "host": "werkraum-suedwestfalen-eg",
        "name": "Werkraum Iserlohn",
        "municipality": "Iserlohn",
        "street": "Hans-Böckler-Straße 20",
        "postcode": "58636",
        "summary": "Coworking in der alten Nadelfabrik: Flexplätze, Telefonbox und Werkstattcharme.",
        "description": (
            "Backsteinwände, hohe Decken und schnelles Glasfaser-Internet: In der ehemaligen Nadelfabrik arbeiten "
            "Freiberufler, Studierende der Fachhochschule und Teams aus dem Märkischen Kreis. Für Telefonate gibt "
            "es eine schallgedämmte Telefonbox, für Workshops den Denkraum.\n\n"
            "Samstags ist vormittags geöffnet."
        ),
        "directions": (
            "Bus 1 oder 8 bis Haltestelle „Stadtbahnhof“, dann 200 m Richtung Innenstadt. Eingang im Hof, "
            "Erdgeschoss. Fahrradbügel im Hof, Parkplätze an der Straße."
        ),
        "price_info": "Tagespass 14 €, Halbtag 8 €, 10er-Karte 110 €, Monatskarte 169 €.",
        "amenities": [
            Amenity.WIFI,
            Amenity.COFFEE,
            Amenity.PHONE_BOOTH,
            Amenity.MONITOR,
            Amenity.LOCKERS,
            Amenity.BIKE_PARKING,
            Amenity.PUBLIC_TRANSPORT,
        ],
        "step_free_access": True,
        "accessible_toilet": False,
        "accessibility_notes": "Ebenerdiger Eingang über den Hof; das WC ist nicht rollstuhlgerecht.",
        "public_email": "iserlohn@werkraum-suedwestfalen.example",
        "public_phone": "+49 2371 778 40",
        "hours": [(day, time(7, 30), time(19)) for day in WEEKDAYS] + [(5, time(8), time(13, 30))],
        "slots": MORNING_AFTERNOON,
        "flex_desks": 8,
        "named_desks": [("Eckplatz mit zwei Monitoren", "Zwei 27-Zoll-Monitore, USB-C-Dock.")],
        "rooms": [("Denkraum", 4, "Kleiner Workshop-Raum mit Moderationswand.")],
    },
    {
        "slug": "werkraum-siegen",
        "host": "werkraum-suedwestfalen-eg",
        "name": "Werkraum Siegen im Hüttenquartier",
        "municipality": "Siegen",
        "street": "Koblenzer Straße 33",
        "postcode": "57072",
        "summary": "Arbeitsplätze und Teamraum in Siegen, zwischen Universität und Oberstadt.",
        "description": (
            "Unser größter Standort: 12 Flexplätze, zwei feste Schreibtische und ein Teamraum für Sprints und "
            "Workshops. Viele Gründerinnen und Gründer aus dem Umfeld der Universität Siegen arbeiten hier; "
            "einmal im Monat laden wir zum Coworking-Frühstück ein."
        ),
        "directions": (
            "Vom Hauptbahnhof Siegen 10 Minuten zu Fuß oder Bus C111 bis „Hüttental“. 2. Etage, Aufzug. "
            "Tiefgarage mit E-Ladesäulen im Haus."
        ),
        "price_info": "Tagespass 16 €, Halbtag 10 €, 10er-Karte 130 €. Teamraum 45 € pro Halbtag.",
        "amenities": [
            Amenity.WIFI,
            Amenity.COFFEE,
            Amenity.KITCHEN,
            Amenity.MEETING_ROOM,
            Amenity.PRINTER,
            Amenity.PARKING,
            Amenity.EV_CHARGING,
            Amenity.ACCESS_24_7,
        ],
        "step_free_access": True,
        "accessible_toilet": True,
        "accessibility_notes": "Aufzug, rollstuhlgerechtes WC, Induktionsschleife im Teamraum, ruhiger Rückzugsraum.",
        "public_email": "siegen@werkraum-suedwestfalen.example",
        "public_phone": "+49 271 2345 60",
        "hours": [(day, time(8), time(20)) for day in WEEKDAYS],
        "slots": MORNING_AFTERNOON,
        "flex_desks": 12,
        "named_desks": [("Schreibtisch am Fenster", ""), ("Schreibtisch an der Galerie", "")],
        "rooms": [("Teamraum Rothaar", 10, "Beamer, Videokonferenz-Kamera, Flipchart.")],
    },
    {
        "slug": "phoenix-coworking-dortmund",
        "host": "phoenix-coworking-dortmund-gmbh",
        "name": "Phoenix Coworking Dortmund",
        "municipality": "Dortmund",
        "street": "Hörder Hafenstraße 5",
        "postcode": "44263",
        "summary": "Coworking am PHOENIX See: Community, Events und Schreibtische mit Seeblick.",
        "description": (
            "Auf dem ehemaligen Stahlwerksgelände in Hörde arbeiten Start-ups, Agenturen und Remote-Teams der "
            "Dortmunder Tech-Szene. Buchungen bestätigen wir innerhalb eines Werktags – so kennen wir alle, die "
            "bei uns arbeiten.\n\nDonnerstags ab 17 Uhr: Community-Abend mit Vorträgen."
        ),
        "directions": (
            "U41 bis „Clarenberg“ oder S5 bis „Dortmund-Hörde“, dann 8 Minuten zu Fuß zum See. "
            "Eingang Seeseite, 3. Obergeschoss."
        ),
        "price_info": "Tagespass 19 €, Halbtag 12 €, 10er-Karte 160 €, Fixplatz 249 € im Monat.",
        "amenities": [
            Amenity.WIFI,
            Amenity.COFFEE,
            Amenity.KITCHEN,
            Amenity.MEETING_ROOM,
            Amenity.PHONE_BOOTH,
            Amenity.MONITOR,
            Amenity.LOCKERS,
            Amenity.PUBLIC_TRANSPORT,
        ],
        "step_free_access": True,
        "accessible_toilet": True,
        "accessibility_notes": "Aufzug, rollstuhlgerechtes WC auf jeder Etage, höhenverstellbare Tische.",
        "public_email": "team@phoenix-coworking.example",
        "public_phone": "+49 231 5556 780",
        "approval_required": True,
        "hours": [(day, time(8), time(20)) for day in WEEKDAYS],
        "slots": MORNING_AFTERNOON,
        "flex_desks": 10,
        "named_desks": [("Seeblick 1", "Direkt am Fenster zum PHOENIX See.")],
        "rooms": [("Konferenzraum Hochofen", 12, "Großer Bildschirm, Videokonferenz, Catering auf Anfrage.")],
    },
    {
        "slug": "kaiserhaus-neheim",
        "host": KAISERHAUS,
        "name": "Coworking im Kaiserhaus Neheim",
        "municipality": "Arnsberg",
        "street": "Möhnestraße 55",
        "postcode": "59755",
        "summary": "Arbeiten und Netzwerken im denkmalgeschützten Kaiserhaus in Arnsberg-Neheim.",
        "description": (
            "Im Kaiserhaus, einer ehemaligen Leuchtenfabrik, teilen sich Gründerinnen, Kreative und Pendler "
            "aus dem Sauerland Schreibtische, Kaffeemaschine und Ideen. Kinderbetreuung nach Absprache."
        ),
        "directions": "Bus R51 bis „Neheim Markt“, dann 5 Minuten. Parkplätze am Haus, Eingang B, Erdgeschoss.",
        "price_info": "Tagespass 12 €, Halbtag 7 €, 10er-Karte 100 €.",
        "amenities": [Amenity.WIFI, Amenity.COFFEE, Amenity.PARKING, Amenity.CHILDCARE, Amenity.MEETING_ROOM],
        "step_free_access": False,
        "accessible_toilet": False,
        "accessibility_notes": "Drei Stufen am Eingang; eine mobile Rampe legen wir auf Anfrage aus.",
        "public_email": "",
        "public_phone": "",
        "hours": [(day, time(8), time(18)) for day in WEEKDAYS],
        "slots": MORNING_AFTERNOON,
        "flex_desks": 5,
        "named_desks": [],
        "rooms": [("Werkstattraum", 8, "")],
    },
]

SPACE_FIELDS = [
    "name",
    "street",
    "postcode",
    "summary",
    "description",
    "directions",
    "price_info",
    "amenities",
    "step_free_access",
    "accessible_toilet",
    "accessibility_notes",
    "public_email",
    "public_phone",
]


def _host(slug, data):
    fields = {**data, "municipality": Municipality.objects.get(name=data["municipality"])}
    organisation, _created = Organisation.objects.get_or_create(
        slug=slug,
        defaults={**fields, "kind": Kind.COWORKING_HOST, "description": EXAMPLE_NOTE, "status": Status.PUBLISHED},
    )
    return organisation


def _space(data, hosts):
    fields = {name: data[name] for name in SPACE_FIELDS}
    space, _created = Space.objects.update_or_create(
        slug=data["slug"],
        defaults={
            **fields,
            "organisation": hosts[data["host"]],
            "municipality": Municipality.objects.get(name=data["municipality"]),
            "status": SpaceStatus.PUBLISHED,
            "approval_required": data.get("approval_required", False),
        },
    )
    wanted_hours = set(data["hours"])
    have_hours = set(space.opening_hours.values_list("weekday", "opens", "closes"))
    if wanted_hours != have_hours:
        space.opening_hours.all().delete()
        OpeningHours.objects.bulk_create(
            OpeningHours(space=space, weekday=weekday, opens=opens, closes=closes)
            for weekday, opens, closes in sorted(wanted_hours)
        )
    for name, starts, ends in data["slots"]:
        Slot.objects.update_or_create(space=space, name=name, defaults={"starts": starts, "ends": ends})
    places = [(f"Flexplatz {number}", ResourceKind.DESK, False, 1, "") for number in range(1, data["flex_desks"] + 1)]
    places += [(name, ResourceKind.DESK, True, 1, text) for name, text in data["named_desks"]]
    places += [(name, ResourceKind.ROOM, True, seats, text) for name, seats, text in data["rooms"]]
    for position, (name, kind, is_named, seats, description) in enumerate(places, start=1):
        Resource.objects.update_or_create(
            space=space,
            name=name,
            defaults={
                "kind": kind,
                "is_named": is_named,
                "seats": seats,
                "description": description,
                "position": position,
            },
        )
    return space


def _bookable_days(space, slots, first_day, taken_days):
    """Days of the next two weeks on which every one of the slots is bookable and the member has nothing yet."""
    calendar = Calendar(space, first_day, 14)
    return [
        day
        for day in calendar.dates
        if day not in taken_days and all(calendar.cell(day, slot).bookable for slot in slots)
    ]


# (space, how many days, which slots): two mornings in Meschede, a whole day in Iserlohn, an afternoon in
# Dortmund (that one awaits the host's approval)
MEMBER_PLANS = [
    ("werkraum-meschede", 2, "first"),
    ("werkraum-iserlohn", 1, "all"),
    ("phoenix-coworking-dortmund", 1, "last"),
]


def _member_bookings(member, spaces):
    tomorrow = availability.local_today() + timedelta(days=1)
    taken_days = set(member.occupancies.active().filter(date__gte=tomorrow).values_list("date", flat=True))
    for slug, day_count, which in MEMBER_PLANS:
        space = spaces[slug]
        if Booking.objects.filter(member=member, space=space).exists():
            continue
        slots = list(space.slots.filter(is_active=True))
        slots = {"first": slots[:1], "last": slots[-1:], "all": slots}[which]
        days = _bookable_days(space, slots, tomorrow, taken_days)[:day_count]
        if days:
            services.book(
                member=member,
                space=space,
                days=days,
                slots=slots,
                idempotency_key=uuid.uuid5(KEY_NAMESPACE, space.slug),
                language="de",
                note="Demo-Buchung",
                notify=False,
            )
            taken_days.update(days)


@register
def coworking():
    host_user = demo_user(HOST_EMAIL, "Hanna Gastgeberin")
    hosts = {slug: _host(slug, data) for slug, data in HOSTS.items()}
    hosts[KAISERHAUS] = Organisation.objects.get(slug=KAISERHAUS)
    Membership.objects.update_or_create(
        user=host_user, organisation=hosts["werkraum-suedwestfalen-eg"], defaults={"role": Role.OWNER}
    )
    spaces = {data["slug"]: _space(data, hosts) for data in SPACES}
    member = User.objects.get(email=MEMBER_EMAIL)
    _member_bookings(member, spaces)
    upcoming = Booking.objects.filter(member=member, occupancies__ends_at__gt=availability.now()).distinct().count()
    return [
        f"Space host:    {HOST_EMAIL} / {DEMO_PASSWORD} (Werkraum Südwestfalen eG, three spaces)",
        f"Co-working:    {len(spaces)} published spaces; the member has {upcoming} upcoming bookings",
    ]
