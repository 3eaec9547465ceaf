"""The matching benchmark data set: tens of thousands of current needs and offers of the organisations of companies'
seed_bulk, generated reproducibly and in bulk (bulk_create for the entries, their topic rows and taggit's rows).

`generate(needs=20_000, offers=30_000)` spreads the entries over the generated organisations unevenly (a few
organisations publish many, most one or two, some none), gives each 2–5 topics of the real Topic table, skewed as in
real data (AI and data common, funding and new work rare; often one of the organisation's own topics), a few
keywords from companies.bulk's vocabulary of the chosen topics, German titles and descriptions built from the same
vocabulary, a municipality (mostly the organisation's), mixed reach, partner kinds, visibility and budget, created
dates over the last six months and expiry six months after creation (so always in the future). On top, a small
share of entries that are no longer current (closed, or expired). The same seed gives the same data.

Demo members: `members` users ("mitglied-01@bulk-matching.example" …) each own one organisation that has exactly
MEMBER_NEEDS current needs and MEMBER_OFFERS current offers, for the personal matches page.

The bulk set is every entry of a generated organisation (companies.bulk.bulk_organisations()) and the users
@bulk-matching.example: a new run first deletes the previous set; nothing else is touched, apart from keywords
(taggit tags) created when missing.
"""

import random
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from accounts.models import User
from companies.bulk import (
    AUDIENCES,
    REGION_PHRASES,
    TOPIC_KEYWORDS,
    TOPIC_SERVICES,
    TRADE_SERVICES,
    Clock,
    bulk_organisations,
    weighted,
)
from companies.bulk import _tags as tags_for  # creates the missing keywords in bulk, as seed_bulk does
from companies.models import Kind, Membership, Municipality, Role, Topic

from .models import LIFETIME, BudgetBand, Entry, EntryStatus, EntryType, Reach, Side, Visibility

MEMBER_DOMAIN = "bulk-matching.example"
BATCH_SIZE = 5000
NEEDS_PER_ORGANISATION = 2  # the defaults: 10,000 organisations, 20,000 needs and 30,000 offers
OFFERS_PER_ORGANISATION = 3
MEMBER_NEEDS = 2
MEMBER_OFFERS = 3
INACTIVE_SHARE = 0.05  # closed or expired entries on top of the current ones
MAX_AGE_DAYS = 180  # created within the last six months: with LIFETIME (183 days) all expire in the future

# --- weights ---------------------------------------------------------------------------------------------

# How often a topic is picked (a curator's topic missing here counts 1): AI and data everywhere, funding rare.
TOPIC_WEIGHTS = {
    "ai": 22,
    "data-analytics": 16,
    "iot-industrie-40": 13,
    "digital-strategy": 11,
    "process-erp": 9,
    "it-security": 7,
    "cloud-infrastructure": 5,
    "robotics-automation": 4,
    "platforms-ecommerce": 3,
    "logistics": 2.5,
    "sustainability": 2,
    "qualification": 1.2,
    "new-work": 0.8,
    "funding": 0.5,
}
TOPIC_COUNT_WEIGHTS = {2: 35, 3: 35, 4: 20, 5: 10}
KEYWORD_COUNT_WEIGHTS = {0: 10, 1: 20, 2: 30, 3: 25, 4: 15}
OWN_TOPIC_SHARE = 0.6  # how often an entry starts from one of its organisation's topics
OWN_PLACE_SHARE = 0.9  # how often an entry is located at its organisation's seat
TYPE_WEIGHTS = {
    Side.NEED: {
        EntryType.TECHNOLOGY: 30,
        EntryType.BUSINESS: 30,
        EntryType.RESEARCH: 12,
        EntryType.PILOT: 10,
        EntryType.THESIS: 18,
    },
    Side.OFFER: {
        EntryType.TECHNOLOGY: 35,
        EntryType.BUSINESS: 40,
        EntryType.RESEARCH: 14,
        EntryType.PILOT: 6,
        EntryType.THESIS: 5,
    },
}
REACH_WEIGHTS = {Reach.ANY: 50, Reach.RADIUS: 25, Reach.SUEDWESTFALEN: 20, Reach.DORTMUND: 5}
REACH_KM = [25, 50, 75, 100, 150]
VISIBILITY_WEIGHTS = {Visibility.PUBLIC: 80, Visibility.MEMBERS: 12, Visibility.ANONYMOUS: 8}
PARTNER_KIND_WEIGHTS = {
    Kind.FIRM: 40,
    Kind.STARTUP: 25,
    Kind.UNIVERSITY: 15,
    Kind.INSTITUTE: 15,
    Kind.PUBLIC_BODY: 4,
    Kind.COWORKING_HOST: 1,
}

# --- texts -------------------------------------------------------------------------------------------------

TITLES = {
    Side.NEED: {
        EntryType.TECHNOLOGY: [
            "Partner für {keyword_title} gesucht",
            "Wer unterstützt uns beim Thema {topic}?",
            "Gesucht: {service}",
            "{topic} in der Fertigung: Partner gesucht",
        ],
        EntryType.BUSINESS: [
            "Dienstleister für {keyword_title} gesucht",
            "Anbieter gesucht: {service}",
            "Beratung zu {topic} gesucht",
        ],
        EntryType.RESEARCH: [
            "Forschungspartner für {topic}",
            "F&E-Kooperation zu {keyword_title}",
        ],
        EntryType.PILOT: [
            "Pilotprojekt {keyword_title}: Anbieter gesucht",
            "Testumgebung für {topic} gesucht",
        ],
        EntryType.THESIS: [
            "Abschlussarbeit zu {topic} in {place}",
            "Studentisches Projekt: {keyword_title}",
        ],
    },
    Side.OFFER: {
        EntryType.TECHNOLOGY: ["{service}", "{service} für {audience}", "{keyword_title}: Lösung aus {place}"],
        EntryType.BUSINESS: ["{service} aus {place}", "Beratung zu {topic}", "{keyword_title} für {audience}"],
        EntryType.RESEARCH: ["Forschungskooperation zu {topic}", "Gemeinsame Projekte zu {keyword_title}"],
        EntryType.PILOT: ["Testfeld für {topic} in {place}", "Demonstrator für {keyword_title}"],
        EntryType.THESIS: ["Betreuung von Abschlussarbeiten zu {topic}", "Studierende für Projekte zu {topic}"],
    },
}
SENTENCES = {
    Side.NEED: [
        "Wir möchten {topic} in unserem Betrieb in {place} voranbringen.",
        "Konkret geht es um {keywords}.",
        "Gesucht wird ein Partner, der {service} nicht nur plant, sondern mit uns umsetzt.",
        "Ein erster Workshop könnte im nächsten Quartal stattfinden.",
        "Eine Förderung über Mittelstand-Digital oder go-digital prüfen wir parallel.",
        "Wichtig ist uns Erfahrung in Projekten für {audience}.",
        "Die Daten liegen bereits vor, werden bisher aber kaum genutzt.",
        "Am liebsten arbeiten wir mit einem Partner aus {region} zusammen.",
        "Unsere Fertigung läuft im Zweischichtbetrieb; Umstellungen müssen im laufenden Betrieb gelingen.",
    ],
    Side.OFFER: [
        "Wir bieten {service} für {audience}.",
        "Unsere Schwerpunkte: {keywords}.",
        "Von {place} aus betreuen wir Kunden aus {region}.",
        "Ein unverbindliches Erstgespräch ist kostenlos.",
        "Referenzen aus dem Maschinenbau und der Metallverarbeitung nennen wir gern.",
        "Wir arbeiten mit Hochschulen der Region zusammen und bringen aktuelle Forschung in die Praxis.",
        "Projekte zu {topic} begleiten wir von der Analyse bis zum laufenden Betrieb.",
        "Für kleine Unternehmen gibt es ein Einstiegspaket mit festem Preis.",
    ],
}


@dataclass
class Result:
    needs: int
    offers: int
    inactive: int
    topic_assignments: int
    keyword_assignments: int
    keywords_created: int
    members: int
    deleted: int
    seconds: float
    timings: dict = field(default_factory=dict)


def bulk_entries():
    return Entry.objects.filter(organisation__in=bulk_organisations().values("pk"))


def bulk_members():
    return User.objects.filter(email__endswith="@" + MEMBER_DOMAIN)


def member_email(number):
    return f"mitglied-{number:02d}@{MEMBER_DOMAIN}"


def delete():
    """Delete the previous bulk set; returns how many entries went. Topic and keyword rows go in one statement each;
    the entries through the ORM, so that whatever points to them (dismissals, contact requests) follows."""
    ids = bulk_entries().values("pk")
    count = bulk_entries().count()
    TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(Entry), object_id__in=ids).delete()
    Entry.topics.through.objects.filter(entry__in=ids).delete()
    if count:
        bulk_entries().delete()
    bulk_members().delete()
    return count


def analyse():
    """PostgreSQL: fresh planner statistics for the tables just filled (see companies.bulk.analyse)."""
    if connection.vendor != "postgresql":
        return
    models = [Entry, Entry.topics.through, Tag, TaggedItem, User, Membership]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models))


class _Generator:
    def __init__(self, rng, now):
        self.rng = rng
        self.now = now
        self.today = timezone.localdate(now)
        self.places = list(Municipality.objects.order_by("name"))
        self.topics = list(Topic.objects.order_by("slug"))
        self.topic_weights = [TOPIC_WEIGHTS.get(topic.slug, 1) for topic in self.topics]
        self.topic_by_pk = {topic.pk: topic for topic in self.topics}
        self.keyword_weights = {
            slug: [1 / (rank + 2) for rank in range(len(words))] for slug, words in TOPIC_KEYWORDS.items()
        }

    def organisations(self):
        """[(pk, kind, municipality, [topic ids])] of the generated organisations, in slug order."""
        organisations = bulk_organisations().order_by("slug").select_related("municipality")
        topics = {}
        through = bulk_organisations().model.topics.through
        pairs = through.objects.filter(organisation__in=organisations.values("pk"))
        for organisation_id, topic_id in pairs.values_list("organisation_id", "topic_id"):
            topics.setdefault(organisation_id, []).append(topic_id)
        return [(org.pk, org.kind, org.municipality, sorted(topics.get(org.pk, []))) for org in organisations]

    def owners(self, organisations, needs, offers, members):
        """Which organisation publishes each need and each offer: [(organisation, side, current)]. The members'
        organisations get exactly MEMBER_NEEDS and MEMBER_OFFERS current entries; the others a heavy-tailed share."""
        rng = self.rng
        members = min(members, len(organisations))
        chosen = rng.sample(range(len(organisations)), members)
        member_organisations = [organisations[index] for index in chosen]
        taken = set(chosen)
        others = [org for index, org in enumerate(organisations) if index not in taken] or member_organisations
        rows = []
        for organisation in member_organisations:
            rows += [(organisation, Side.NEED, True)] * MEMBER_NEEDS + [
                (organisation, Side.OFFER, True)
            ] * MEMBER_OFFERS
        needs = max(0, needs - MEMBER_NEEDS * members)
        offers = max(0, offers - MEMBER_OFFERS * members)
        activity = [min(rng.paretovariate(1.3), 40) for _org in others]
        for side, count in ((Side.NEED, needs), (Side.OFFER, offers)):
            inactive = round(count * INACTIVE_SHARE)
            publishers = rng.choices(others, weights=activity, k=count + inactive)
            rows += [(organisation, side, index < count) for index, organisation in enumerate(publishers)]
        return rows, member_organisations

    def entry(self, organisation, side, current):
        rng = self.rng
        _pk, kind, seat, own_topics = organisation
        topics = self._topics(own_topics)
        keywords = self._keywords(topics)
        entry_type = weighted(rng, TYPE_WEIGHTS[side])
        place = seat if rng.random() < OWN_PLACE_SHARE else rng.choice(self.places)
        title, description = self._texts(side, entry_type, topics, keywords, place)
        reach = weighted(rng, REACH_WEIGHTS)
        partner_kinds = []
        if rng.random() < 0.6:
            partner_kinds = sorted({weighted(rng, PARTNER_KIND_WEIGHTS) for _pick in range(rng.randint(1, 3))})
        if current:
            age = timedelta(days=rng.uniform(0, MAX_AGE_DAYS))
            status = EntryStatus.IN_TALKS if rng.random() < 0.1 else EntryStatus.OPEN
        else:  # closed within the last six months, or expired
            closed = rng.random() < 0.5
            age = timedelta(days=rng.uniform(0, MAX_AGE_DAYS) if closed else rng.uniform(190, 365))
            status = EntryStatus.CLOSED if closed else EntryStatus.OPEN
        created = self.now - age
        updated = created + (self.now - created) * rng.random() ** 3
        deadline = None
        if rng.random() < 0.3:
            deadline = self.today + timedelta(days=rng.randint(14, 180))
        entry = Entry(
            organisation_id=organisation[0],
            side=side,
            type=entry_type,
            title=title,
            description=description,
            municipality=place,
            reach=reach,
            reach_km=rng.choice(REACH_KM) if reach == Reach.RADIUS else None,
            partner_kinds=partner_kinds,
            budget_band=weighted(rng, {band: 1 for band in BudgetBand.values}) if rng.random() < 0.5 else "",
            deadline=deadline,
            visibility=weighted(rng, VISIBILITY_WEIGHTS),
            status=status,
            expires_on=timezone.localdate(created) + LIFETIME,
            created=created,
            updated=updated,
        )
        return entry, [topic.pk for topic in topics], keywords

    def _topics(self, own_topics):
        rng = self.rng
        count = min(weighted(rng, TOPIC_COUNT_WEIGHTS), len(self.topics))
        chosen = []
        if own_topics and rng.random() < OWN_TOPIC_SHARE:
            chosen.append(self.topic_by_pk[rng.choice(own_topics)])
        while len(chosen) < count:
            topic = rng.choices(self.topics, weights=self.topic_weights)[0]
            if topic not in chosen:
                chosen.append(topic)
        return chosen

    def _keywords(self, topics):
        rng = self.rng
        groups = [topic.slug for topic in topics if topic.slug in TOPIC_KEYWORDS]
        wanted = weighted(rng, KEYWORD_COUNT_WEIGHTS) if groups else 0
        chosen = []
        for _attempt in range(wanted * 4):
            if len(chosen) == wanted:
                break
            slug = rng.choice(groups)
            word = rng.choices(TOPIC_KEYWORDS[slug], weights=self.keyword_weights[slug])[0]
            if word not in chosen:
                chosen.append(word)
        return chosen

    def _texts(self, side, entry_type, topics, keywords, place):
        rng = self.rng
        services = TOPIC_SERVICES.get(topics[0].slug) or TRADE_SERVICES
        service = rng.choice(services)
        keyword = keywords[0] if keywords else topics[0].name_de
        values = {
            "service": service,
            "topic": topics[0].name_de,
            "keyword_title": keyword[:1].upper() + keyword[1:],
            "keywords": ", ".join(keywords) if keywords else ", ".join(topic.name_de for topic in topics),
            "place": place.name,
            "audience": rng.choice(AUDIENCES),
            "region": rng.choice(REGION_PHRASES),
        }
        title = rng.choice(TITLES[side][entry_type]).format(**values)[:140]
        sentences = rng.sample(SENTENCES[side], rng.randint(2, 5))
        return title, " ".join(sentence.format(**values) for sentence in sentences)

    def members(self, organisations):
        users = [
            User(email=member_email(number), name=f"Mitglied {number}", password="!bulk")  # unusable password  # noqa: S106 - an unusable password (Django's '!' prefix): nobody logs in with it
            for number in range(1, len(organisations) + 1)
        ]
        User.objects.bulk_create(users)
        ids = dict(bulk_members().values_list("email", "pk"))
        Membership.objects.bulk_create(
            Membership(user_id=ids[user.email], organisation_id=organisation[0], role=Role.OWNER)
            for user, organisation in zip(users, organisations, strict=True)
        )


def generate(needs=None, offers=None, members=5, seed=1, now=None):
    """Replace the bulk set by `needs` current needs and `offers` current offers (by default 2 and 3 per generated
    organisation), plus INACTIVE_SHARE of each that are no longer current; returns a Result."""
    if any(value is not None and value < 0 for value in (needs, offers)) or members < 0:
        raise ValueError("needs, offers and members must not be negative")
    if not connection.features.can_return_rows_from_bulk_insert:
        raise RuntimeError("The database must return the ids of bulk-inserted rows (PostgreSQL, SQLite 3.35+).")
    started = time.perf_counter()
    clock = Clock()
    rng = random.Random(seed)  # noqa: S311 - seeded generator for reproducible fake data, not for secrets
    now = now or timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    with transaction.atomic():
        deleted = delete()
        clock.lap("delete the previous set")
        generator = _Generator(rng, now)
        organisations = generator.organisations()
        if not organisations:
            raise RuntimeError("No generated organisations: run `manage.py seed_bulk` first.")
        if not generator.topics or not generator.places:
            raise RuntimeError("Reference data (municipalities and topics) is missing: run migrate first.")
        needs = len(organisations) * NEEDS_PER_ORGANISATION if needs is None else needs
        offers = len(organisations) * OFFERS_PER_ORGANISATION if offers is None else offers
        owners, member_organisations = generator.owners(organisations, needs, offers, members)
        rows = [generator.entry(organisation, side, current) for organisation, side, current in owners]
        clock.lap("generate in Python")

        entries = [row[0] for row in rows]
        Entry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
        clock.lap("insert entries")
        TopicLink = Entry.topics.through
        topic_links = [TopicLink(entry_id=entry.pk, topic_id=pk) for entry, topic_ids, _kw in rows for pk in topic_ids]
        TopicLink.objects.bulk_create(topic_links, batch_size=BATCH_SIZE)
        clock.lap("insert topic rows")
        tags, keywords_created = tags_for(
            sorted({keyword for _entry, _topics, keywords in rows for keyword in keywords})
        )
        content_type = ContentType.objects.get_for_model(Entry)
        tagged_items = [
            TaggedItem(tag_id=tags[keyword].pk, content_type_id=content_type.pk, object_id=entry.pk)
            for entry, _topics, keywords in rows
            for keyword in keywords
        ]
        TaggedItem.objects.bulk_create(tagged_items, batch_size=BATCH_SIZE)
        clock.lap("insert keyword rows")
        generator.members(member_organisations)
        clock.lap("members")
    analyse()
    clock.lap("analyse (PostgreSQL)")
    current = [side for _organisation, side, is_current in owners if is_current]
    return Result(
        needs=current.count(Side.NEED),
        offers=current.count(Side.OFFER),
        inactive=len(owners) - len(current),
        topic_assignments=len(topic_links),
        keyword_assignments=len(tagged_items),
        keywords_created=keywords_created,
        members=len(member_organisations),
        deleted=deleted,
        seconds=time.perf_counter() - started,
        timings=clock.timings,
    )
