"""Demo REGIONALE 2025 projects: 30 fictional examples (is_example) in all five districts of Südwestfalen, all three
Handlungsfelder, all nine Themenfelder and every stage, each moved there through services.move with committee
decisions from 2018 to 2025 (the advisory board's recommendation three weeks before), funding that fits the stage,
news on some, and partners wanted on a few (needs of the lead sponsor from matching/demo.py).

Sponsors are organisations of companies/demo.py, found by slug (the demo firm owner's firm through her membership);
a missing one is left out. Idempotent: a project whose slug exists is left as it is, so a curator's changes stay.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from companies.models import Kind, Municipality, Organisation, Role
from matching.models import Entry, Side
from portal.lib.demo import register
from portal.lib.text import german_slugify

from . import services
from .models import (
    STAR_AWARDS,
    DecisionBody,
    FundingLine,
    FundingSource,
    FundingStatus,
    Move,
    Project,
    ProjectUpdate,
    Stage,
    Themenfeld,
)

CURATOR = "kuratorin@demo.brueckenschlag.example"
OWNER = "inhaberin@demo.brueckenschlag.example"
OWNER_FIRM = "owner's firm"  # the firm the demo owner manages (matching/demo.py gives it its needs)

# The REGIONALE committee's meetings (fictional dates, about four months apart).
MEETINGS = [
    date(2018, 6, 14),
    date(2018, 11, 22),
    date(2019, 3, 28),
    date(2019, 7, 4),
    date(2019, 11, 21),
    date(2020, 3, 19),
    date(2020, 9, 24),
    date(2021, 3, 25),
    date(2021, 6, 24),
    date(2021, 11, 25),
    date(2022, 3, 24),
    date(2022, 7, 7),
    date(2022, 11, 24),
    date(2023, 3, 23),
    date(2023, 7, 6),
    date(2023, 11, 23),
    date(2024, 3, 21),
    date(2024, 7, 4),
    date(2024, 11, 21),
    date(2025, 3, 27),
]
RECOMMENDED_BEFORE = timedelta(weeks=3)
SUBMITTED_BEFORE = timedelta(days=150)

REASONS = {
    Stage.STAR_1: "Der Ausschuss zeichnet die Idee auf Empfehlung des Beirats als herausragend aus.",
    Stage.STAR_2: "Tragfähiges Konzept mit Kostenschätzung und Förderweg.",
    Stage.STAR_3: "Die Finanzierung ist gesichert; das Projekt wird umgesetzt.",
    Stage.IMPLEMENTATION: "Der Träger hat mit der Umsetzung begonnen.",
    Stage.COMPLETED: "Der Abschlussbericht liegt vor; das Projekt ist umgesetzt.",
}

REG, EFRE, STB, FED, NRW, OWN = (
    FundingSource.REGIONALE,
    FundingSource.EFRE,
    FundingSource.STAEDTEBAU,
    FundingSource.FEDERAL,
    FundingSource.STATE,
    FundingSource.OWN,
)


def stars(*meetings, started=None, completed=None):
    """The steps of a project on the path: a star at each of these meetings, then the start and the end."""
    steps = [(stage, MEETINGS[index], "") for stage, index in zip(STAR_AWARDS, meetings, strict=False)]
    if started:
        steps.append((Stage.IMPLEMENTATION, started, ""))
    if completed:
        steps.append((Stage.COMPLETED, completed, ""))
    return steps


PROJECTS = [
    # --- ideas, not yet published -------------------------------------------------------------------------------
    {
        "title": "Werkhalle Altena – offenes Retrofit-Labor",
        "summary": "Eine leerstehende Werkhalle wird zum offenen Labor, in dem kleine Betriebe alte Maschinen mit "
        "Sensorik nachrüsten und vernetzen.",
        "description": "Viele Betriebe im Volmetal arbeiten mit Maschinen, die älter als ihre Auszubildenden sind. Im "
        "Labor probieren sie gemeinsam mit Start-ups und der Fachhochschule aus, wie sich diese Maschinen ohne "
        "Eingriff in die Steuerung vernetzen lassen.",
        "places": ["Altena"],
        "themenfeld": "innovation-transfer",
        "dna": "da",
        "lead": OWNER_FIRM,
        "sponsors": ["fachhochschule-suedwestfalen"],
        "submitted_by": OWNER,
        "submitted": date(2025, 9, 8),
        "needs": ["OPC-UA-Anbindung alter Maschinen"],
    },
    {
        "title": "Dorfladen rund um die Uhr in Hallenberg",
        "summary": "Ein digitaler Dorfladen mit Selbstbedienung, regionalen Produkten und einem Treffpunkt für das "
        "Dorf.",
        "description": "Seit der letzte Lebensmittelladen geschlossen hat, fahren viele Hallenberger zum Einkaufen "
        "nach Winterberg. Ein kleiner Laden mit digitalem Zugang, Kasse per App und Regalen für Erzeuger aus dem "
        "Umland soll wieder einen Ort im Dorf schaffen.",
        "places": ["Hallenberg"],
        "themenfeld": "digitale-mitten",
        "dna": "dsa",
        "lead": "demo-020-flowforge",
        "submitted": date(2025, 5, 12),
    },
    {
        "title": "Pflege-Lotsen digital in Werl",
        "summary": "Ehrenamtliche Lotsinnen und Lotsen helfen pflegenden Angehörigen, digitale Angebote der Pflege "
        "zu finden und zu nutzen.",
        "description": "Pflegende Angehörige verlieren viel Zeit mit Anträgen und der Suche nach Entlastung. "
        "Geschulte Lotsen begleiten sie in Sprechstunden und zu Hause bei Videosprechstunde, Pflege-App und "
        "Online-Anträgen.",
        "places": ["Werl"],
        "themenfeld": "gesundheit",
        "dna": "da",
        "submitted": date(2025, 7, 21),
    },
    {
        "title": "Radwege-Sensorik im Lennetal",
        "summary": "Zählstellen und Sensoren zeigen, wo im Lennetal Radwege fehlen, und melden Schäden, bevor "
        "jemand stürzt.",
        "description": "Die Idee verbindet Radverkehrszählungen mit Meldungen aus der Bevölkerung. Die Daten sollen "
        "offen bereitgestellt werden, damit Kommunen ihre Radwegeplanung gemeinsam abstimmen können.",
        "places": ["Lennestadt"],
        "themenfeld": "mobilitaet",
        "dna": "ds",
        "submitted": date(2025, 10, 2),
    },
    # --- 1st star ---------------------------------------------------------------------------------------------
    {
        "title": "Lernende Pressen – KI-Transfer für die Umformtechnik",
        "summary": "Umformbetriebe im Märkischen Sauerland lernen gemeinsam, ihre Pressen mit KI vorausschauend zu "
        "warten.",
        "description": "Ein Verbund aus Betrieben und der Fachhochschule Südwestfalen sammelt Maschinendaten, "
        "entwickelt Modelle zur Ausfallvorhersage und teilt die Erfahrungen in einer offenen Werkstattreihe mit "
        "anderen Firmen der Region.",
        "places": ["Altena"],
        "themenfeld": "innovation-transfer",
        "dna": "d",
        "lead": OWNER_FIRM,
        "sponsors": ["fachhochschule-suedwestfalen"],
        "steps": stars(19),
        "funding": [(REG, 650_000), (OWN, 180_000)],
        "needs": ["Predictive Maintenance für Umformpressen"],
        "updates": [
            (
                date(2025, 6, 2),
                "Auftakt mit zwölf Betrieben",
                "Zum ersten Werkstatttreffen kamen Instandhalter aus zwölf Umformbetrieben. Gesucht werden weitere "
                "Partner für die Datenanalyse.",
            )
        ],
    },
    {
        "title": "Drahtwerk digital – Zwillinge für die Iserlohner Drahtindustrie",
        "summary": "Digitale Zwillinge machen die Prozesse der Drahtzieherei sichtbar und helfen, Ausschuss und "
        "Energie zu sparen.",
        "description": "Drahtziehereien aus Iserlohn entwickeln mit der Hochschule digitale Zwillinge ihrer Anlagen. "
        "Die Ergebnisse fließen in ein Lernangebot für Fachkräfte der ganzen Branche.",
        "places": ["Iserlohn"],
        "themenfeld": "innovation-transfer",
        "dna": "da",
        "lead": "demo-025-sauerland-drahtwerk-gmbh-co-kg",
        "sponsors": ["fachhochschule-suedwestfalen"],
        "steps": stars(18),
        "funding": [(REG, 900_000), (EFRE, 1_200_000)],
        "needs": ["Digitaler Zwilling der Drahtzieherei"],
    },
    {
        "title": "Co-Working-Pop-ups in leerstehenden Ladenlokalen",
        "summary": "Für jeweils drei Monate ziehen Co-Working-Flächen in leerstehende Geschäfte in Arnsberg und "
        "Sundern.",
        "description": "Pendlerinnen und Pendler arbeiten tageweise in ihrer Innenstadt statt im Büro in Dortmund "
        "oder Köln. Die Pop-ups bringen Leben in leere Schaufenster und zeigen Eigentümern, was aus ihren Flächen "
        "werden kann.",
        "places": ["Arnsberg", "Sundern"],
        "themenfeld": "neue-arbeitswelten",
        "dna": "dsa",
        "lead": "coworking-im-kaiserhaus",
        "sponsors": ["suedwestfalen-agentur"],
        "steps": stars(17),
        "funding": [(REG, 240_000), (NRW, 120_000)],
    },
    {
        "title": "Gesundheitskiosk Wittgenstein",
        "summary": "Ein Gesundheitskiosk mit Telemedizin und Pflegeberatung für Bad Berleburg und Bad Laasphe.",
        "description": "In Wittgenstein sind die Wege zur Fachärztin weit. Im Kiosk messen geschulte Fachkräfte "
        "Werte, verbinden per Video mit Praxen und Kliniken und beraten zu Prävention und Pflege.",
        "places": ["Bad Berleburg", "Bad Laasphe"],
        "themenfeld": "gesundheit",
        "dna": "da",
        "lead": "universitaet-siegen",
        "steps": stars(16),
        "funding": [(REG, 780_000), (FED, 400_000)],
    },
    {
        "title": "Smarte Dorfgemeinschaft Medebach",
        "summary": "Eine Dorf-App, vernetzte Straßenlaternen und ein Energiemonitor für das Gemeindehaus.",
        "description": "Die Dorfgemeinschaften rund um Medebach erproben, wie digitale Helfer den Alltag leichter "
        "machen: vom Mitfahrangebot über den Vereinskalender bis zur Anzeige, wie viel Strom die Solaranlage auf "
        "dem Gemeindehaus gerade erzeugt.",
        "places": ["Medebach"],
        "themenfeld": "smart-living",
        "dna": "ds",
        "lead": "demo-034-sparkgrid",
        "steps": stars(15),
        "funding": [(REG, 320_000)],
    },
    {
        "title": "Mitfahrbänke 2.0 zwischen Wenden und Drolshagen",
        "summary": "Digitale Mitfahrbänke zeigen an, wer in welche Richtung mitgenommen werden möchte.",
        "description": "Die Bänke an Ortsausgängen melden Fahrtwünsche an eine App und an Anzeigen an der Straße. "
        "Autofahrer sehen so, wer wohin möchte; Busse und Bürgerbusse werden eingebunden.",
        "places": ["Wenden", "Drolshagen"],
        "themenfeld": "mobilitaet",
        "dna": "dsa",
        "lead": "demo-054-haar-automotive-gmbh-co-kg",
        "sponsors": ["suedwestfalen-agentur"],
        "steps": stars(14),
        "funding": [(REG, 280_000), (NRW, 150_000)],
    },
    {
        "title": "Hellweg-Lernorte: digitale Bildung in Geseke",
        "summary": "Schulen, Bibliothek und Volkshochschule öffnen gemeinsame Lernorte mit Technik zum Ausprobieren.",
        "description": "Von der 3D-Druck-Werkstatt bis zum Programmierkurs für Seniorinnen: Die Lernorte stehen "
        "nachmittags und abends allen offen und werden von Ehrenamtlichen und Lehrkräften gemeinsam betreut.",
        "places": ["Geseke"],
        "themenfeld": "digitale-bildung",
        "dna": "da",
        "lead": "digitales-zentrum-mittelstand",
        "steps": stars(13),
        "funding": [(REG, 410_000), (OWN, 60_000)],
    },
    {
        "title": "Ehrenamtsbörse Attendorn",
        "summary": "Eine Plattform bringt Vereine und Menschen zusammen, die sich für ein paar Stunden engagieren "
        "möchten.",
        "description": "Vereine klagen über fehlenden Nachwuchs, viele Menschen möchten sich engagieren, aber nicht "
        "auf Jahre festlegen. Die Börse vermittelt kurze Einsätze und schult Vereine in digitaler Organisation.",
        "places": ["Attendorn"],
        "themenfeld": "teilhabe",
        "dna": "da",
        "lead": "suedwestfalen-agentur",
        "steps": stars(12),
        "funding": [(REG, 190_000)],
    },
    # --- 2nd star ---------------------------------------------------------------------------------------------
    {
        "title": "Digitale Lernwerkstatt für kleine Betriebe",
        "summary": "Kurze Lerneinheiten und Präsenztage machen Beschäftigte kleiner Betriebe im Siegerland fit für "
        "die Digitalisierung.",
        "description": "Die Lernwerkstatt bietet Kurse dort an, wo gearbeitet wird: in der Werkhalle, im Büro, am "
        "Tablet in der Pause. Betriebe aus Burbach entwickeln die Inhalte mit der Universität Siegen und teilen sie "
        "mit anderen kleinen Firmen.",
        "places": ["Burbach"],
        "themenfeld": "kompetenzlandschaft",
        "dna": "d",
        "lead": "demo-010-lippe-kunststofftechnik-ag",
        "sponsors": ["universitaet-siegen"],
        "steps": stars(9, 13),
        "funding": [(REG, 560_000), (EFRE, 740_000), (OWN, 120_000)],
        "needs": ["Digitalisierungs-Schulung für Schichtleiter"],
    },
    {
        "title": "Energieverbund Gewerbepark Arnsberg",
        "summary": "Betriebe eines Gewerbegebiets erzeugen, speichern und teilen ihre Energie gemeinsam.",
        "description": "Photovoltaik auf den Hallendächern, ein gemeinsamer Speicher und ein Messsystem, das den "
        "Verbrauch jeder Linie zeigt: Der Verbund soll Kosten senken und zeigen, wie ein Gewerbegebiet "
        "klimaneutral werden kann.",
        "places": ["Arnsberg"],
        "themenfeld": "innovation-transfer",
        "dna": "ds",
        "lead": "demo-002-sauerland-verpackung-gmbh-co-kg",
        "sponsors": ["trilux"],
        "steps": stars(8, 12),
        "funding": [(REG, 850_000), (EFRE, 1_600_000), (OWN, 900_000)],
        "needs": ["Energiemonitoring für Extrusionslinien"],
    },
    {
        "title": "Quartier am Bahnhof Lüdenscheid",
        "summary": "Das Bahnhofsumfeld wird zum Stadtquartier mit Hochschule, Werkstätten, Wohnen und einer "
        "digitalen Mobilitätsstation.",
        "description": "Auf Brachflächen am Bahnhof entsteht ein Quartier, in dem Studierende, Gründerinnen und "
        "Anwohner zusammenkommen. Das Konzept wurde nach einer Rückstufung überarbeitet und in Bauabschnitte "
        "geteilt.",
        "places": ["Lüdenscheid"],
        "themenfeld": "digitale-mitten",
        "dna": "dsa",
        "lead": "fachhochschule-suedwestfalen",
        "sponsors": ["suedwestfalen-agentur"],
        "steps": [
            (Stage.STAR_1, MEETINGS[7], ""),
            (Stage.STAR_2, MEETINGS[11], ""),
            (
                Stage.STAR_1,
                MEETINGS[14],
                "Die Finanzierung des zweiten Bauabschnitts ist nicht gesichert; der Träger überarbeitet das Konzept.",
            ),
            (Stage.STAR_2, MEETINGS[16], ""),
        ],
        "funding": [(REG, 1_400_000), (STB, 3_200_000), (OWN, 700_000)],
        "featured": True,
        "updates": [
            (
                date(2024, 4, 8),
                "Zweiter Stern nach Überarbeitung",
                "Mit dem geteilten Bauabschnitt und einer neuen Kostenschätzung hat der Ausschuss den zweiten Stern "
                "erneut vergeben.",
            )
        ],
    },
    {
        "title": "Telemedizin-Netz Hochsauerland",
        "summary": "Hausarztpraxen in Schmallenberg und Winterberg holen Fachärzte per Video in die Sprechstunde.",
        "description": "Praxen, Apotheken und ein Pflegedienst teilen sich Technik und eine Koordinationsstelle. "
        "Patientinnen sparen lange Fahrten, die Praxen gewinnen Zeit für die Versorgung vor Ort.",
        "places": ["Schmallenberg", "Winterberg"],
        "themenfeld": "gesundheit",
        "dna": "d",
        "lead": "demo-048-pilotflow",
        "sponsors": ["universitaet-siegen"],
        "steps": stars(6, 10),
        "funding": [(REG, 620_000), (NRW, 480_000)],
    },
    {
        "title": "Smart Living in der Soester Börde",
        "summary": "Barrierearme Musterwohnungen zeigen, wie digitale Assistenz älteren Menschen das Leben zu Hause "
        "erleichtert.",
        "description": "In Bad Sassendorf entstehen zwei Musterwohnungen mit Sturzerkennung, Lichtsteuerung und "
        "Videotelefonie. Handwerksbetriebe aus der Region lernen dort, solche Technik einzubauen.",
        "places": ["Bad Sassendorf"],
        "themenfeld": "smart-living",
        "dna": "ds",
        "lead": "demo-006-forgenexus",
        "steps": stars(10, 15),
        "funding": [(REG, 390_000), (EFRE, 520_000)],
    },
    {
        "title": "Mobilstationen in Kirchhundem",
        "summary": "An fünf Orten treffen Bus, E-Carsharing, Leihräder und Bürgerbus zusammen.",
        "description": "Die Mobilstationen liegen in den Ortsteilen, nicht nur im Zentrum. Eine gemeinsame Buchung "
        "und Echtzeitanzeigen machen das Umsteigen einfach.",
        "places": ["Kirchhundem"],
        "themenfeld": "mobilitaet",
        "dna": "sa",
        "lead": "demo-027-forgedata",
        "steps": stars(11, 17),
        "funding": [(REG, 470_000), (FED, 830_000)],
    },
    # --- 3rd star ---------------------------------------------------------------------------------------------
    {
        "title": "KI-Infrastruktur für Innovation in Südwestfalen",
        "summary": "Rechenkapazität, Datenräume und Beratung, damit mittelständische Firmen eigene KI-Anwendungen "
        "entwickeln können.",
        "description": "Die Universität Siegen und die Fachhochschule Südwestfalen betreiben gemeinsam eine "
        "KI-Plattform für die Region. Firmen erhalten Zugang zu Rechenleistung, sicheren Datenräumen und einem "
        "Team, das erste Anwendungen mit ihnen umsetzt.",
        "places": ["Siegen"],
        "themenfeld": "innovation-transfer",
        "dna": "d",
        "lead": "universitaet-siegen",
        "sponsors": ["fachhochschule-suedwestfalen", "suedwestfalen-agentur"],
        "steps": stars(4, 8, 13),
        "funding": [(REG, 2_400_000), (EFRE, 4_100_000), (OWN, 650_000)],
        "featured": True,
        "updates": [
            (
                date(2023, 5, 10),
                "Förderbescheid übergeben",
                "Mit dem Bescheid aus dem EFRE/JTF-Programm NRW ist die Finanzierung gesichert. Die ersten "
                "Rechenknoten werden im Herbst installiert.",
            ),
            (
                date(2025, 2, 17),
                "Zwanzig Firmen nutzen die Plattform",
                "Nach einem Jahr Betrieb arbeiten zwanzig Firmen aus allen fünf Kreisen mit der Plattform.",
            ),
        ],
    },
    {
        "title": "Digitale Mitte Brilon",
        "summary": "Der Marktplatz wird mit einem digitalen Bürgerbüro, freiem WLAN und einer Stadtinformation zum "
        "Treffpunkt.",
        "description": "Ein leerstehendes Geschäftshaus am Markt wird umgebaut: unten Bürgerbüro und Stadtinformation, "
        "oben Räume für Vereine und digitale Sprechstunden der Verwaltung.",
        "places": ["Brilon"],
        "themenfeld": "digitale-mitten",
        "dna": "da",
        "lead": "suedwestfalen-agentur",
        "sponsors": ["demo-069-pulsebot"],
        "steps": stars(5, 9, 14),
        "funding": [(REG, 1_100_000), (STB, 2_300_000), (OWN, 500_000)],
    },
    {
        "title": "Lernfabrik Hemer",
        "summary": "Eine Lernfabrik zeigt Auszubildenden und Beschäftigten vernetzte Produktion zum Anfassen.",
        "description": "Betriebe aus Hemer bauen mit der Fachhochschule eine kleine, voll vernetzte Fertigungslinie "
        "auf. Schulklassen, Auszubildende und Beschäftigte lernen dort an echten Maschinen.",
        "places": ["Hemer"],
        "themenfeld": "digitale-bildung",
        "dna": "d",
        "lead": "demo-022-bigge-oberflaechentechnik-gmbh-co-kg",
        "sponsors": ["fachhochschule-suedwestfalen"],
        "steps": stars(3, 7, 12),
        "funding": [(REG, 780_000), (EFRE, 950_000)],
    },
    {
        "title": "Soester Altstadt digital erleben",
        "summary": "Eine Erlebnisführung mit Audio und erweiterter Realität erzählt die Geschichte der Hansestadt.",
        "description": "Gäste und Soesterinnen entdecken Kirchen, Wälle und Höfe mit dem eigenen Telefon. Vereine "
        "und Schulen schreiben die Geschichten, das Angebot ist barrierearm und auch in Leichter Sprache verfügbar.",
        "places": ["Soest"],
        "themenfeld": "teilhabe",
        "dna": "da",
        "lead": "digitales-zentrum-mittelstand",
        "steps": stars(5, 9, 15),
        "funding": [(REG, 420_000), (NRW, 260_000)],
    },
    {
        "title": "Werkstattquartier Olpe",
        "summary": "Ein ehemaliges Fabrikgelände wird zum Quartier für Handwerk, Start-ups und Co-Working.",
        "description": "Alte Hallen bleiben erhalten und werden energetisch saniert. Betriebe teilen sich Werkstätten, "
        "Maschinen und einen Showroom; ein Co-Working-Bereich zieht Pendler zurück in die Stadt.",
        "places": ["Olpe"],
        "themenfeld": "neue-arbeitswelten",
        "dna": "dsa",
        "lead": "suedwestfalen-agentur",
        "sponsors": ["demo-043-olpe-maschinenbau-kg"],
        "steps": stars(6, 10, 16),
        "funding": [(REG, 1_300_000), (STB, 2_100_000), (OWN, 800_000)],
    },
    # --- in implementation ------------------------------------------------------------------------------------
    {
        "title": "Co-Working im alten Bahnhof Finnentrop",
        "summary": "Das Bahnhofsgebäude wird zum Arbeitsort für Pendler, Selbstständige und Vereine.",
        "description": "Zwölf Arbeitsplätze, zwei Besprechungsräume und ein Café im Wartesaal: Der Bahnhof wird "
        "wieder ein Ort, an dem man sich trifft. Die Züge nach Siegen und Hagen halten vor der Tür.",
        "places": ["Finnentrop"],
        "themenfeld": "neue-arbeitswelten",
        "dna": "dsa",
        "lead": "coworking-im-kaiserhaus",
        "sponsors": ["suedwestfalen-agentur"],
        "steps": stars(2, 5, 8, started=date(2021, 10, 4)),
        "funding": [(REG, 690_000), (STB, 1_050_000), (OWN, 210_000)],
        "featured": True,
        "updates": [
            (
                date(2021, 10, 11),
                "Baustart im Wartesaal",
                "Die Sanierung des Bahnhofsgebäudes hat begonnen. Eröffnung ist für das Frühjahr 2023 geplant.",
            ),
            (
                date(2023, 4, 24),
                "Die ersten Plätze sind belegt",
                "Seit der Eröffnung arbeiten täglich bis zu zehn Menschen im alten Bahnhof.",
            ),
        ],
    },
    {
        "title": "Vernetzte Nachbarschaft Netphen",
        "summary": "Intelligente Straßenbeleuchtung und eine Nachbarschafts-App für die Ortsteile von Netphen.",
        "description": "Die Leuchten dimmen, wenn niemand unterwegs ist, und messen Temperatur und Luftqualität. Die "
        "App verbindet Nachbarn für Einkaufshilfen, Fahrgemeinschaften und Vereinsleben.",
        "places": ["Netphen"],
        "themenfeld": "smart-living",
        "dna": "ds",
        "lead": "demo-040-rothaar-leuchten-gmbh",
        "steps": stars(3, 6, 9, started=date(2022, 3, 14)),
        "funding": [(REG, 540_000), (EFRE, 620_000)],
        "updates": [
            (
                date(2023, 9, 18),
                "Erste Ortsteile leuchten smart",
                "In vier Ortsteilen sind die neuen Leuchten installiert; der Stromverbrauch sinkt um mehr als die "
                "Hälfte.",
            )
        ],
    },
    {
        "title": "Gesundheitscampus Meschede",
        "summary": "Hochschule, Klinik und Praxen bilden gemeinsam für eine digitale Gesundheitsversorgung aus.",
        "description": "Auf dem Campus lernen Studierende, Pflegekräfte und Ärztinnen mit Telemedizin, digitaler "
        "Dokumentation und Simulationspuppen. Ein Versorgungslabor erprobt neue Angebote für den ländlichen Raum.",
        "places": ["Meschede"],
        "themenfeld": "gesundheit",
        "dna": "da",
        "lead": "fachhochschule-suedwestfalen",
        "steps": stars(1, 4, 7, started=date(2021, 7, 1)),
        "funding": [(REG, 1_600_000), (NRW, 2_200_000), (FED, 900_000)],
        "updates": [
            (
                date(2024, 10, 1),
                "Versorgungslabor eröffnet",
                "Im neuen Versorgungslabor üben Studierende die Videosprechstunde mit Praxen aus dem Umland.",
            )
        ],
    },
    {
        "title": "Hönnetal mobil – Rufbus auf Abruf",
        "summary": "Ein Rufbus fährt auf Bestellung per App oder Telefon zwischen Neuenrade und Balve.",
        "description": "Kleine Busse ohne festen Fahrplan bündeln Fahrtwünsche und verbinden die Dörfer mit den "
        "Bahnhöfen. Wer kein Telefon mit App hat, bestellt einfach per Anruf.",
        "places": ["Neuenrade", "Balve"],
        "themenfeld": "mobilitaet",
        "dna": "ds",
        "lead": "demo-041-loopsense",
        "steps": stars(4, 7, 11, started=date(2022, 11, 2)),
        "funding": [(REG, 880_000), (FED, 1_300_000)],
    },
    # --- completed --------------------------------------------------------------------------------------------
    {
        "title": "Digitale Werkbank Lippstadt",
        "summary": "Ein offenes Digitalisierungslabor, in dem kleine Firmen Technik ausprobieren, bevor sie "
        "investieren.",
        "description": "Von Sensorik über Cobots bis zur Buchhaltung in der Cloud: In der Werkbank testeten über 150 "
        "Betriebe Lösungen mit Beratern an ihrer Seite. Das Angebot wird heute vom Digitalen Zentrum "
        "Mittelstand weitergeführt.",
        "places": ["Lippstadt"],
        "themenfeld": "kompetenzlandschaft",
        "dna": "d",
        "lead": "digitales-zentrum-mittelstand",
        "sponsors": ["demo-031-hellweg-stahlbau-gmbh"],
        "steps": stars(0, 2, 4, started=date(2020, 2, 3), completed=date(2023, 6, 30)),
        "funding": [(REG, 950_000), (EFRE, 1_250_000), (OWN, 300_000)],
        "featured": True,
        "updates": [
            (
                date(2023, 7, 12),
                "Abschluss nach drei Jahren",
                "150 Betriebe, 40 Workshops, 12 umgesetzte Pilotprojekte: Die Digitale Werkbank zieht Bilanz.",
            )
        ],
    },
    {
        "title": "Medienwerkstatt Lennestadt",
        "summary": "Schulen und Jugendzentren produzieren gemeinsam Podcasts, Filme und Spiele.",
        "description": "Die Medienwerkstatt stattete sechs Schulen mit Technik aus und bildete Lehrkräfte fort. "
        "Jugendliche betreiben heute einen eigenen Podcast über das Leben im Sauerland.",
        "places": ["Lennestadt"],
        "themenfeld": "digitale-bildung",
        "dna": "da",
        "lead": "suedwestfalen-agentur",
        "steps": stars(0, 3, 5, started=date(2020, 8, 17), completed=date(2024, 7, 31)),
        "funding": [(REG, 360_000), (NRW, 240_000)],
        "updates": [
            (
                date(2024, 9, 2),
                "Die Werkstatt läuft weiter",
                "Nach dem Projektende übernehmen die Schulen die Werkstatt in eigener Regie.",
            )
        ],
    },
    # --- withdrawn --------------------------------------------------------------------------------------------
    {
        "title": "Bürgerbus-App Warstein",
        "summary": "Eine App sollte Fahrten der Bürgerbusse in Warstein buchbar machen.",
        "description": "Der Träger hat die Idee zurückgezogen, weil der Verkehrsverbund eine landesweite Lösung "
        "einführt. Die Erfahrungen fließen in den Rufbus im Hönnetal ein.",
        "places": ["Warstein"],
        "themenfeld": "mobilitaet",
        "dna": "d",
        "lead": "demo-052-olpe-leuchten-ag",
        "steps": [
            *stars(7),
            (
                Stage.WITHDRAWN,
                MEETINGS[10],
                "Der Verkehrsverbund führt eine landesweite Buchungs-App ein; eine eigene App lohnt sich nicht mehr.",
            ),
        ],
        "funding": [(EFRE, 180_000)],
    },
]

LATE_STAGES = (Stage.STAR_3, Stage.IMPLEMENTATION, Stage.COMPLETED)


def funding_status(stage, source):
    """Granted from the 3rd star on; applied for with a concept (2nd star); declined once withdrawn."""
    if stage in LATE_STAGES:
        return FundingStatus.GRANTED
    if stage == Stage.WITHDRAWN:
        return FundingStatus.DECLINED
    if stage == Stage.STAR_2 and source != FundingSource.OWN:
        return FundingStatus.APPLIED
    return FundingStatus.PROSPECT


def decision(previous, to_stage, on, reason, recommended_before=RECOMMENDED_BEFORE):
    """The committee awards the stars (on the advisory board's recommendation, `recommended_before` the decision)
    and decides on going back; the sponsor starts the work or withdraws; the Agentur confirms completion. Also
    used by the bulk set (regionale/bulk.py)."""
    kind = services.kind_of_move(previous, to_stage)
    reason = reason or REASONS.get(to_stage, "")
    if kind == Move.ADVANCE and to_stage in STAR_AWARDS:
        return services.Decision(on, DecisionBody.AUSSCHUSS, on - recommended_before, reason)
    body = {
        Stage.IMPLEMENTATION: DecisionBody.SPONSOR,
        Stage.COMPLETED: DecisionBody.AGENTUR,
        Stage.WITHDRAWN: DecisionBody.SPONSOR,
    }.get(to_stage, DecisionBody.AUSSCHUSS)
    return services.Decision(on, body, reason=reason)


def _at(day):
    return timezone.make_aware(datetime.combine(day, time(10)))


def _lookups():
    slugs = {spec.get("lead") for spec in PROJECTS} | {slug for spec in PROJECTS for slug in spec.get("sponsors", [])}
    organisations = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs - {OWNER_FIRM, None})}
    owner_firm = Organisation.objects.filter(
        memberships__user__email=OWNER, memberships__role=Role.OWNER, kind=Kind.FIRM
    ).first()
    if owner_firm:
        organisations[OWNER_FIRM] = owner_firm
    places = {m.name: m for m in Municipality.objects.filter(name__in={p for s in PROJECTS for p in s["places"]})}
    users = {u.email: u for u in User.objects.filter(email__in=[CURATOR, OWNER])}
    themenfelder = {t.slug: t for t in Themenfeld.objects.all()}
    return organisations, places, users, themenfelder


def _build(spec, organisations, places, users, themenfelder):
    curator = users.get(CURATOR)
    steps = spec.get("steps", [])
    submitted = spec.get("submitted") or steps[0][1] - SUBMITTED_BEFORE
    submitter = users.get(spec.get("submitted_by"))
    themenfeld = themenfelder.get(spec["themenfeld"])
    lead = organisations.get(spec.get("lead"))
    project = Project(
        title=spec["title"],
        slug=german_slugify(spec["title"]),
        summary=spec["summary"],
        description=spec["description"],
        lead_sponsor=lead,
        handlungsfeld=themenfeld.handlungsfeld if themenfeld else "raum",
        themenfeld=themenfeld,
        dna_digital="d" in spec["dna"],
        dna_sustainable="s" in spec["dna"],
        dna_authentic="a" in spec["dna"],
        is_example=True,
        submitted_by=submitter,
        stage_since=submitted,
        created=_at(submitted),
    )
    project._history_user = submitter or curator
    project.save()
    project.municipalities.set([places[name] for name in spec["places"] if name in places])
    project.sponsors.set([organisations[slug] for slug in spec.get("sponsors", []) if slug in organisations])
    if lead and spec.get("needs"):
        project.needs.set(Entry.objects.filter(organisation=lead, side=Side.NEED, title__in=spec["needs"]))
    services.record_creation(project, by=submitter or curator, decided_on=submitted)
    for to_stage, on, reason in steps:
        services.move(project, to_stage, decision(project.stage, to_stage, on, reason), by=curator)
    for source, amount in spec.get("funding", []):
        line = FundingLine(
            project=project, source=source, amount=Decimal(amount), status=funding_status(project.stage, source)
        )
        line._history_user = curator
        line.save()
    for published_on, title, body in spec.get("updates", []):
        update = ProjectUpdate(project=project, title=title, body=body, published_on=published_on, author=curator)
        update._history_user = curator
        update.save()
    return project


@register
def regionale_projects():
    organisations, places, users, themenfelder = _lookups()
    known = set(Project.objects.values_list("slug", flat=True))
    made = []
    with transaction.atomic():
        for spec in PROJECTS:
            if german_slugify(spec["title"]) not in known:
                made.append((spec, _build(spec, organisations, places, users, themenfelder)))
        curator = users.get(CURATOR)
        services.publish([project for spec, project in made if project.stage != Stage.IDEA], by=curator)
        services.set_featured([project for spec, project in made if spec.get("featured")], True, by=curator)
    examples = Project.objects.filter(is_example=True)
    return [
        f"REGIONALE 2025: {examples.count()} example projects in every stage, "
        f"{examples.filter(published=False).count()} unpublished ideas (one under “My ideas” of {OWNER})",
    ]
