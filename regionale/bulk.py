"""The REGIONALE benchmark data set: a portfolio of generated projects on the organisations of companies' seed_bulk,
each moved to its stage through the real workflow (services.record_creation and services.move).

`generate(100)` spreads the projects over the stages as a real portfolio is (a tenth still ideas, most with one to
three stars, some in implementation or completed, a few withdrawn; a few went back a star once), with committee
decisions at the meetings of regionale/demo.py (the advisory board's recommendation weeks before), the sponsor's
start and the Agentur's confirmation of completion after them, all in order and none in the future. Each project
gets a lead sponsor and 0–3 further sponsors among the generated organisations (public bodies, universities and
institutes more often than firms), 1–3 municipalities of Südwestfalen, a Handlungsfeld with one of its
Themenfelder, at least one DNA aspect, a German title, summary and description from the word lists below, funding
that fits the stage, news on some, and — when seed_matching_bulk's entries exist — needs of the lead sponsor as
"partners wanted" on a fifth of them. Everything is published except ideas and projects withdrawn as ideas; a few
are featured. All projects are example projects (is_example: marked as such on every page), and their description
says they are generated. The same seed gives the same data (on the same organisations and day).

Generated projects have slugs "bulk-rp-0001-…"; the curator who moved them is kuratorin@bulk-regionale.example. A
new run first deletes the previous set with everything that hangs on it, its history included; delete() alone is
`seed_regionale_bulk --clear`. Run it after seed_bulk (and seed_matching_bulk): a new seed_bulk deletes the
organisations the projects point to.
"""

import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as wall
from decimal import Decimal
from itertools import accumulate

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from companies.bulk import Clock, bulk_organisations, weighted
from companies.models import District, Kind, Municipality, Region
from matching.models import Entry
from portal.lib.text import german_slugify

from . import services
from .demo import MEETINGS, decision, funding_status
from .models import (
    STAR_AWARDS,
    STARS,
    FundingLine,
    FundingSource,
    Project,
    ProjectUpdate,
    Stage,
    StageTransition,
    Themenfeld,
)

PREFIX = "bulk-rp-"
CURATOR_EMAIL = "kuratorin@bulk-regionale.example"

# --- the shape of the portfolio ------------------------------------------------------------------------------

STAGE_SHARES = {
    Stage.IDEA: 10,
    Stage.STAR_1: 27,
    Stage.STAR_2: 22,
    Stage.STAR_3: 15,
    Stage.IMPLEMENTATION: 13,
    Stage.COMPLETED: 7,
    Stage.WITHDRAWN: 6,
}
WITHDRAWN_FROM = {Stage.IDEA: 20, Stage.STAR_1: 55, Stage.STAR_2: 25}
REVERT_SHARE = 0.08  # projects with a second star that lost it once and got it again
FEATURED_SHARE = 0.08
NEEDS_SHARE = 0.2  # projects looking for partners, when there are needs to link
UPDATE_SHARE = 0.35
LEAD_WEIGHTS = {
    Kind.PUBLIC_BODY: 25,
    Kind.UNIVERSITY: 20,
    Kind.INSTITUTE: 10,
    Kind.COWORKING_HOST: 8,
    Kind.STARTUP: 1.5,
    Kind.FIRM: 1,
}
OUTSIDE_WEIGHT = 0.1  # sponsors from Dortmund, outside the REGIONALE region, are rare
SPONSOR_COUNT_WEIGHTS = {0: 35, 1: 35, 2: 20, 3: 10}
PLACE_COUNT_WEIGHTS = {1: 60, 2: 28, 3: 12}
RECOMMENDED_WEEKS_BEFORE = [2, 3, 3, 3, 4, 6]

# (source, lowest and highest amount in thousands of euros)
FUNDING_RANGES = {
    FundingSource.REGIONALE: (150, 1800),
    FundingSource.EFRE: (200, 2500),
    FundingSource.STAEDTEBAU: (500, 3500),
    FundingSource.FEDERAL: (200, 1500),
    FundingSource.STATE: (100, 1200),
    FundingSource.EU: (100, 800),
    FundingSource.OWN: (30, 900),
}
CO_FUNDING = [
    FundingSource.EFRE,
    FundingSource.EFRE,
    FundingSource.STAEDTEBAU,
    FundingSource.FEDERAL,
    FundingSource.STATE,
    FundingSource.EU,
]

# --- texts -----------------------------------------------------------------------------------------------------

IN_DISTRICT = {
    District.HOCHSAUERLANDKREIS: "im Hochsauerlandkreis",
    District.MAERKISCHER_KREIS: "im Märkischen Kreis",
    District.OLPE: "im Kreis Olpe",
    District.SIEGEN_WITTGENSTEIN: "in Siegen-Wittgenstein",
    District.SOEST: "im Kreis Soest",
}
# per Themenfeld: (title, summary) pairs and sentences for the description; {place}, {place2}, {in_district}
TEXTS = {
    "digitale-mitten": (
        [
            (
                "Digitale Mitte {place}",
                "Der Ortskern von {place} wird mit Bürgerbüro, freiem WLAN und Räumen für Vereine zum Treffpunkt.",
            ),
            (
                "Neues Leben in leeren Läden: {place}",
                "Leerstehende Ladenlokale in {place} werden zu Orten für Begegnung, Arbeit und digitale Angebote der "
                "Verwaltung.",
            ),
            (
                "Dorfzentrum {place} – digital und lebendig",
                "Ein digitaler Dorfladen, ein Café und Sprechstunden der Verwaltung bringen Leben zurück in die Mitte "
                "von {place}.",
            ),
            (
                "Marktplatz {place} digital",
                "Eine digitale Stadtinformation, freies WLAN und ein offenes Erdgeschoss machen den Markt in {place} "
                "wieder zum Treffpunkt.",
            ),
            (
                "Ortskern {place}: Bürgerbüro, Café und Co-Working",
                "Ein leerstehendes Geschäftshaus in {place} wird zum Haus für Bürgerbüro, Café und Arbeitsplätze.",
            ),
        ],
        [
            "Seit Jahren stehen in der Innenstadt von {place} Geschäfte leer.",
            "Vereine, Händler und die Verwaltung planen die Nutzung gemeinsam.",
            "Eine digitale Stadtinformation zeigt Veranstaltungen, Öffnungszeiten und freie Flächen.",
            "Das Erdgeschoss bleibt offen für alle; oben entstehen Arbeitsplätze für Pendlerinnen und Pendler.",
        ],
    ),
    "smart-living": (
        [
            (
                "Smarte Nachbarschaft {place}",
                "Eine Nachbarschafts-App und vernetzte Straßenlaternen verbinden die Ortsteile von {place}.",
            ),
            (
                "Vernetztes Wohnen in {place}",
                "Mieterinnen und Mieter in {place} steuern Heizung, Strom und Gemeinschaftsräume über eine "
                "gemeinsame Plattform.",
            ),
            (
                "Energiemonitor für das Quartier {place}",
                "Ein Energiemonitor zeigt den Menschen in {place}, wann ihre Solaranlagen Strom für das Quartier "
                "erzeugen.",
            ),
            (
                "Smart Village {place}",
                "Eine Dorf-App, vernetzte Straßenlaternen und ein Energiemonitor machen den Alltag in {place} "
                "leichter.",
            ),
            (
                "Länger zu Hause wohnen in {place}",
                "Musterwohnungen in {place} zeigen, wie digitale Assistenz älteren Menschen das Leben zu Hause "
                "erleichtert.",
            ),
        ],
        [
            "Die Straßenbeleuchtung dimmt, wenn niemand unterwegs ist.",
            "Ältere Menschen sollen länger selbstständig in ihrer Wohnung leben können.",
            "Die Daten bleiben bei den Bewohnerinnen und Bewohnern und werden nur anonymisiert ausgewertet.",
            "Handwerksbetriebe aus der Region lernen, die Technik einzubauen und zu warten.",
        ],
    ),
    "mobilitaet": (
        [
            (
                "Rufbus zwischen {place} und {place2}",
                "Ein Rufbus fährt auf Bestellung per App oder Telefon zwischen {place} und {place2}.",
            ),
            (
                "Mitfahrbänke zwischen {place} und {place2}",
                "Digitale Mitfahrbänke zeigen an, wer von {place} nach {place2} mitgenommen werden möchte.",
            ),
            (
                "Mobilstation am Bahnhof {place}",
                "Eine Mobilstation verbindet Bahn, Bus, Leihräder und E-Autos am Bahnhof {place}.",
            ),
            (
                "E-Carsharing für {place}",
                "Elektroautos zum Teilen stehen in den Ortsteilen von {place}, gebucht per App oder Telefon.",
            ),
            (
                "Radwege-Sensorik in {place}",
                "Zählstellen und Sensoren zeigen, wo in {place} Radwege fehlen, und melden Schäden, bevor jemand "
                "stürzt.",
            ),
        ],
        [
            "Die Angebote verbinden die Dörfer mit den Bahnhöfen.",
            "Wer kein Smartphone hat, bucht einfach per Telefon.",
            "Die Daten werden offen bereitgestellt, damit die Kommunen ihre Planung abstimmen können.",
            "Pendlerinnen und Pendler sollen das Auto öfter stehen lassen können.",
        ],
    ),
    "gesundheit": (
        [
            (
                "Gesundheitskiosk {place}",
                "Ein Gesundheitskiosk mit Telemedizin und Pflegeberatung bringt die Versorgung näher an die Menschen "
                "in {place}.",
            ),
            (
                "Telemedizin für {place} und Umgebung",
                "Hausarztpraxen in {place} und {place2} holen Fachärztinnen und Fachärzte per Video in die "
                "Sprechstunde.",
            ),
            (
                "Pflege-Lotsen digital in {place}",
                "Geschulte Lotsinnen und Lotsen helfen pflegenden Angehörigen in {place}, digitale Angebote zu nutzen.",
            ),
            (
                "Gesundheitscampus {place}",
                "Hochschule, Klinik und Praxen in {place} bilden gemeinsam für eine digitale Versorgung aus.",
            ),
            (
                "Versorgungslabor {place}",
                "Praxen, Klinik und Pflegedienste in {place} erproben neue digitale Angebote, bevor sie in die "
                "Fläche gehen.",
            ),
        ],
        [
            "Die Wege zur Fachärztin sind im ländlichen Raum weit.",
            "Geschulte Fachkräfte messen Werte und verbinden per Video mit Praxen und Kliniken.",
            "Pflegende Angehörige verlieren viel Zeit mit Anträgen und der Suche nach Entlastung.",
            "Patientinnen und Patienten sparen lange Fahrten, die Praxen gewinnen Zeit für die Versorgung vor Ort.",
        ],
    ),
    "digitale-bildung": (
        [
            (
                "Lernorte {place}",
                "Schulen, Bibliothek und Volkshochschule in {place} öffnen gemeinsame Lernorte mit Technik zum "
                "Ausprobieren.",
            ),
            (
                "Medienwerkstatt {place}",
                "Jugendliche aus {place} produzieren Podcasts, Filme und Spiele in einer offenen Medienwerkstatt.",
            ),
            (
                "Lernfabrik {place}",
                "Eine Lernfabrik zeigt Auszubildenden in {place} vernetzte Produktion zum Anfassen.",
            ),
            (
                "Digitale Schule {place}",
                "Die Schulen in {place} teilen Technik, Fortbildungen und Unterrichtsideen für den digitalen "
                "Unterricht.",
            ),
            (
                "Makerspace für Jugendliche in {place}",
                "In einer offenen Werkstatt in {place} bauen Jugendliche Roboter, drucken in 3D und lernen "
                "programmieren.",
            ),
        ],
        [
            "Das Angebot steht nachmittags und abends allen offen.",
            "Lehrkräfte werden fortgebildet und teilen ihre Unterrichtsideen mit anderen Schulen.",
            "Betriebe der Region stellen Maschinen und Ausbilder zur Verfügung.",
            "Das Angebot ist barrierearm und auch in Leichter Sprache verfügbar.",
        ],
    ),
    "teilhabe": (
        [
            (
                "Ehrenamtsbörse {place}",
                "Eine Plattform bringt Vereine in {place} und Menschen zusammen, die sich für ein paar Stunden "
                "engagieren möchten.",
            ),
            (
                "Dorfgespräche digital in {place}",
                "Bürgerinnen und Bürger aus {place} gestalten ihren Ort über eine Beteiligungsplattform und offene "
                "Werkstätten mit.",
            ),
            (
                "Bürgerplattform {place}",
                "Anliegen, Ideen und Abstimmungen: Eine Plattform verbindet die Menschen in {place} mit Rat und "
                "Verwaltung.",
            ),
            (
                "Vereinsnetz {in_district}",
                "Vereine {in_district} teilen Räume, Termine und Technik über eine gemeinsame Plattform.",
            ),
            (
                "Heimat erzählen: {place} digital erleben",
                "Vereine und Schulen erzählen die Geschichte von {place} in einer digitalen Erlebnisführung.",
            ),
        ],
        [
            "Viele Menschen möchten sich engagieren, aber sich nicht auf Jahre festlegen.",
            "Ehrenamtliche werden in digitaler Vereinsarbeit geschult.",
            "Online- und Präsenzformate ergänzen sich, damit niemand außen vor bleibt.",
            "Die Ergebnisse werden in einer öffentlichen Ratssitzung vorgestellt.",
        ],
    ),
    "kompetenzlandschaft": (
        [
            (
                "Digitale Lernwerkstatt {in_district}",
                "Kurze Lerneinheiten und Praxistage machen Beschäftigte kleiner Betriebe {in_district} fit für die "
                "Digitalisierung.",
            ),
            (
                "Digitalisierungslabor {place}",
                "In einem offenen Labor in {place} probieren Firmen Technik aus, bevor sie investieren.",
            ),
            (
                "KI-Werkstatt für den Mittelstand in {place}",
                "Betriebe, Hochschule und Kammer bauen in {place} gemeinsam ein Qualifizierungsangebot zu Daten und "
                "KI auf.",
            ),
            (
                "Fachkräfte digital: Qualifizierung in {place}",
                "Beschäftigte aus Betrieben in {place} und {place2} lernen in kurzen Kursen den Umgang mit Daten, "
                "Cloud und Automatisierung.",
            ),
            (
                "Digitale Werkbank {place}",
                "Von Sensorik über Cobots bis zur Buchhaltung in der Cloud: In {place} testen kleine Firmen Lösungen "
                "mit Beratern an ihrer Seite.",
            ),
        ],
        [
            "Kurse finden dort statt, wo gearbeitet wird: in der Werkhalle, im Büro, am Tablet in der Pause.",
            "Beraterinnen begleiten die Betriebe von der ersten Idee bis zum Pilotprojekt.",
            "Die Inhalte werden mit der Hochschule entwickelt und mit anderen kleinen Firmen geteilt.",
            "Über hundert Betriebe sollen das Angebot in den ersten drei Jahren nutzen.",
        ],
    ),
    "neue-arbeitswelten": (
        [
            (
                "Co-Working im alten Bahnhof {place}",
                "Das Bahnhofsgebäude in {place} wird zum Arbeitsort für Pendler, Selbstständige und Vereine.",
            ),
            (
                "Werkstattquartier {place}",
                "Ein ehemaliges Fabrikgelände in {place} wird zum Quartier für Handwerk, Start-ups und Co-Working.",
            ),
            (
                "Dorfbüro {place}",
                "Ein Dorfbüro in {place} gibt Pendlerinnen, Selbstständigen und Teams Arbeitsplätze vor der Haustür.",
            ),
            (
                "Co-Working-Pop-ups in {place} und {place2}",
                "Für jeweils drei Monate ziehen Co-Working-Flächen in leerstehende Geschäfte in {place} und {place2}.",
            ),
            (
                "Arbeiten, wo man lebt: {place}",
                "Betriebe aus {place} richten gemeinsam Arbeitsplätze für mobiles Arbeiten im Ort ein.",
            ),
        ],
        [
            "Pendlerinnen und Pendler arbeiten tageweise im Ort statt im Büro in Dortmund oder Köln.",
            "Betriebe teilen sich Werkstätten, Maschinen und einen Showroom.",
            "Ein Café und Besprechungsräume stehen auch Vereinen offen.",
            "Alte Gebäude bleiben erhalten und werden energetisch saniert.",
        ],
    ),
    "innovation-transfer": (
        [
            (
                "Lernende Maschinen – KI-Transfer in {place}",
                "Betriebe aus {place} lernen mit der Hochschule, ihre Anlagen mit KI vorausschauend zu warten.",
            ),
            (
                "Retrofit-Labor {place}",
                "Ein offenes Labor in {place} hilft kleinen Betrieben, alte Maschinen mit Sensorik nachzurüsten und "
                "zu vernetzen.",
            ),
            (
                "Digitale Zwillinge für die Industrie {in_district}",
                "Betriebe {in_district} entwickeln mit der Hochschule digitale Zwillinge ihrer Anlagen.",
            ),
            (
                "Energieverbund Gewerbepark {place}",
                "Betriebe eines Gewerbegebiets in {place} erzeugen, speichern und teilen ihre Energie gemeinsam.",
            ),
            (
                "Transferzentrum {place}",
                "Ein Transferzentrum in {place} bringt Forschung der Hochschulen und Fragen der Betriebe zusammen.",
            ),
        ],
        [
            "Ein Verbund aus Betrieben und Hochschule sammelt Maschinendaten und entwickelt daraus Modelle.",
            "Die Erfahrungen werden in einer offenen Werkstattreihe mit anderen Firmen geteilt.",
            "Start-ups aus der Region bringen ihre Lösungen in Pilotprojekte ein.",
            "Die Ergebnisse stehen allen Betrieben der Region offen.",
        ],
    ),
}

GENERATED_NOTE = "Dieses Projekt ist ein generiertes Beispiel für Lasttests."

ADVANCE_REASONS = {
    Stage.STAR_1: [
        "Der Ausschuss zeichnet die Idee auf Empfehlung des Beirats als herausragend aus.",
        "Eine Idee mit Strahlkraft für die ganze Region.",
    ],
    Stage.STAR_2: ["Tragfähiges Konzept mit Kostenschätzung und Förderweg.", "Das Konzept ist tragfähig."],
    Stage.STAR_3: [
        "Die Finanzierung ist gesichert; das Projekt wird umgesetzt.",
        "Der Förderbescheid liegt vor.",
    ],
    Stage.IMPLEMENTATION: ["Der Träger hat mit der Umsetzung begonnen.", "Baubeginn."],
    Stage.COMPLETED: ["Der Abschlussbericht liegt vor; das Projekt ist umgesetzt."],
}
REVERT_REASONS = [
    "Die Finanzierung eines Bauabschnitts ist nicht gesichert; der Träger überarbeitet das Konzept.",
    "Der Förderaufruf wurde verschoben; die Kosten werden neu geschätzt.",
    "Ein Partner ist ausgestiegen; das Konzept wird überarbeitet.",
]
WITHDRAW_REASONS = [
    "Eine landesweite Lösung macht das Vorhaben überflüssig.",
    "Für den Betrieb nach der Förderphase fand sich kein Träger.",
    "Die Eigenmittel konnten nicht aufgebracht werden.",
    "Das Vorhaben geht in einem anderen Projekt der Region auf.",
]
# (after which stage, [(title, text)]): news a project may have once it got there
UPDATES = [
    (
        Stage.STAR_1,
        [
            (
                "Auftakt mit {n} Partnern",
                "Zum ersten Treffen kamen Vertreterinnen und Vertreter aus {n} Betrieben, Vereinen und Verwaltungen. "
                "Weitere Partner sind willkommen.",
            ),
            ("Erste Werkstatt in {place}", "Rund {n} Teilnehmende sammelten Ideen für die nächsten Schritte."),
        ],
    ),
    (
        Stage.STAR_3,
        [
            (
                "Förderbescheid übergeben",
                "Mit dem Bescheid ist die Finanzierung gesichert. Die Umsetzung beginnt in den nächsten Monaten.",
            )
        ],
    ),
    (
        Stage.IMPLEMENTATION,
        [
            ("Baustart in {place}", "Die Arbeiten haben begonnen; die Eröffnung ist für das nächste Jahr geplant."),
            ("Die ersten Angebote laufen", "Seit dem Start nutzen {n} Menschen in der Woche das neue Angebot."),
        ],
    ),
    (
        Stage.COMPLETED,
        [("Abschluss und Bilanz", "{n} Partner, viele Veranstaltungen und ein Angebot, das weiterläuft.")],
    ),
]


@dataclass
class Result:
    projects: int = 0
    stages: dict = field(default_factory=dict)
    transitions: int = 0
    published: int = 0
    featured: int = 0
    funding_lines: int = 0
    updates: int = 0
    with_needs: int = 0
    history_rows: int = 0
    deleted: int = 0
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)


def bulk_projects():
    """The generated projects: "bulk-rp-" and a number, so that a real project called "Bulk RP …" is never
    taken for one."""
    return Project.objects.filter(slug__startswith=PREFIX, slug__regex=rf"^{PREFIX}[0-9]{{4,}}-")


def bulk_curators():
    return User.objects.filter(email=CURATOR_EMAIL)


def history_models():
    """The history tables of a project: its versions, their sponsors and municipalities (simple-history's m2m
    tables, rows per version), and the versions of its funding lines and news."""
    m2m = [apps.get_model("regionale", f"HistoricalProject_{name}") for name in ("sponsors", "municipalities")]
    return Project.history.model, m2m, [FundingLine.history.model, ProjectUpdate.history.model]


def history_rows(ids):
    """How many history rows the projects with these ids have."""
    historical_project, m2m, children = history_models()
    count = historical_project.objects.filter(id__in=ids).count()
    return count + sum(model.objects.filter(project_id__in=ids).count() for model in [*m2m, *children])


def delete():
    """Delete the previous set with its transitions, funding, news, images and needs links (the cascade), then
    every history row of it, those the deletion itself wrote included. Returns how many projects went."""
    ids = list(bulk_projects().values_list("pk", flat=True))
    if ids:
        bulk_projects().delete()
        historical_project, m2m, children = history_models()
        for start in range(0, len(ids), 500):  # a bounded number of parameters per statement (SQLite)
            chunk = ids[start : start + 500]
            for model in [*m2m, *children]:
                model.objects.filter(project_id__in=chunk).delete()
            historical_project.objects.filter(id__in=chunk).delete()
    bulk_curators().delete()
    return len(ids)


def analyse():
    """PostgreSQL: fresh planner statistics for the tables just filled (see companies.bulk.analyse)."""
    if connection.vendor != "postgresql":
        return
    historical_project, m2m, children = history_models()
    models = [
        Project,
        Project.sponsors.through,
        Project.municipalities.through,
        Project.needs.through,
        StageTransition,
        FundingLine,
        ProjectUpdate,
        historical_project,
        *m2m,
        *children,
    ]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models))


def quotas(count, shares):
    """{key: how many of `count`} in proportion to `shares`, summing to exactly `count` (largest remainder)."""
    total = sum(shares.values())
    exact = {key: count * share / total for key, share in shares.items()}
    result = {key: int(value) for key, value in exact.items()}
    for key in sorted(exact, key=lambda k: result[k] - exact[k])[: count - sum(result.values())]:
        result[key] += 1
    return result


def _at(day):
    return timezone.make_aware(datetime.combine(day, wall(10)))


class _Generator:
    def __init__(self, rng, today, curator):
        self.rng = rng
        self.today = today
        self.curator = curator
        self.meetings = [day for day in MEETINGS if day <= today]
        places = Municipality.objects.filter(region=Region.SUEDWESTFALEN).order_by("name")
        self.places = {place.pk: place for place in places}
        rows = bulk_organisations().order_by("slug").values_list("pk", "name", "kind", "municipality_id")
        self.organisations = {pk: (name, kind, place) for pk, name, kind, place in rows}
        self.organisation_ids = list(self.organisations)
        weights = (
            LEAD_WEIGHTS.get(kind, 1) * (1 if place in self.places else OUTSIDE_WEIGHT)
            for _name, kind, place in self.organisations.values()
        )
        self.cumulative = list(accumulate(weights))  # rng.choices would add them up on every call otherwise
        self.places_by_district = defaultdict(list)
        for place in self.places.values():
            self.places_by_district[place.district].append(place)
        self.themenfelder = list(Themenfeld.objects.filter(slug__in=TEXTS).order_by("slug"))
        self.needs = defaultdict(list)  # current needs of generated organisations: {organisation id: [entry ids]}
        entries = Entry.objects.current().needs().filter(organisation__in=bulk_organisations().values("pk"))
        for organisation_id, pk in entries.order_by("pk").values_list("organisation_id", "pk"):
            self.needs[organisation_id].append(pk)
        position = {pk: index for index, pk in enumerate(self.organisation_ids)}
        self.with_needs = sorted(self.needs, key=position.__getitem__)
        self.titles = set()

    # --- the plan: which stage, which path

    def stages(self, count):
        stages = [stage for stage, n in quotas(count, STAGE_SHARES).items() for _i in range(n)]
        self.rng.shuffle(stages)
        return stages

    def looking_for_partners(self, stages):
        """The positions of the projects that link needs of their lead sponsor ("Projekt sucht Partner")."""
        if not self.with_needs:
            return set()
        active = [i for i, stage in enumerate(stages) if stage in (*STAR_AWARDS, Stage.IMPLEMENTATION)]
        return set(self.rng.sample(active, min(round(len(stages) * NEEDS_SHARE), len(active))))

    def path(self, stage):
        """(submitted on, [(to stage, decided on, reason)]): the moves after the creation that bring a project to
        `stage`, in order, none after today."""
        rng, today = self.rng, self.today
        if stage == Stage.WITHDRAWN:
            left = weighted(rng, WITHDRAWN_FROM)
            submitted, steps = self.path(left)
            if left == Stage.IDEA:
                submitted = today - timedelta(days=rng.randint(200, 1500))
            last = steps[-1][1] if steps else submitted
            on = min(last + timedelta(days=rng.randint(30, 400)), today)
            return submitted, [*steps, (Stage.WITHDRAWN, on, rng.choice(WITHDRAW_REASONS))]
        if stage == Stage.IDEA:
            return today - timedelta(days=rng.randint(14, 540)), []
        stars = STARS[stage]
        awards = list(STAR_AWARDS[:stars])
        if stars >= 2 and rng.random() < REVERT_SHARE:
            awards[2:2] = [Stage.STAR_1, Stage.STAR_2]  # lost the second star once and got it again
        steps = []
        for index, to_stage in zip(self._meeting_indices(len(awards)), awards, strict=True):
            going_back = steps and to_stage == Stage.STAR_1
            reason = rng.choice(REVERT_REASONS if going_back else ADVANCE_REASONS[to_stage])
            steps.append((to_stage, self.meetings[index], reason))
        submitted = steps[0][1] - timedelta(days=rng.randint(60, 300))
        if stage in (Stage.IMPLEMENTATION, Stage.COMPLETED):
            started = min(steps[-1][1] + timedelta(days=rng.randint(30, 300)), today)
            steps.append((Stage.IMPLEMENTATION, started, rng.choice(ADVANCE_REASONS[Stage.IMPLEMENTATION])))
        if stage == Stage.COMPLETED:
            finished = min(steps[-1][1] + timedelta(days=rng.randint(365, 1300)), today)
            steps.append((Stage.COMPLETED, finished, rng.choice(ADVANCE_REASONS[Stage.COMPLETED])))
        return submitted, steps

    def _meeting_indices(self, count):
        """`count` committee meetings in order, one to four meetings apart."""
        last = len(self.meetings) - 1
        indices = [self.rng.randint(0, last + 1 - count)]
        for k in range(1, count):
            room = last - indices[-1] - (count - 1 - k)
            indices.append(indices[-1] + self.rng.randint(1, min(4, room)))
        return indices

    def decision(self, previous, to_stage, on, reason):
        """As in the demo (demo.decision), with the advisory board's recommendation two to six weeks before."""
        before = timedelta(weeks=self.rng.choice(RECOMMENDED_WEEKS_BEFORE))
        return decision(previous, to_stage, on, reason, recommended_before=before)

    # --- who, where, what

    def sponsors(self, wants_partners):
        """(lead sponsor id, [further sponsor ids]); a project looking for partners has a lead with needs."""
        rng = self.rng
        if wants_partners:
            lead = rng.choice(self.with_needs)
        else:
            lead = rng.choices(self.organisation_ids, cum_weights=self.cumulative)[0]
        wanted = min(weighted(rng, SPONSOR_COUNT_WEIGHTS), len(self.organisation_ids) - 1)
        further = []
        while len(further) < wanted:
            pk = rng.choices(self.organisation_ids, cum_weights=self.cumulative)[0]
            if pk != lead and pk not in further:
                further.append(pk)
        return lead, further

    def municipalities(self, lead):
        """1–3 places of Südwestfalen: the lead sponsor's seat when it is there, mostly in one district."""
        rng = self.rng
        seat = self.places.get(self.organisations[lead][2])
        first = seat if seat and rng.random() < 0.7 else rng.choice(list(self.places.values()))
        chosen = [first]
        for _pick in range(weighted(rng, PLACE_COUNT_WEIGHTS) - 1):
            same = rng.random() < 0.8
            pool = self.places_by_district[first.district] if same else list(self.places.values())
            place = rng.choice(pool)
            if place not in chosen:
                chosen.append(place)
        return chosen

    def texts(self, themenfeld, places, lead, further):
        """(title, summary, description); a title naming a second place adds it to `places` when missing."""
        rng = self.rng
        pairs, sentences = TEXTS[themenfeld.slug]
        if len(places) > 1:
            neighbour = places[1]
        else:  # titles such as "Rufbus zwischen A und B" name a second place
            nearby = [place for place in self.places_by_district[places[0].district] if place != places[0]]
            neighbour = rng.choice(nearby or list(self.places.values()))
        values = {
            "place": places[0].name,
            "place2": neighbour.name,
            "in_district": IN_DISTRICT.get(places[0].district, "in Südwestfalen"),
        }
        for _attempt in range(10):
            pair = rng.choice(pairs)
            title, summary = pair[0].format(**values), pair[1].format(**values)
            if title not in self.titles:
                break
        else:  # the same place and field several times: number them
            numbered = (f"{title} ({n})" for n in range(2, len(self.titles) + 3))
            title = next(candidate for candidate in numbered if candidate not in self.titles)
        self.titles.add(title)
        if "{place2}" in pair[0] + pair[1] and neighbour not in places:
            places.append(neighbour)
        parts = [sentence.format(**values) for sentence in rng.sample(sentences, rng.randint(2, 4))]
        parts.append(f"Projektträger: {self.organisations[lead][0]}.")
        if further:
            parts.append("Partner: " + ", ".join(self.organisations[pk][0] for pk in further) + ".")
        parts.append(GENERATED_NOTE)
        return title, summary, " ".join(parts)

    def dna(self):
        rng = self.rng
        digital, sustainable, authentic = rng.random() < 0.85, rng.random() < 0.45, rng.random() < 0.5
        return digital or not (sustainable or authentic), sustainable, authentic

    def funding(self, stage, reached):
        """[(source, amount)] that fits the stage the project reached (withdrawn ones: what they had)."""
        rng = self.rng
        lines = []
        if reached == Stage.IDEA:
            if rng.random() < 0.3:
                lines.append(FundingSource.OWN)
        else:
            lines.append(FundingSource.REGIONALE)
            if STARS[reached] >= 2 and rng.random() < 0.8:
                lines.append(rng.choice(CO_FUNDING))
            if STARS[reached] >= 3 and rng.random() < 0.3:
                other = rng.choice(CO_FUNDING)
                if other not in lines:
                    lines.append(other)
            if rng.random() < 0.5:
                lines.append(FundingSource.OWN)
        if stage == Stage.WITHDRAWN and rng.random() < 0.5:
            lines = lines[:1]
        return [(source, Decimal(rng.randint(*FUNDING_RANGES[source]) * 1000)) for source in lines]

    def updates(self, steps, place):
        """[(date, title, text)]: news after one or two of the steps the project took."""
        rng = self.rng
        if rng.random() >= UPDATE_SHARE:
            return []
        reached = {to_stage: on for to_stage, on, _reason in steps}
        possible = [(reached[stage], texts) for stage, texts in UPDATES if stage in reached]
        news = []
        for on, texts in sorted(rng.sample(possible, min(len(possible), rng.randint(1, 2)))):
            title, text = rng.choice(texts)
            values = {"n": rng.randint(6, 40), "place": place.name}
            day = min(on + timedelta(days=rng.randint(3, 60)), self.today)
            news.append((day, title.format(**values), text.format(**values)))
        return news

    # --- into the database, through the workflow

    def project(self, index, stage, wants_partners):
        rng, curator = self.rng, self.curator
        submitted, steps = self.path(stage)
        themenfeld = rng.choice(self.themenfelder)
        lead, further = self.sponsors(wants_partners)
        places = self.municipalities(lead)
        title, summary, description = self.texts(themenfeld, places, lead, further)
        digital, sustainable, authentic = self.dna()
        project = Project(
            title=title,
            slug=f"{PREFIX}{index:04d}-{german_slugify(title)}"[:220].rstrip("-"),
            summary=summary,
            description=description,
            lead_sponsor_id=lead,
            handlungsfeld=themenfeld.handlungsfeld,
            themenfeld=themenfeld,
            dna_digital=digital,
            dna_sustainable=sustainable,
            dna_authentic=authentic,
            website=f"https://www.{german_slugify(title)[:40].rstrip('-')}.example" if rng.random() < 0.3 else "",
            is_example=True,
            stage_since=submitted,
            created=_at(submitted),
        )
        project._history_user = curator
        project.save()
        project.municipalities.set(places)
        if further:
            project.sponsors.set(further)
        needs = []
        if wants_partners:
            needs = rng.sample(self.needs[lead], min(len(self.needs[lead]), rng.randint(1, 2)))
            project.needs.set(needs)
        services.record_creation(project, by=curator, decided_on=submitted)
        for to_stage, on, reason in steps:
            services.move(project, to_stage, self.decision(project.stage, to_stage, on, reason), by=curator)
        reached = stage  # a withdrawn project keeps the funding lines of the stage it left, declined
        if stage == Stage.WITHDRAWN:
            reached = steps[-2][0] if len(steps) > 1 else Stage.IDEA
        for source, amount in self.funding(stage, reached):
            line = FundingLine(project=project, source=source, amount=amount, status=funding_status(stage, source))
            line._history_user = curator
            line.save()
        news = self.updates(steps, places[0]) if stage != Stage.IDEA else []
        for day, news_title, text in news:
            update = ProjectUpdate(project=project, title=news_title, body=text, published_on=day, author=curator)
            update._history_user = curator
            update.save()
        first_star = next((on for to_stage, on, _reason in steps if to_stage == Stage.STAR_1), None)
        return project, first_star, len(steps) + 1, len(news), bool(needs)

    def publish(self, made):
        """Publish every project that got a star (dated a few days after the first star) and feature a few of the
        published ones that are still on the path, from the second star on where there are enough."""
        rng, curator = self.rng, self.curator
        published = [project for project, first_star, *_rest in made if first_star]
        current = [project for project in published if project.stage != Stage.WITHDRAWN]
        later = [project for project in current if project.stage != Stage.STAR_1]
        wanted = min(round(len(made) * FEATURED_SHARE), len(current))
        featured = rng.sample(later, min(wanted, len(later)))
        featured += rng.sample([project for project in current if project not in featured], wanted - len(featured))
        now = timezone.now()
        for project, first_star, *_rest in made:
            if not first_star:
                continue
            project.published = True
            project.published_at = min(_at(first_star + timedelta(days=rng.randint(1, 21))), now)
            project.featured = project in featured
            project._history_user = curator
            project._change_reason = "Published and featured" if project.featured else "Published"
            project.save(update_fields=["published", "published_at", "featured", "updated"])
        return len(published), len(featured)


def generate(count=100, seed=1, today=None):
    """Replace the bulk set by `count` projects generated from `seed`; returns a Result with timings per phase."""
    if count < 0:
        raise ValueError("The number of projects must not be negative.")
    started = time.perf_counter()
    clock = Clock()
    rng = random.Random(seed)  # noqa: S311 - seeded generator for reproducible fake data, not for secrets
    today = today or timezone.localdate()
    result = Result()
    with transaction.atomic():
        result.deleted = delete()
        clock.lap("delete the previous set")
        curator = User.objects.create(email=CURATOR_EMAIL, name="Kuratorin (generiert)", password="!bulk")  # noqa: S106 - an unusable password (Django's '!' prefix): nobody logs in with it
        generator = _Generator(rng, today, curator)
        if not generator.organisation_ids:
            raise RuntimeError("No generated organisations: run `manage.py seed_bulk` first.")
        if not generator.themenfelder or not generator.places or len(generator.meetings) < 5:
            raise RuntimeError("Reference data (municipalities and Themenfelder) is missing: run migrate first.")
        clock.lap("read organisations and needs")
        stages = generator.stages(count)
        partners = generator.looking_for_partners(stages)
        made = [generator.project(index, stage, index - 1 in partners) for index, stage in enumerate(stages, start=1)]
        clock.lap("projects through the workflow")
        result.published, result.featured = generator.publish(made)
        clock.lap("publish and feature")
    analyse()
    clock.lap("analyse (PostgreSQL)")
    result.projects = len(made)
    result.stages = dict(Counter(project.stage for project, *_rest in made))
    result.transitions = sum(row[2] for row in made)
    result.updates = sum(row[3] for row in made)
    result.with_needs = sum(row[4] for row in made)
    result.funding_lines = FundingLine.objects.filter(project__in=bulk_projects().values("pk")).count()
    result.history_rows = history_rows(list(bulk_projects().values_list("pk", flat=True)))
    result.seconds = time.perf_counter() - started
    result.timings = clock.timings
    return result
