"""Demo organisations: the real players of DOMAIN.md §1 as clearly marked examples, plus generated firms and
start-ups in every district. Deterministic (a seeded random generator) and idempotent (keyed by slug)."""

import random
from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD, demo_user, with_demo_totp
from portal.lib.curators import CURATORS
from portal.lib.demo import register
from portal.lib.text import german_slugify

from .models import Kind, LookingFor, Membership, Municipality, Organisation, Role, SizeBand, Stage, Status, Topic

EXAMPLE_NOTE = "Beispielprofil für die Demo, nicht von der Organisation selbst gepflegt."

# name, kind, municipality, pitch, topics (slugs)
EXAMPLES = [
    (
        "Trilux",
        Kind.FIRM,
        "Arnsberg",
        "Lichtlösungen aus dem Sauerland – vernetzt und effizient.",
        ["iot-industrie-40", "sustainability"],
    ),
    (
        "Wirtschaftsförderung Dortmund",
        Kind.PUBLIC_BODY,
        "Dortmund",
        "Wir verbinden Unternehmen, Wissenschaft und Start-ups in Dortmund.",
        ["funding", "digital-strategy"],
    ),
    (
        "Südwestfalen Agentur",
        Kind.PUBLIC_BODY,
        "Olpe",
        "Regionalmarketing und REGIONALE 2025 für Südwestfalen.",
        ["digital-strategy", "new-work"],
    ),
    (
        "TU Dortmund",
        Kind.UNIVERSITY,
        "Dortmund",
        "17 Fakultäten, ein Transferzentrum und viele Partner.",
        ["ai", "data-analytics", "logistics"],
    ),
    (
        "Fachhochschule Dortmund",
        Kind.UNIVERSITY,
        "Dortmund",
        "Anwendungsnahe Forschung und Lehre.",
        ["it-security", "qualification"],
    ),
    (
        "Fraunhofer IML",
        Kind.INSTITUTE,
        "Dortmund",
        "Forschung für Logistik, Intralogistik und Lieferketten.",
        ["logistics", "robotics-automation"],
    ),
    (
        "Fraunhofer ISST",
        Kind.INSTITUTE,
        "Dortmund",
        "Software und Datenräume für die Wirtschaft.",
        ["data-analytics", "cloud-infrastructure"],
    ),
    (
        "Lamarr-Institut für Maschinelles Lernen und Künstliche Intelligenz",
        Kind.INSTITUTE,
        "Dortmund",
        "Maschinelles Lernen, das man verstehen kann.",
        ["ai"],
    ),
    (
        "Universität Siegen",
        Kind.UNIVERSITY,
        "Siegen",
        "Sitz des European Digital Innovation Hub Südwestfalen.",
        ["ai", "iot-industrie-40", "qualification"],
    ),
    (
        "Fachhochschule Südwestfalen",
        Kind.UNIVERSITY,
        "Iserlohn",
        "Studieren und forschen in Iserlohn, Hagen, Meschede, Soest und Lüdenscheid.",
        ["robotics-automation", "process-erp"],
    ),
    (
        "Digitales Zentrum Mittelstand",
        Kind.PUBLIC_BODY,
        "Lippstadt",
        "Digitalisierung für kleine und mittlere Firmen.",
        ["digital-strategy", "qualification"],
    ),
    (
        "Coworking im Kaiserhaus",
        Kind.COWORKING_HOST,
        "Arnsberg",
        "Arbeiten und Netzwerken in Arnsberg-Neheim seit 2018.",
        ["new-work"],
    ),
]

FIRM_PREFIXES = [
    "Sauerland",
    "Lenne",
    "Ruhr",
    "Sieg",
    "Möhne",
    "Bigge",
    "Rothaar",
    "Hellweg",
    "Volme",
    "Eder",
    "Lippe",
    "Hönne",
    "Wenne",
    "Olpe",
    "Haar",
]
FIRM_TRADES = [
    "Präzisionstechnik",
    "Umformtechnik",
    "Leuchten",
    "Armaturen",
    "Drahtwerk",
    "Kunststofftechnik",
    "Maschinenbau",
    "Automotive",
    "Elektronik",
    "Stahlbau",
    "Oberflächentechnik",
    "Verpackung",
]
LEGAL_FORMS = ["GmbH", "GmbH & Co. KG", "AG", "KG"]
STARTUP_WORDS = ["Data", "Sense", "Flow", "Twin", "Bot", "Grid", "Loop", "Pilot", "Forge", "Nexus", "Spark", "Pulse"]
KEYWORDS = [
    "opc ua",
    "predictive maintenance",
    "erp-einführung",
    "digitaler zwilling",
    "bildverarbeitung",
    "cnc",
    "edge computing",
    "nis2",
    "energiemonitoring",
    "lagerautomatisierung",
    "low-code",
    "sap",
    "python",
    "additive fertigung",
    "lieferkette",
    "e-learning",
]


def _organisation(slug, **fields):
    topics = fields.pop("topics")
    keywords = fields.pop("keywords", [])
    organisation, _created = Organisation.objects.update_or_create(slug=slug, defaults=fields)
    organisation.topics.set(Topic.objects.filter(slug__in=topics))
    organisation.keywords.set(keywords)
    return organisation


def _examples(now):
    for name, kind, place, pitch, topics in EXAMPLES:
        yield _organisation(
            german_slugify(name),
            name=name,
            kind=kind,
            municipality=Municipality.objects.get(name=place),
            pitch=pitch,
            description=EXAMPLE_NOTE,
            topics=topics,
            status=Status.PUBLISHED,
            published_at=now,
            content_updated=now,
        )


def _generated(now, rng, places, topics):
    for i in range(84):
        startup = i % 7 == 6  # every seventh is a start-up: 12 of 84
        if startup:
            first, second = rng.sample(STARTUP_WORDS, 2)
            name = f"{first}{second.lower()}"
        else:
            name = f"{rng.choice(FIRM_PREFIXES)} {rng.choice(FIRM_TRADES)} {rng.choice(LEGAL_FORMS)}"
        slug = f"demo-{i:03d}-{german_slugify(name)}"
        age = timedelta(days=rng.choice([3, 20, 40, 90, 120, 250, 400]))  # some older than a year: stale
        yield _organisation(
            slug,
            name=name,
            kind=Kind.STARTUP if startup else Kind.FIRM,
            municipality=places[i % len(places)],
            pitch="Generiertes Demo-Profil." if not startup else "Generiertes Demo-Start-up.",
            description=EXAMPLE_NOTE,
            founded=rng.randint(2019, 2025) if startup else rng.randint(1890, 2015),
            size_band=SizeBand.MICRO if startup else rng.choice(SizeBand.values),
            stage=rng.choice(Stage.values) if startup else "",
            team_size=rng.randint(2, 12) if startup else None,
            looking_for=rng.sample(LookingFor.values, 2) if startup else [],
            languages=["de", "en"] if rng.random() < 0.6 else ["de"],
            topics=[t.slug for t in rng.sample(topics, rng.randint(1, 4))],
            keywords=rng.sample(KEYWORDS, rng.randint(0, 4)),
            status=Status.PUBLISHED,
            published_at=now - age,
            created=now - age,
            content_updated=now - age,
        )


def _member(user, organisation, role):
    Membership.objects.update_or_create(user=user, organisation=organisation, defaults={"role": role})


@register
def organisations():
    now = timezone.now()
    rng = random.Random(2025)  # noqa: S311 - seeded generator for reproducible fake data, not for secrets
    places = list(Municipality.objects.order_by("name"))
    topics = list(Topic.objects.all())
    examples = {o.slug: o for o in _examples(now)}
    generated = list(_generated(now, rng, places, topics))

    owner = demo_user("inhaberin@demo.brueckenschlag.example", "Olga Inhaberin")
    editor = demo_user("redakteur@demo.brueckenschlag.example", "Emil Redakteur")
    founder = demo_user("gruenderin@demo.brueckenschlag.example", "Greta Gründerin")
    curator = with_demo_totp(demo_user("kuratorin@demo.brueckenschlag.example", "Kira Kuratorin", is_staff=True))
    curator.groups.add(Group.objects.get(name=CURATORS))
    firm = generated[0]
    startup = next(o for o in generated if o.kind == Kind.STARTUP)
    _member(owner, firm, Role.OWNER)
    _member(editor, firm, Role.EDITOR)
    _member(founder, startup, Role.OWNER)
    _member(owner, examples["coworking-im-kaiserhaus"], Role.OWNER)
    return [
        f"Firm owner:    inhaberin@demo.brueckenschlag.example / {DEMO_PASSWORD} ({firm.name})",
        f"Firm editor:   redakteur@demo.brueckenschlag.example / {DEMO_PASSWORD}",
        f"Founder:       gruenderin@demo.brueckenschlag.example / {DEMO_PASSWORD} ({startup.name})",
        f"Curator:       kuratorin@demo.brueckenschlag.example / {DEMO_PASSWORD} (admin, second factor as below)",
        f"Organisations: {len(examples)} examples and {len(generated)} generated across all districts",
    ]
