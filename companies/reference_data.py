"""Reference data: the gazetteer (GeoNames, CC BY 4.0), the controlled topics (DOMAIN.md §4) and the WZ 2008
sections. Curators edit topics in the admin; this only fills in what is missing."""

import csv
from decimal import Decimal
from pathlib import Path

from portal.lib.text import german_slugify

CSV = Path(__file__).resolve().parent / "data" / "municipalities.csv"
DISTRICTS = {
    "Hochsauerlandkreis": "hochsauerlandkreis",
    "Märkischer Kreis": "maerkischer-kreis",
    "Kreis Olpe": "kreis-olpe",
    "Kreis Siegen-Wittgenstein": "kreis-siegen-wittgenstein",
    "Kreis Soest": "kreis-soest",
    "Dortmund": "dortmund",
}
REGIONS = {"Südwestfalen": "suedwestfalen", "Dortmund": "dortmund"}

# slug, German, English, German synonyms, English synonyms, German description, English description
TOPICS = [
    (
        "digital-strategy",
        "Digitale Strategie und Geschäftsmodelle",
        "Digital strategy and business models",
        "Digitalisierungsstrategie, Digitalisierung, digitale Transformation, Geschäftsmodellinnovation, Roadmap",
        "digital transformation, digitalisation, business model innovation, roadmap",
        "Wohin die Digitalisierung ein Unternehmen führen soll und womit es künftig Geld verdient.",
        "Where digitalisation should take a business, and how it will earn money in future.",
    ),
    (
        "process-erp",
        "Prozessdigitalisierung und ERP",
        "Process digitalisation and ERP",
        "ERP, Prozessautomatisierung, Workflow, Dokumentenmanagement, DMS, SAP, papierloses Büro",
        "ERP, workflow automation, document management, DMS, SAP, paperless office",
        "Abläufe von der Bestellung bis zur Rechnung digital abbilden und verbinden.",
        "Running processes from order to invoice digitally and connecting them.",
    ),
    (
        "data-analytics",
        "Daten und Analytik",
        "Data and analytics",
        "Datenanalyse, Big Data, Business Intelligence, BI, Dashboard, Datenraum, Data Science",
        "data analysis, big data, business intelligence, BI, dashboards, data spaces, data science",
        "Daten sammeln, teilen und auswerten, um besser zu entscheiden.",
        "Collecting, sharing and analysing data to decide better.",
    ),
    (
        "ai",
        "KI und maschinelles Lernen",
        "AI and machine learning",
        "Künstliche Intelligenz, KI, Machine Learning, Deep Learning, Bildverarbeitung, Computer Vision, Sprachmodelle",
        "artificial intelligence, AI, deep learning, computer vision, image processing, language models",
        "Lernende Systeme für Qualitätsprüfung, Prognosen, Assistenz und Automatisierung.",
        "Learning systems for quality inspection, forecasting, assistance and automation.",
    ),
    (
        "iot-industrie-40",
        "IoT, Sensorik und Industrie 4.0",
        "IoT, sensors and Industrie 4.0",
        "Internet der Dinge, Sensorik, OPC UA, Predictive Maintenance, digitaler Zwilling, Edge Computing, MES",
        "internet of things, sensors, OPC UA, predictive maintenance, digital twin, edge computing, MES",
        "Maschinen und Produkte vernetzen, Zustände messen und die Produktion steuern.",
        "Connecting machines and products, measuring their state and steering production.",
    ),
    (
        "platforms-ecommerce",
        "Plattformen und E-Commerce",
        "Platforms and e-commerce",
        "Onlineshop, Marktplatz, B2B-Plattform, Online-Marketing, Kundenportal",
        "online shop, marketplace, B2B platform, online marketing, customer portal",
        "Produkte und Dienste online verkaufen und Kundinnen und Kunden digital erreichen.",
        "Selling products and services online and reaching customers digitally.",
    ),
    (
        "it-security",
        "IT-Sicherheit",
        "IT security",
        "Cybersicherheit, Informationssicherheit, ISO 27001, NIS2, Penetrationstest, Datenschutz",
        "cybersecurity, information security, ISO 27001, NIS2, penetration testing, data protection",
        "Systeme, Daten und Produktion vor Angriffen und Ausfällen schützen.",
        "Protecting systems, data and production from attacks and outages.",
    ),
    (
        "cloud-infrastructure",
        "Cloud und Infrastruktur",
        "Cloud and infrastructure",
        "Cloud Computing, Rechenzentrum, Netzwerk, 5G, Glasfaser, Server, Hosting",
        "cloud computing, data centre, networks, 5G, fibre, servers, hosting",
        "Rechenleistung, Netze und Betrieb, auf denen digitale Anwendungen laufen.",
        "The computing, networks and operations that digital applications run on.",
    ),
    (
        "logistics",
        "Logistik und Lieferketten",
        "Logistics and supply chain",
        "Supply Chain, Intralogistik, Lager, Transport, Sendungsverfolgung",
        "supply chain management, intralogistics, warehousing, transport, tracking",
        "Material- und Warenflüsse planen, verfolgen und automatisieren.",
        "Planning, tracking and automating the flow of materials and goods.",
    ),
    (
        "robotics-automation",
        "Robotik und Automatisierung",
        "Robotics and automation",
        "Roboter, Cobots, Automatisierungstechnik, SPS, fahrerlose Transportsysteme",
        "robots, cobots, automation technology, PLC, automated guided vehicles",
        "Roboter und Automaten, die Menschen entlasten und Fertigung flexibel machen.",
        "Robots and machines that relieve people and make manufacturing flexible.",
    ),
    (
        "sustainability",
        "Nachhaltigkeit und Ressourceneffizienz",
        "Sustainability and resource efficiency",
        "Energieeffizienz, CO2-Bilanz, Kreislaufwirtschaft, ESG, Energiemanagement",
        "energy efficiency, carbon footprint, circular economy, ESG, energy management",
        "Mit digitalen Mitteln Energie, Material und Emissionen sparen.",
        "Saving energy, material and emissions with digital means.",
    ),
    (
        "qualification",
        "Qualifizierung und Weiterbildung",
        "Qualification and training",
        "Weiterbildung, E-Learning, Schulung, Fachkräfte, digitale Kompetenzen",
        "further training, e-learning, courses, skilled workers, digital skills",
        "Menschen befähigen, mit digitalen Werkzeugen gut zu arbeiten.",
        "Enabling people to work well with digital tools.",
    ),
    (
        "new-work",
        "Neue Arbeitswelten",
        "New ways of working",
        "New Work, mobiles Arbeiten, Homeoffice, Kollaboration, Coworking",
        "new work, remote work, working from home, collaboration, co-working",
        "Zusammenarbeit, Orte und Kultur der Arbeit im digitalen Wandel.",
        "Collaboration, places and culture of work in the digital shift.",
    ),
    (
        "funding",
        "Förderung und Finanzierung",
        "Funding and financing",
        "Fördermittel, Förderprogramm, Zuschuss, Investition, Finanzierung, Wagniskapital",
        "grants, funding programmes, subsidies, investment, financing, venture capital",
        "Förderprogramme und Kapital für Digitalisierungsvorhaben finden.",
        "Finding funding programmes and capital for digitalisation projects.",
    ),
]

INDUSTRIES = [
    ("A", "Land- und Forstwirtschaft, Fischerei", "Agriculture, forestry and fishing"),
    ("B", "Bergbau und Gewinnung von Steinen und Erden", "Mining and quarrying"),
    ("C", "Verarbeitendes Gewerbe", "Manufacturing"),
    ("D", "Energieversorgung", "Electricity, gas, steam and air conditioning supply"),
    ("E", "Wasserversorgung, Abwasser- und Abfallentsorgung", "Water supply, sewerage and waste management"),
    ("F", "Baugewerbe", "Construction"),
    ("G", "Handel; Instandhaltung und Reparatur von Kraftfahrzeugen", "Wholesale and retail trade; repair of vehicles"),
    ("H", "Verkehr und Lagerei", "Transportation and storage"),
    ("I", "Gastgewerbe", "Accommodation and food service"),
    ("J", "Information und Kommunikation", "Information and communication"),
    ("K", "Finanz- und Versicherungsdienstleistungen", "Financial and insurance activities"),
    ("L", "Grundstücks- und Wohnungswesen", "Real estate activities"),
    (
        "M",
        "Freiberufliche, wissenschaftliche und technische Dienstleistungen",
        "Professional, scientific and technical activities",
    ),
    ("N", "Sonstige wirtschaftliche Dienstleistungen", "Administrative and support service activities"),
    ("O", "Öffentliche Verwaltung, Verteidigung; Sozialversicherung", "Public administration and defence"),
    ("P", "Erziehung und Unterricht", "Education"),
    ("Q", "Gesundheits- und Sozialwesen", "Human health and social work"),
    ("R", "Kunst, Unterhaltung und Erholung", "Arts, entertainment and recreation"),
    ("S", "Sonstige Dienstleistungen", "Other service activities"),
    ("T", "Private Haushalte mit Hauspersonal", "Activities of households as employers"),
    ("U", "Exterritoriale Organisationen und Körperschaften", "Extraterritorial organisations"),
]


def coordinate(value):
    return Decimal(value) if value else None


def load_reference_data(**kwargs):
    """Create what is missing; never overwrite: curators may have edited topic labels and synonyms.

    Runs after every migrate (companies/apps.py), so a flushed test database gets its places back too."""
    from .models import Industry, Municipality, Topic

    if Municipality.objects.count() >= 60 and Topic.objects.exists() and Industry.objects.count() == len(INDUSTRIES):
        return
    with open(CSV, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            Municipality.objects.get_or_create(
                name=row["municipality"],
                defaults={
                    "slug": german_slugify(row["municipality"]),
                    "district": DISTRICTS[row["district"]],
                    "region": REGIONS[row["region"]],
                    "latitude": coordinate(row["latitude"]),
                    "longitude": coordinate(row["longitude"]),
                    "geonames_id": int(row["geonames_id"]) if row["geonames_id"] else None,
                },
            )
    for position, (slug, de, en, syn_de, syn_en, desc_de, desc_en) in enumerate(TOPICS, start=1):
        Topic.objects.get_or_create(
            slug=slug,
            defaults={
                "name_de": de,
                "name_en": en,
                "synonyms_de": syn_de,
                "synonyms_en": syn_en,
                "description_de": desc_de,
                "description_en": desc_en,
                "position": position,
            },
        )
    for code, de, en in INDUSTRIES:
        Industry.objects.get_or_create(code=code, defaults={"name_de": de, "name_en": en})
