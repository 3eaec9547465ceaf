"""Demo needs and offers: firms in Südwestfalen looking for partners, universities, institutes and start-ups
offering what they can do. Built on the organisations of companies/demo.py (found by slug, or through the demo
owner's and founder's memberships); an organisation that is missing is skipped.

Covers every type, one anonymous need, one members-only offer, one closed need and one need that expires within
ten days (for the expiry reminder). Idempotent: keyed on organisation and title; the dates are refreshed relative
to today, so that a demo seeded again months later is current again.
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from companies.models import Kind, Organisation, Role, Topic
from portal.lib.demo import register

from .models import LIFETIME, BudgetBand, Entry, EntryStatus, EntryType, Reach, Side, Visibility

OWNER_FIRM = "owner's firm"  # the firm the demo owner (and the demo editor) manage
FOUNDER_STARTUP = "founder's start-up"
DEMO_PEOPLE = {
    OWNER_FIRM: ("inhaberin@demo.brueckenschlag.example", Kind.FIRM),
    FOUNDER_STARTUP: ("gruenderin@demo.brueckenschlag.example", Kind.STARTUP),
}

NEEDS = [
    {
        "organisation": OWNER_FIRM,
        "type": EntryType.TECHNOLOGY,
        "title": "Predictive Maintenance für Umformpressen",
        "description": (
            "Unsere zwölf Exzenter- und Hydraulikpressen fallen immer wieder ungeplant aus; ein Stillstand kostet "
            "uns pro Schicht einen fünfstelligen Betrag. Die Pressen liefern bereits Kraft- und Schwingungsdaten, "
            "die wir bisher nur speichern.\n\nWir suchen einen Partner, der daraus ein Modell zur "
            "Ausfallvorhersage entwickelt und es mit uns im laufenden Betrieb erprobt."
        ),
        "topics": ["ai", "data-analytics", "iot-industrie-40"],
        "keywords": ["predictive maintenance", "schwingungsanalyse", "umformtechnik"],
        "reach": Reach.RADIUS,
        "reach_km": 150,
        "partner_kinds": [Kind.UNIVERSITY, Kind.INSTITUTE, Kind.STARTUP],
        "budget_band": BudgetBand.UP_TO_100K,
        "age": 12,
    },
    {
        "organisation": OWNER_FIRM,
        "type": EntryType.TECHNOLOGY,
        "title": "OPC-UA-Anbindung alter Maschinen",
        "description": (
            "Rund die Hälfte unseres Maschinenparks ist älter als 20 Jahre und hat keine Schnittstelle. Wir möchten "
            "Stückzahlen, Stillstände und Energieverbrauch dieser Maschinen erfassen, ohne in die Steuerungen "
            "einzugreifen.\n\nGesucht: Nachrüst-Sensorik mit OPC-UA-Server, die unsere Instandhaltung selbst "
            "betreuen kann."
        ),
        "topics": ["iot-industrie-40", "cloud-infrastructure"],
        "keywords": ["opc ua", "retrofit", "edge computing"],
        "partner_kinds": [Kind.STARTUP, Kind.FIRM],
        "budget_band": BudgetBand.UP_TO_25K,
        "age": 176,
        "expires_in": 7,  # the expiry reminder is due
    },
    {
        "organisation": OWNER_FIRM,
        "type": EntryType.BUSINESS,
        "title": "ERP-Auswahl für die Fertigung",
        "description": (
            "Wir lösen unser selbst entwickeltes Warenwirtschaftssystem ab und suchen eine neutrale Beratung für "
            "Lastenheft und Anbieterauswahl. Schwerpunkt: Auftragsfertigung mit vielen Varianten."
        ),
        "topics": ["process-erp", "digital-strategy"],
        "keywords": ["erp-einführung", "lastenheft"],
        "reach": Reach.SUEDWESTFALEN,
        "partner_kinds": [Kind.FIRM, Kind.PUBLIC_BODY],
        "budget_band": BudgetBand.UP_TO_25K,
        "status": EntryStatus.CLOSED,
        "age": 95,
    },
    {
        "organisation": "trilux",
        "type": EntryType.THESIS,
        "title": "Masterarbeit: KI-gestützte Qualitätsprüfung",
        "description": (
            "In der Endkontrolle prüfen wir Leuchten heute per Sichtprüfung. In einer Masterarbeit soll untersucht "
            "werden, ob eine Bildverarbeitung mit neuronalen Netzen Kratzer, Lunker und Farbabweichungen "
            "zuverlässig erkennt.\n\nWir bieten Betreuung im Werk Arnsberg, Testdaten und eine Vergütung."
        ),
        "topics": ["ai", "data-analytics"],
        "keywords": ["bildverarbeitung", "deep learning", "qualitätsprüfung"],
        "partner_kinds": [Kind.UNIVERSITY],
        "deadline": 60,
        "age": 5,
    },
    {
        "organisation": "demo-002-sauerland-verpackung-gmbh-co-kg",
        "type": EntryType.TECHNOLOGY,
        "title": "Energiemonitoring für Extrusionslinien",
        "description": (
            "Unsere drei Extrusionslinien brauchen rund 70 % unseres Stroms. Für das Energieaudit nach ISO 50001 "
            "wollen wir den Verbrauch je Linie und Auftrag messen und auswerten. Förderung über das Programm "
            "„Energieeffizienz in der Wirtschaft“ ist beantragt."
        ),
        "topics": ["sustainability", "iot-industrie-40", "data-analytics"],
        "keywords": ["energiemonitoring", "iso 50001"],
        "reach": Reach.SUEDWESTFALEN,
        "partner_kinds": [Kind.FIRM, Kind.STARTUP],
        "budget_band": BudgetBand.FUNDED,
        "age": 30,
    },
    {
        "organisation": "demo-025-sauerland-drahtwerk-gmbh-co-kg",
        "type": EntryType.RESEARCH,
        "title": "Digitaler Zwilling der Drahtzieherei",
        "description": (
            "Für ein Verbundprojekt suchen wir Forschungspartner: Ein digitaler Zwilling soll Ziehgeschwindigkeit, "
            "Schmierung und Werkzeugverschleiß so abbilden, dass wir Ausschuss vorhersagen und Rüstzeiten "
            "verkürzen. Wir bringen Prozesswissen und Versuchsanlagen ein."
        ),
        "topics": ["data-analytics", "iot-industrie-40", "ai"],
        "keywords": ["digitaler zwilling", "simulation", "drahtziehen"],
        "partner_kinds": [Kind.UNIVERSITY, Kind.INSTITUTE],
        "budget_band": BudgetBand.FUNDED,
        "deadline": 45,
        "age": 21,
    },
    {
        "organisation": "demo-037-lenne-maschinenbau-kg",
        "type": EntryType.BUSINESS,
        "title": "NIS2: Sicherheitskonzept für die Produktion",
        "description": (
            "Als Zulieferer fallen wir künftig unter NIS2. Wir brauchen eine Bestandsaufnahme unserer "
            "Produktionsnetze, ein Sicherheitskonzept nach IEC 62443 und Schulungen für die Instandhaltung. "
            "Wir bleiben bis zum ersten Gespräch lieber ungenannt."
        ),
        "topics": ["it-security"],
        "keywords": ["nis2", "ot-security", "iec 62443"],
        "reach": Reach.RADIUS,
        "reach_km": 100,
        "partner_kinds": [Kind.FIRM, Kind.STARTUP, Kind.UNIVERSITY],
        "budget_band": BudgetBand.UP_TO_25K,
        "visibility": Visibility.ANONYMOUS,
        "age": 8,
    },
    {
        "organisation": "demo-049-ruhr-stahlbau-ag",
        "type": EntryType.PILOT,
        "title": "Cobot-Schweißen für Kleinserien: Pilotbetrieb gesucht",
        "description": (
            "Wir schweißen Stahlbaugruppen in Losgrößen von 1 bis 20. Wir stellen eine Schweißzelle und "
            "Bauteile für einen dreimonatigen Pilotbetrieb und suchen einen Anbieter von Cobot-Schweißsystemen "
            "oder eine Hochschule, die die Programmierung per Vormachen mit uns erprobt."
        ),
        "topics": ["robotics-automation"],
        "keywords": ["cobot", "schweißen", "losgröße 1"],
        "partner_kinds": [Kind.STARTUP, Kind.FIRM, Kind.UNIVERSITY],
        "age": 44,
    },
    {
        "organisation": "demo-052-olpe-leuchten-ag",
        "type": EntryType.TECHNOLOGY,
        "title": "Lagerplatzoptimierung und Kommissionierung",
        "description": (
            "Unser Ersatzteillager wächst, die Wege werden länger. Wir suchen Unterstützung bei der Analyse der "
            "Zugriffshäufigkeiten, einer neuen Lagerplatzvergabe und der Frage, ob sich ein automatisches "
            "Kleinteilelager lohnt."
        ),
        "topics": ["logistics", "robotics-automation", "process-erp"],
        "keywords": ["lagerautomatisierung", "kommissionierung", "lagerverwaltung"],
        "partner_kinds": [Kind.INSTITUTE, Kind.STARTUP],
        "budget_band": BudgetBand.UP_TO_100K,
        "age": 63,
    },
    {
        "organisation": "demo-032-lippe-oberflaechentechnik-ag",
        "type": EntryType.THESIS,
        "title": "Bachelorarbeit: Dashboard für Galvanik-Prozessdaten",
        "description": (
            "Temperaturen, Stromdichten und Badanalysen unserer Galvanik liegen in drei Systemen. In einer "
            "Bachelorarbeit soll ein Dashboard entstehen, das Schichtleitern Abweichungen früh zeigt. Python- "
            "oder Web-Kenntnisse sind hilfreich, Chemie lernen Sie bei uns."
        ),
        "topics": ["data-analytics"],
        "keywords": ["python", "dashboard", "galvanik"],
        "reach": Reach.RADIUS,
        "reach_km": 80,
        "partner_kinds": [Kind.UNIVERSITY],
        "age": 15,
    },
    {
        "organisation": "demo-058-hellweg-elektronik-gmbh",
        "type": EntryType.BUSINESS,
        "title": "B2B-Webshop mit ERP-Anbindung",
        "description": (
            "Unsere Geschäftskunden bestellen Ersatzteile noch per Fax und E-Mail. Wir suchen eine Agentur oder "
            "ein Start-up, das einen B2B-Shop mit kundenindividuellen Preisen an unser SAP-System anbindet."
        ),
        "topics": ["platforms-ecommerce", "process-erp"],
        "keywords": ["b2b-shop", "sap", "schnittstelle"],
        "partner_kinds": [Kind.FIRM, Kind.STARTUP],
        "budget_band": BudgetBand.UP_TO_25K,
        "age": 52,
    },
    {
        "organisation": "demo-010-lippe-kunststofftechnik-ag",
        "type": EntryType.BUSINESS,
        "title": "Digitalisierungs-Schulung für Schichtleiter",
        "description": (
            "Mit dem neuen Leitstand ändert sich die Arbeit unserer 18 Schichtleiter. Gesucht ist ein "
            "Schulungskonzept aus Präsenztagen und kurzen E-Learning-Einheiten, das auch Kolleginnen und Kollegen "
            "ohne IT-Erfahrung mitnimmt."
        ),
        "topics": ["qualification", "digital-strategy"],
        "keywords": ["e-learning", "weiterbildung"],
        "reach": Reach.SUEDWESTFALEN,
        "partner_kinds": [Kind.PUBLIC_BODY, Kind.UNIVERSITY, Kind.FIRM],
        "budget_band": BudgetBand.UNDER_5K,
        "age": 2,
    },
]

OFFERS = [
    {
        "organisation": "tu-dortmund",
        "type": EntryType.THESIS,
        "title": "Abschlussarbeiten in der Logistik mit Themen aus Ihrer Praxis",
        "description": (
            "Studierende der Logistik und des Wirtschaftsingenieurwesens schreiben ihre Bachelor- und "
            "Masterarbeiten gern an echten Fragen. Sie bringen die Aufgabe und die Daten mit, wir die "
            "wissenschaftliche Betreuung."
        ),
        "topics": ["logistics", "data-analytics"],
        "keywords": ["abschlussarbeit", "lieferkette"],
        "partner_kinds": [Kind.FIRM],
        "age": 40,
    },
    {
        "organisation": "tu-dortmund",
        "type": EntryType.RESEARCH,
        "title": "Forschungskooperation: Maschinelles Lernen für Produktionsdaten",
        "description": (
            "Unsere Arbeitsgruppe entwickelt Verfahren zur Anomalieerkennung in Zeitreihen von Maschinen und "
            "Anlagen. Für geförderte Verbundprojekte (z. B. ZIM, EFRE) suchen wir Unternehmen mit eigenen "
            "Produktionsdaten."
        ),
        "topics": ["ai", "data-analytics"],
        "keywords": ["zeitreihen", "anomalieerkennung", "predictive maintenance"],
        "partner_kinds": [Kind.FIRM],
        "budget_band": BudgetBand.FUNDED,
        "age": 18,
    },
    {
        "organisation": "fachhochschule-dortmund",
        "type": EntryType.BUSINESS,
        "title": "IT-Sicherheits-Check für kleine und mittlere Unternehmen",
        "description": (
            "In einem halbtägigen Workshop prüfen wir mit Ihnen Netzwerk, Zugänge und Notfallpläne und zeigen, "
            "was NIS2 für Sie bedeutet. Sie erhalten einen kurzen Bericht mit den dringendsten Maßnahmen."
        ),
        "topics": ["it-security"],
        "keywords": ["nis2", "awareness", "penetrationstest"],
        "partner_kinds": [Kind.FIRM, Kind.STARTUP],
        "budget_band": BudgetBand.UNDER_5K,
        "visibility": Visibility.MEMBERS,
        "age": 26,
    },
    {
        "organisation": "fachhochschule-dortmund",
        "type": EntryType.THESIS,
        "title": "Studentische Projekte: App- und Webentwicklung",
        "description": (
            "Im Projektsemester entwickeln Teams von vier bis sechs Studierenden der Informatik in zwölf Wochen "
            "einen Prototyp für Ihr Unternehmen – vom Kundenportal bis zur App für den Außendienst."
        ),
        "topics": ["platforms-ecommerce", "qualification"],
        "keywords": ["projektseminar", "web-entwicklung", "low-code"],
        "partner_kinds": [Kind.FIRM, Kind.PUBLIC_BODY],
        "deadline": 75,
        "age": 33,
    },
    {
        "organisation": "fraunhofer-iml",
        "type": EntryType.PILOT,
        "title": "Testfeld für autonome Intralogistik",
        "description": (
            "In unserer Versuchshalle testen Sie fahrerlose Transportsysteme, Drohnen und Greifroboter unter "
            "realistischen Bedingungen, bevor Sie investieren. Wir planen den Versuch mit Ihnen und werten ihn aus."
        ),
        "topics": ["logistics", "robotics-automation"],
        "keywords": ["fahrerlose transportsysteme", "testumgebung", "lagerautomatisierung"],
        "partner_kinds": [Kind.FIRM, Kind.STARTUP],
        "budget_band": BudgetBand.UP_TO_100K,
        "age": 70,
    },
    {
        "organisation": "fraunhofer-iml",
        "type": EntryType.TECHNOLOGY,
        "title": "Lieferketten-Simulation für den Mittelstand",
        "description": (
            "Mit unserem Simulationswerkzeug bilden wir Ihre Lieferkette ab und spielen Engpässe durch: Was "
            "passiert, wenn ein Lieferant ausfällt oder ein Hafen schließt? Ergebnis sind konkrete Maßnahmen für "
            "mehr Resilienz."
        ),
        "topics": ["logistics", "data-analytics"],
        "keywords": ["simulation", "lieferkette", "resilienz"],
        "partner_kinds": [Kind.FIRM],
        "budget_band": BudgetBand.UP_TO_25K,
        "age": 11,
    },
    {
        "organisation": "fraunhofer-isst",
        "type": EntryType.TECHNOLOGY,
        "title": "Datenräume: Daten sicher mit Partnern teilen",
        "description": (
            "Sie möchten Maschinendaten mit Kunden oder Lieferanten teilen, ohne die Kontrolle abzugeben? Wir "
            "helfen beim Aufbau eines Datenraums nach den Regeln von Gaia-X und der International Data Spaces "
            "Association."
        ),
        "topics": ["cloud-infrastructure", "data-analytics"],
        "keywords": ["datenraum", "gaia-x", "datensouveränität"],
        "partner_kinds": [Kind.FIRM],
        "budget_band": BudgetBand.UP_TO_100K,
        "age": 58,
    },
    {
        "organisation": "lamarr-institut-fuer-maschinelles-lernen-und-kuenstliche-intelligenz",
        "type": EntryType.RESEARCH,
        "title": "Erklärbare KI für die Qualitätssicherung",
        "description": (
            "Wenn eine KI ein Bauteil aussortiert, wollen Prüferinnen und Prüfer wissen, warum. Wir erforschen "
            "Verfahren, die Entscheidungen von Bildverarbeitungsmodellen nachvollziehbar machen, und suchen "
            "Anwendungspartner aus der Fertigung."
        ),
        "topics": ["ai"],
        "keywords": ["explainable ai", "bildverarbeitung", "qualitätsprüfung"],
        "partner_kinds": [Kind.FIRM],
        "budget_band": BudgetBand.FUNDED,
        "age": 9,
    },
    {
        "organisation": "universitaet-siegen",
        "type": EntryType.BUSINESS,
        "title": "Digitalisierungs-Check im European Digital Innovation Hub",
        "description": (
            "Der EDIH Südwestfalen bewertet mit Ihnen den digitalen Reifegrad Ihres Unternehmens und erarbeitet "
            "eine Roadmap mit ersten Projekten. Für kleine und mittlere Unternehmen ist das Angebot durch "
            "EU-Förderung kostenfrei."
        ),
        "topics": ["digital-strategy", "ai", "iot-industrie-40"],
        "keywords": ["edih", "reifegrad", "roadmap"],
        "reach": Reach.SUEDWESTFALEN,
        "partner_kinds": [Kind.FIRM, Kind.STARTUP],
        "budget_band": BudgetBand.FUNDED,
        "age": 90,
    },
    {
        "organisation": "universitaet-siegen",
        "type": EntryType.THESIS,
        "title": "Abschlussarbeiten in Maschinenbau und Informatik",
        "description": (
            "Studierende aus Siegen suchen Themen für Bachelor- und Masterarbeiten in Unternehmen der Region, "
            "gern zu Automatisierung, Sensorik und vernetzter Produktion."
        ),
        "topics": ["iot-industrie-40", "robotics-automation"],
        "keywords": ["abschlussarbeit", "sensorik"],
        "reach": Reach.SUEDWESTFALEN,
        "partner_kinds": [Kind.FIRM],
        "age": 24,
    },
    {
        "organisation": "fachhochschule-suedwestfalen",
        "type": EntryType.PILOT,
        "title": "Roboterlabor für Machbarkeitsstudien",
        "description": (
            "Bevor Sie einen Roboter kaufen: In unserem Labor in Iserlohn testen wir mit Ihren Bauteilen, ob "
            "Greifen, Schweißen oder Montieren mit einem Cobot gelingt, und ermitteln Taktzeiten."
        ),
        "topics": ["robotics-automation"],
        "keywords": ["cobot", "machbarkeitsstudie"],
        "reach": Reach.RADIUS,
        "reach_km": 80,
        "partner_kinds": [Kind.FIRM],
        "budget_band": BudgetBand.UNDER_5K,
        "age": 47,
    },
    {
        "organisation": "fachhochschule-suedwestfalen",
        "type": EntryType.RESEARCH,
        "title": "ERP-Einführung begleiten: Prozessaufnahme mit Studierenden",
        "description": (
            "Im Rahmen eines Forschungsseminars nehmen Studierende der Wirtschaftsinformatik Ihre Abläufe auf, "
            "modellieren sie in BPMN und zeigen Schwachstellen vor der ERP-Einführung."
        ),
        "topics": ["process-erp"],
        "keywords": ["erp-einführung", "bpmn", "prozessmodellierung"],
        "reach": Reach.SUEDWESTFALEN,
        "partner_kinds": [Kind.FIRM],
        "age": 36,
    },
    {
        "organisation": FOUNDER_STARTUP,
        "type": EntryType.TECHNOLOGY,
        "title": "Retrofit-Sensorik: Altmaschinen per OPC UA vernetzen",
        "description": (
            "Unsere Nachrüstbox erfasst Strom, Vibration und Takt einer Maschine ohne Eingriff in die Steuerung "
            "und stellt die Daten per OPC UA und MQTT bereit. Montage in unter einer Stunde je Maschine."
        ),
        "topics": ["iot-industrie-40", "cloud-infrastructure"],
        "keywords": ["opc ua", "retrofit", "edge computing"],
        "partner_kinds": [Kind.FIRM],
        "budget_band": BudgetBand.UP_TO_25K,
        "age": 6,
    },
    {
        "organisation": "demo-062-pilotsense",
        "type": EntryType.PILOT,
        "title": "Pilotkunde für Lager-Drohne gesucht",
        "description": (
            "Unsere Drohne fliegt nachts durch das Hochregallager und erfasst Bestände per Barcode und RFID. Für "
            "den nächsten Pilotbetrieb suchen wir ein Lager mit mindestens 2.000 Stellplätzen in Südwestfalen; "
            "die Pilotphase ist für Sie kostenlos."
        ),
        "topics": ["logistics", "robotics-automation"],
        "keywords": ["drohne", "inventur", "lagerautomatisierung"],
        "reach": Reach.SUEDWESTFALEN,
        "partner_kinds": [Kind.FIRM],
        "deadline": 30,
        "age": 3,
    },
    {
        "organisation": "demo-041-loopsense",
        "type": EntryType.BUSINESS,
        "title": "Energiemonitoring als Service",
        "description": (
            "Wir installieren Zähler an Ihren größten Verbrauchern und liefern monatlich einen Bericht mit "
            "Einsparpotenzialen, passend für Energieaudit und CO₂-Bilanz. Keine Investition, monatliche Gebühr."
        ),
        "topics": ["sustainability", "data-analytics"],
        "keywords": ["energiemonitoring", "iso 50001", "co2-bilanz"],
        "partner_kinds": [Kind.FIRM],
        "budget_band": BudgetBand.UNDER_5K,
        "age": 19,
    },
    {
        "organisation": "demo-083-datanexus",
        "type": EntryType.TECHNOLOGY,
        "title": "Schwingungsanalyse aus der Cloud",
        "description": (
            "Unsere Software erkennt Lagerschäden und Unwuchten aus Schwingungsdaten, Wochen bevor eine Maschine "
            "ausfällt. Sie läuft in einem deutschen Rechenzentrum oder auf einem Rechner in Ihrer Halle."
        ),
        "topics": ["ai", "data-analytics", "iot-industrie-40"],
        "keywords": ["predictive maintenance", "schwingungsanalyse"],
        "partner_kinds": [Kind.FIRM],
        "budget_band": BudgetBand.UP_TO_25K,
        "age": 14,
    },
]


def _organisations():
    """{key: organisation} for every key the entries use; missing organisations are left out."""
    slugs = {item["organisation"] for item in NEEDS + OFFERS} - set(DEMO_PEOPLE)
    found = {organisation.slug: organisation for organisation in Organisation.objects.filter(slug__in=slugs)}
    for key, (email, kind) in DEMO_PEOPLE.items():
        organisation = Organisation.objects.filter(
            memberships__user__email=email, memberships__role=Role.OWNER, kind=kind
        ).first()
        if organisation:
            found[key] = organisation
    return found


def _entry(side, item, organisation, author, topic_ids, today, now):
    item = dict(item)
    age = timedelta(days=item.pop("age"))
    topics, keywords = item.pop("topics"), item.pop("keywords")
    expires_in = item.pop("expires_in", None)
    deadline = item.pop("deadline", None)
    item.pop("organisation")
    fields = {
        "side": side,
        "municipality_id": organisation.municipality_id,
        "expires_on": today + timedelta(days=expires_in) if expires_in else today + LIFETIME - age,
        "deadline": today + timedelta(days=deadline) if deadline else None,
        "reminded_at": None,
        **item,
    }
    entry, _created = Entry.objects.update_or_create(
        organisation=organisation,
        title=item["title"],
        defaults=fields,
        create_defaults={**fields, "created_by": author, "created": now - age, "updated": now - age},
    )
    entry.topics.set([topic_ids[slug] for slug in topics if slug in topic_ids])
    entry.keywords.set(keywords)
    return entry


@register
def needs_and_offers():
    today, now = timezone.localdate(), timezone.now()
    organisations = _organisations()
    topic_ids = dict(Topic.objects.values_list("slug", "pk"))
    authors = {key: User.objects.filter(email=email).first() for key, (email, _kind) in DEMO_PEOPLE.items()}
    made = {Side.NEED: 0, Side.OFFER: 0}
    for side, items in [(Side.NEED, NEEDS), (Side.OFFER, OFFERS)]:
        for item in items:
            organisation = organisations.get(item["organisation"])
            if organisation:
                _entry(side, item, organisation, authors.get(item["organisation"]), topic_ids, today, now)
                made[side] += 1
    return [f"Needs and offers: {made[Side.NEED]} needs, {made[Side.OFFER]} offers"]
