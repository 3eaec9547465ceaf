"""The benchmark data set: thousands of realistic, published organisations, generated reproducibly and in bulk.

`generate(10_000)` creates 10,000 organisations with 30,000 keyword assignments and 1–4 topics each, spread over all
districts, kinds and years, with German (some English) pitches and descriptions built from real digitalisation
vocabulary, so that filters, sorting and search have something meaningful to chew on. The same seed gives the same
names, slugs and fields; timestamps are offsets from `now` (by default the start of today, UTC).

Every generated organisation's slug starts with "bulk-": a new run first deletes the previous bulk set (and its
keyword assignments), so running it twice leaves one set. Nothing else in the database is touched, apart from
keywords (taggit tags) that are created when missing and then shared with real profiles like any keyword.
"""

import random
import time
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from portal.lib.text import german_slugify

from .models import District, Industry, Kind, LookingFor, Municipality, Organisation, SizeBand, Stage, Status, Topic
from .search import refresh_search_documents

PREFIX = "bulk-"
BATCH_SIZE = 1000
MAX_KEYWORDS_PER_ORGANISATION = 20  # what the profile form allows

# --- weights ---------------------------------------------------------------------------------------------

KIND_WEIGHTS = {
    Kind.FIRM: 75,
    Kind.STARTUP: 14,
    Kind.UNIVERSITY: 1.5,
    Kind.INSTITUTE: 3.5,
    Kind.COWORKING_HOST: 3,
    Kind.PUBLIC_BODY: 3,
}
DISTRICT_WEIGHTS = {
    District.DORTMUND: 20,
    District.HOCHSAUERLANDKREIS: 16,
    District.MAERKISCHER_KREIS: 22,
    District.OLPE: 10,
    District.SIEGEN_WITTGENSTEIN: 17,
    District.SOEST: 15,
}
# (first postcode, last postcode, area code) per district: plausible, not exact
DISTRICT_CONTACT = {
    District.DORTMUND: (44135, 44388, "231"),
    District.HOCHSAUERLANDKREIS: (59755, 59969, "2931"),
    District.MAERKISCHER_KREIS: (58507, 58849, "2351"),
    District.OLPE: (57439, 57489, "2761"),
    District.SIEGEN_WITTGENSTEIN: (57072, 57339, "271"),
    District.SOEST: (59494, 59609, "2921"),
}
SIZE_WEIGHTS = {
    Kind.FIRM: {
        SizeBand.MICRO: 20,
        SizeBand.SMALL: 35,
        SizeBand.MEDIUM: 28,
        SizeBand.LARGE: 12,
        SizeBand.VERY_LARGE: 5,
    },
    Kind.STARTUP: {SizeBand.MICRO: 80, SizeBand.SMALL: 20},
    Kind.UNIVERSITY: {SizeBand.LARGE: 40, SizeBand.VERY_LARGE: 60},
    Kind.INSTITUTE: {SizeBand.SMALL: 30, SizeBand.MEDIUM: 50, SizeBand.LARGE: 20},
    Kind.COWORKING_HOST: {SizeBand.MICRO: 80, SizeBand.SMALL: 20},
    Kind.PUBLIC_BODY: {SizeBand.SMALL: 50, SizeBand.MEDIUM: 40, SizeBand.LARGE: 10},
}
STAGE_WEIGHTS = {Stage.IDEA: 10, Stage.PRE_SEED: 20, Stage.SEED: 35, Stage.SERIES_A: 20, Stage.ESTABLISHED: 15}
# (first year, most likely year, last year or None for the current one)
FOUNDED = {
    Kind.FIRM: (1850, 1995, 2022),
    Kind.STARTUP: (2016, 2022, None),
    Kind.UNIVERSITY: (1960, 1972, 2012),
    Kind.INSTITUTE: (1950, 2000, 2021),
    Kind.COWORKING_HOST: (2012, 2019, None),
    Kind.PUBLIC_BODY: (1950, 1990, 2020),
}
# WZ 2008 sections with weights
INDUSTRY_WEIGHTS = {
    Kind.FIRM: {"C": 45, "J": 15, "M": 12, "G": 8, "H": 6, "F": 5, "N": 4, "D": 2, "K": 1, "Q": 1, "E": 1},
    Kind.STARTUP: {"J": 60, "M": 20, "C": 10, "Q": 5, "K": 5},
    Kind.UNIVERSITY: {"P": 80, "M": 20},
    Kind.INSTITUTE: {"M": 85, "P": 15},
    Kind.COWORKING_HOST: {"N": 60, "L": 40},
    Kind.PUBLIC_BODY: {"O": 80, "N": 20},
}
TOPIC_COUNT_WEIGHTS = {1: 30, 2: 35, 3: 25, 4: 10}

# --- names -------------------------------------------------------------------------------------------------

FAMILIES = [
    "Schulte",
    "Kemper",
    "Hesse",
    "Brinkmann",
    "Vollmer",
    "Stracke",
    "Rademacher",
    "Hengesbach",
    "Gerbracht",
    "Funke",
    "Vogel",
    "Wiese",
    "Becker",
    "Hoffmann",
    "Krämer",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hartmann",
    "Lange",
    "Werner",
    "Krause",
    "Lehmann",
    "Schulz",
    "Köhler",
    "Herrmann",
    "König",
    "Walter",
    "Kaiser",
    "Fuchs",
    "Peters",
    "Scholz",
    "Möller",
    "Hahn",
    "Keller",
    "Friedrich",
    "Günther",
    "Berger",
    "Winkler",
    "Beck",
    "Lorenz",
    "Baumann",
    "Franke",
    "Albrecht",
    "Schuster",
    "Ludwig",
    "Böhm",
    "Winter",
    "Schumacher",
    "Vogt",
    "Stein",
    "Jäger",
    "Otto",
    "Sommer",
    "Seidel",
    "Brandt",
    "Haas",
    "Schreiber",
    "Dietrich",
    "Ziegler",
    "Kuhn",
    "Pohl",
    "Engel",
    "Busch",
    "Bergmann",
    "Voigt",
    "Sauer",
    "Arnold",
    "Pfeiffer",
    "Hüsken",
    "Dicke",
    "Menke",
    "Grote",
    "Tigges",
    "Feldmann",
    "Rüsche",
    "Heimann",
    "Kortmann",
    "Löhr",
    "Mertens",
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
    "Haar",
    "Süderland",
    "Siegerland",
    "Wittgenstein",
    "Westfalen",
    "Südwestfalen",
    "Emscher",
    "Phoenix",
    "Hansa",
    "Ebbe",
    "Lister",
    "Sorpe",
    "Diemel",
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
    "Software",
    "IT-Systemhaus",
    "IT-Service",
    "Digitalberatung",
    "Unternehmensberatung",
    "Datentechnik",
    "Systemtechnik",
    "Sensorik",
    "Messtechnik",
    "Antriebstechnik",
    "Fördertechnik",
    "Automation",
    "Robotik",
    "Logistik",
    "Spedition",
    "Metallbau",
    "Werkzeugbau",
    "Formenbau",
    "Gießerei",
    "Schmiede",
    "Federnwerk",
    "Stanztechnik",
    "Lasertechnik",
    "Blechtechnik",
    "Zerspanung",
    "Elektrotechnik",
    "Gebäudetechnik",
    "Energietechnik",
    "Medizintechnik",
    "Holzbau",
    "Druckerei",
    "Medienhaus",
    "Webagentur",
    "Ingenieurbüro",
    "Consulting",
    "Solutions",
    "Engineering",
    "Systems",
    "Digital",
    "Data Services",
    "Hydraulik",
    "Schweißtechnik",
    "Kabelkonfektion",
    "Galvanotechnik",
]
LEGAL_FORMS = {
    "GmbH": 50,
    "GmbH & Co. KG": 25,
    "KG": 6,
    "e.K.": 6,
    "AG": 4,
    "UG (haftungsbeschränkt)": 4,
    "OHG": 3,
}
STARTUP_WORDS = [
    "Data",
    "Sense",
    "Flow",
    "Twin",
    "Bot",
    "Grid",
    "Loop",
    "Pilot",
    "Forge",
    "Nexus",
    "Spark",
    "Pulse",
    "Byte",
    "Cube",
    "Mind",
    "Logic",
    "Shift",
    "Wave",
    "Link",
    "Stack",
    "Node",
    "Path",
    "Beam",
    "Core",
    "Vision",
    "Scale",
    "Quant",
    "Fabric",
    "Lumen",
    "Vector",
    "Orbit",
    "Nova",
    "Signal",
    "Matter",
    "Circuit",
    "Metric",
    "Sprout",
    "Bridge",
    "Hive",
    "Atlas",
    "Mesh",
    "Tensor",
    "Lens",
    "Kinetic",
    "Relay",
]
STARTUP_SUFFIXES = ["", " GmbH", " UG (haftungsbeschränkt)", ".ai", " Labs", " Technologies", " Robotics", " Analytics"]
UNIVERSITY_TYPES = [
    "Hochschule",
    "Fachhochschule",
    "Technische Hochschule",
    "Universität",
    "Hochschule für Technik und Wirtschaft",
    "Hochschule für angewandte Wissenschaften",
    "Private Hochschule für Wirtschaft und Technik",
]
SUBJECTS = [
    "Informatik",
    "Elektrotechnik",
    "Maschinenbau",
    "Wirtschaftsinformatik",
    "Wirtschaftswissenschaften",
    "Mechatronik",
    "Data Science",
    "Logistik",
    "Produktionstechnik",
    "Medientechnik",
    "Bauingenieurwesen",
    "Wirtschaftsingenieurwesen",
    "Angewandte Mathematik",
    "Physikalische Technik",
    "Agrarwirtschaft",
    "Gesundheitswissenschaften",
    "Design",
    "Architektur",
]
INSTITUTE_FORMS = [
    "Institut",
    "Forschungsinstitut",
    "Zentrum",
    "Kompetenzzentrum",
    "Forschungszentrum",
    "Labor",
    "Transferzentrum",
    "An-Institut",
]
INSTITUTE_SUBJECTS = [
    "Produktionstechnik",
    "Angewandte Informatik",
    "Künstliche Intelligenz",
    "Digitale Transformation",
    "Werkstofftechnik",
    "Kunststofftechnik",
    "Umformtechnik",
    "Logistik und Materialfluss",
    "Cybersicherheit",
    "Energieeffizienz",
    "Sensorsysteme",
    "Robotik",
    "Mikrosystemtechnik",
    "Datenwissenschaft",
    "Mittelstandsforschung",
    "Arbeitswissenschaft",
    "Oberflächentechnik",
    "Fertigungsautomatisierung",
    "Software-Engineering",
    "Geoinformatik",
]
COWORKING_PATTERNS = [
    "Coworking {place}",
    "Werkraum {place}",
    "Digitalwerkstatt {place}",
    "Gründerhaus {place}",
    "Coworking Space {prefix}",
    "{word}Space {place}",
    "Alte {building} {place}",
    "{family}s Hof Coworking",
    "Innovationsquartier {place}",
    "Makerspace {place}",
]
BUILDINGS = ["Schmiede", "Weberei", "Post", "Brauerei", "Drahtzieherei", "Fabrik", "Mühle", "Bahnhofshalle"]
PUBLIC_PATTERNS = [
    "Wirtschaftsförderung {place}",
    "Stadt {place}, Stabsstelle Digitalisierung",
    "Technologiezentrum {place}",
    "Gründer- und Technologiezentrum {place}",
    "Digitalagentur {place}",
    "Zentrum für Digitalisierung {place}",
    "Kreiswirtschaftsförderung {district}",
    "Regionalagentur {district}",
    "Smart-City-Büro {place}",
    "Mittelstandsbüro {place}",
]
STREETS = [
    "Hauptstraße",
    "Industriestraße",
    "Gewerbestraße",
    "Bahnhofstraße",
    "Am Hohlweg",
    "Im Ohl",
    "Werkstraße",
    "Kölner Straße",
    "Siegener Straße",
    "Dortmunder Straße",
    "Lindenstraße",
    "Talstraße",
    "Ruhrstraße",
    "Lennestraße",
    "Am Eckenbach",
    "Zum Wetterschacht",
    "Gewerbepark",
    "Hüttenstraße",
    "Hammerweg",
    "An der Drahtrolle",
]

# --- keywords (lower-case, as the profile form normalises them), by topic slug, and trades ------------------

TOPIC_KEYWORDS = {
    "digital-strategy": [
        "digitalisierungsstrategie",
        "digitale transformation",
        "geschäftsmodellinnovation",
        "digital roadmap",
        "change management",
        "design thinking",
        "digitalisierungsberatung",
        "reifegradanalyse",
        "innovationsmanagement",
        "plattformökonomie",
        "business model canvas",
        "digital leadership",
        "unternehmensberatung",
        "prozessberatung",
        "strategieberatung",
        "digitalisierungscheck",
        "innovation lab",
        "open innovation",
        "digitale geschäftsmodelle",
        "transformationsbegleitung",
        "agile methoden",
        "scrum",
        "okr",
        "produktmanagement",
        "ux design",
        "customer journey",
    ],
    "process-erp": [
        "sap s/4hana",
        "erp-einführung",
        "sap business one",
        "erp",
        "microsoft dynamics 365",
        "proalpha",
        "abas erp",
        "dokumentenmanagement",
        "dms",
        "e-rechnung",
        "xrechnung",
        "zugferd",
        "workflow-automatisierung",
        "robotic process automation",
        "low-code",
        "power automate",
        "auftragsabwicklung",
        "prozessdigitalisierung",
        "papierloses büro",
        "crm",
        "salesforce",
        "datev",
        "edi",
        "bpmn",
        "prozessmodellierung",
        "elektronische archivierung",
        "digitale signatur",
        "stammdatenmanagement",
        "mes-anbindung",
        "variantenkonfiguration",
    ],
    "data-analytics": [
        "business intelligence",
        "power bi",
        "tableau",
        "data warehouse",
        "data lake",
        "data science",
        "big data",
        "dashboards",
        "kpi-reporting",
        "datenqualität",
        "datenstrategie",
        "gaia-x",
        "datenräume",
        "catena-x",
        "etl",
        "sql",
        "python",
        "apache spark",
        "datenvisualisierung",
        "self-service bi",
        "data governance",
        "process mining",
        "celonis",
        "zeitreihenanalyse",
        "open data",
        "controlling",
        "statistik",
    ],
    "ai": [
        "künstliche intelligenz",
        "machine learning",
        "deep learning",
        "computer vision",
        "bildverarbeitung",
        "ki-qualitätsprüfung",
        "anomalieerkennung",
        "nlp",
        "large language models",
        "chatbots",
        "generative ki",
        "retrieval augmented generation",
        "prognosemodelle",
        "bedarfsprognose",
        "explainable ai",
        "ki-verordnung",
        "mlops",
        "pytorch",
        "tensorflow",
        "sprachassistenz",
        "ocr",
        "reinforcement learning",
        "ki-beratung",
        "ki-strategie",
        "intelligente dokumentenverarbeitung",
        "bilderkennung",
        "ki-assistenz",
    ],
    "iot-industrie-40": [
        "opc ua",
        "predictive maintenance",
        "digitaler zwilling",
        "edge computing",
        "mes",
        "industrie 4.0",
        "iiot",
        "sensorik",
        "condition monitoring",
        "mqtt",
        "retrofit",
        "maschinenanbindung",
        "zustandsüberwachung",
        "smart factory",
        "shopfloor-management",
        "betriebsdatenerfassung",
        "maschinendatenerfassung",
        "umati",
        "verwaltungsschale",
        "vernetzte produktion",
        "lorawan",
        "rfid",
        "embedded systems",
        "energiemonitoring",
        "traceability",
        "iot-plattform",
        "oee",
        "fernwartung",
        "smart products",
    ],
    "platforms-ecommerce": [
        "onlineshop",
        "b2b-shop",
        "shopware",
        "magento",
        "shopify",
        "marktplatz",
        "b2b-plattform",
        "produktkonfigurator",
        "pim",
        "produktinformationsmanagement",
        "kundenportal",
        "online-marketing",
        "seo",
        "suchmaschinenoptimierung",
        "social media marketing",
        "content marketing",
        "e-commerce",
        "omnichannel",
        "headless commerce",
        "amazon marketplace",
        "zahlungsabwicklung",
        "lieferantenportal",
        "app-entwicklung",
        "webentwicklung",
        "typo3",
        "wordpress",
        "ux/ui",
    ],
    "it-security": [
        "nis2",
        "iso 27001",
        "informationssicherheit",
        "penetrationstest",
        "cybersicherheit",
        "ot-security",
        "iec 62443",
        "dsgvo",
        "datenschutz",
        "datenschutzberatung",
        "isms",
        "security awareness",
        "siem",
        "security operations center",
        "backup",
        "notfallmanagement",
        "firewall",
        "zero trust",
        "endpoint protection",
        "bsi it-grundschutz",
        "tisax",
        "schwachstellenmanagement",
        "incident response",
        "verschlüsselung",
        "identity management",
        "multi-faktor-authentifizierung",
    ],
    "cloud-infrastructure": [
        "cloud computing",
        "microsoft 365",
        "azure",
        "aws",
        "google cloud",
        "kubernetes",
        "docker",
        "devops",
        "rechenzentrum",
        "hosting",
        "managed services",
        "it-service",
        "it-systemhaus",
        "netzwerktechnik",
        "5g-campusnetz",
        "glasfaser",
        "wlan",
        "virtualisierung",
        "vmware",
        "linux",
        "citrix",
        "hybrid cloud",
        "souveräne cloud",
        "infrastructure as code",
        "monitoring",
        "voip",
        "unified communications",
        "it-outsourcing",
    ],
    "logistics": [
        "intralogistik",
        "lagerverwaltung",
        "lagerverwaltungssystem",
        "warehouse management",
        "sendungsverfolgung",
        "transportmanagement",
        "supply chain management",
        "lieferkette",
        "lieferkettengesetz",
        "tourenplanung",
        "flottenmanagement",
        "kontraktlogistik",
        "kommissionierung",
        "pick-by-light",
        "lagerautomatisierung",
        "track and trace",
        "letzte meile",
        "cross docking",
        "yard management",
        "behältermanagement",
        "ladungsträger",
        "zollabwicklung",
        "speditionssoftware",
        "materialfluss",
        "versandlogistik",
        "ersatzteillogistik",
    ],
    "robotics-automation": [
        "robotik",
        "cobots",
        "automatisierungstechnik",
        "sps",
        "siemens s7",
        "tia portal",
        "fahrerlose transportsysteme",
        "autonome mobile roboter",
        "bin picking",
        "greifsysteme",
        "sondermaschinenbau",
        "montageautomatisierung",
        "handhabungstechnik",
        "schweißroboter",
        "roboterprogrammierung",
        "simulation",
        "virtuelle inbetriebnahme",
        "steuerungstechnik",
        "antriebstechnik",
        "visionsysteme",
        "prüfautomatisierung",
        "palettierung",
        "schaltschrankbau",
        "elektrokonstruktion",
        "eplan",
        "mensch-roboter-kollaboration",
    ],
    "sustainability": [
        "energieeffizienz",
        "energiemanagement",
        "iso 50001",
        "co2-bilanz",
        "corporate carbon footprint",
        "product carbon footprint",
        "kreislaufwirtschaft",
        "esg-reporting",
        "csrd",
        "nachhaltigkeitsbericht",
        "lebenszyklusanalyse",
        "photovoltaik",
        "wärmepumpe",
        "lastmanagement",
        "ressourceneffizienz",
        "materialeffizienz",
        "recycling",
        "digitaler produktpass",
        "green it",
        "wasserstoff",
        "abwärmenutzung",
        "emas",
        "dekarbonisierung",
        "nachhaltige lieferkette",
    ],
    "qualification": [
        "weiterbildung",
        "e-learning",
        "schulung",
        "inhouse-seminare",
        "digitale kompetenzen",
        "fachkräftesicherung",
        "ausbildung",
        "duales studium",
        "lernplattform",
        "moodle",
        "blended learning",
        "train the trainer",
        "ki-schulung",
        "coaching",
        "workshops",
        "zertifikatslehrgang",
        "berufsbegleitendes studium",
        "personalentwicklung",
        "lernmanagementsystem",
        "microlearning",
        "virtual reality training",
        "augmented reality",
    ],
    "new-work": [
        "new work",
        "mobiles arbeiten",
        "homeoffice",
        "coworking",
        "kollaboration",
        "microsoft teams",
        "remote work",
        "hybrides arbeiten",
        "desk sharing",
        "arbeitsplatzgestaltung",
        "unternehmenskultur",
        "employer branding",
        "agiles arbeiten",
        "wissensmanagement",
        "intranet",
        "confluence",
        "meetingräume",
        "eventfläche",
        "community building",
        "makerspace",
    ],
    "funding": [
        "fördermittelberatung",
        "förderprogramme",
        "go-digital",
        "digital jetzt",
        "zim",
        "efre",
        "horizon europe",
        "venture capital",
        "business angels",
        "seed-finanzierung",
        "crowdfunding",
        "gründungsberatung",
        "gründerstipendium",
        "exist",
        "innovationsgutschein",
        "mittelstand innovativ & digital",
        "förderantrag",
        "investorensuche",
        "beteiligungskapital",
        "wagniskapital",
    ],
}
TRADE_KEYWORDS = [
    "blechbearbeitung",
    "kunststoffspritzguss",
    "zerspanung",
    "cnc-fräsen",
    "cnc-drehen",
    "laserschneiden",
    "stanztechnik",
    "umformtechnik",
    "kaltumformung",
    "schmiedetechnik",
    "gießerei",
    "druckguss",
    "oberflächentechnik",
    "galvanik",
    "pulverbeschichtung",
    "härterei",
    "schweißtechnik",
    "werkzeugbau",
    "formenbau",
    "drahtverarbeitung",
    "federn",
    "verbindungstechnik",
    "armaturen",
    "pumpen",
    "ventile",
    "hydraulik",
    "pneumatik",
    "leuchten",
    "lichttechnik",
    "elektrotechnik",
    "elektronikfertigung",
    "leiterplattenbestückung",
    "kabelkonfektion",
    "sensoren",
    "messtechnik",
    "prüftechnik",
    "qualitätssicherung",
    "iso 9001",
    "iatf 16949",
    "automotive",
    "automobilzulieferer",
    "fahrzeugteile",
    "landmaschinen",
    "stahlbau",
    "metallbau",
    "anlagenbau",
    "maschinenbau",
    "sondermaschinen",
    "fördertechnik",
    "verpackungstechnik",
    "verpackung",
    "papierverarbeitung",
    "holzverarbeitung",
    "möbelindustrie",
    "bauindustrie",
    "bim",
    "baustellendigitalisierung",
    "handwerk",
    "elektroinstallation",
    "gebäudetechnik",
    "smart home",
    "medizintechnik",
    "lebensmittelindustrie",
    "getränkeindustrie",
    "chemie",
    "kunststofftechnik",
    "gummitechnik",
    "textilindustrie",
    "druckerei",
    "additive fertigung",
    "3d-druck",
    "rapid prototyping",
    "cad",
    "cam",
    "plm",
    "konstruktion",
    "technische dokumentation",
    "ersatzteilmanagement",
    "after-sales-service",
    "instandhaltung",
    "facility management",
    "steuerberatung",
    "personalberatung",
    "einzelhandel",
    "großhandel",
    "spedition",
    "cnc",
    "lohnfertigung",
    "serienfertigung",
    "prototypenbau",
]

# --- texts ---------------------------------------------------------------------------------------------------

TOPIC_SERVICES = {
    "digital-strategy": [
        "Unternehmensberatung für die digitale Transformation",
        "Digitalisierungsstrategien und neue Geschäftsmodelle",
        "Begleitung von der Digitalisierungsstrategie bis zur Umsetzung",
    ],
    "process-erp": [
        "Prozessdigitalisierung und ERP-Einführung",
        "Digitale Auftragsabwicklung ohne Medienbrüche",
        "SAP S/4HANA-Beratung und Prozessautomatisierung",
        "Dokumentenmanagement und E-Rechnung",
    ],
    "data-analytics": [
        "Datenanalyse und Business Intelligence",
        "Dashboards und Kennzahlen für die Produktion",
        "Datenräume und Datenstrategie",
    ],
    "ai": [
        "KI-gestützte Qualitätsprüfung",
        "Maschinelles Lernen für Prognosen und Planung",
        "Bildverarbeitung und Computer Vision",
        "Sprachmodelle und KI-Assistenten für Unternehmen",
    ],
    "iot-industrie-40": [
        "Industrie-4.0-Lösungen mit OPC UA",
        "Predictive Maintenance und Zustandsüberwachung",
        "Digitale Zwillinge für Maschinen und Anlagen",
        "Maschinenanbindung und Retrofit",
    ],
    "platforms-ecommerce": [
        "Onlineshops und B2B-Plattformen",
        "Produktkonfiguratoren und Kundenportale",
        "Online-Marketing und Suchmaschinenoptimierung",
    ],
    "it-security": [
        "IT-Sicherheit und Datenschutz",
        "NIS2-Beratung und ISO-27001-Zertifizierung",
        "Penetrationstests und Security Awareness",
    ],
    "cloud-infrastructure": [
        "Cloud-Lösungen und IT-Service",
        "Netzwerke, Rechenzentrum und Managed Services",
        "Microsoft 365 und sichere Cloud-Infrastruktur",
    ],
    "logistics": [
        "Intralogistik und Lagerautomatisierung",
        "Software für Transport und Lieferketten",
        "Lagerverwaltung und Sendungsverfolgung",
    ],
    "robotics-automation": [
        "Robotik und Automatisierungstechnik",
        "Sondermaschinen und Montageautomatisierung",
        "Cobots für die Fertigung",
    ],
    "sustainability": [
        "Energiemanagement und CO2-Bilanzierung",
        "Nachhaltigkeitsberichte nach CSRD",
        "Ressourceneffizienz in der Produktion",
    ],
    "qualification": [
        "Weiterbildung zu digitalen Kompetenzen",
        "E-Learning und Schulungen für Fachkräfte",
        "KI-Schulungen für Beschäftigte",
    ],
    "new-work": [
        "Flexible Arbeitsplätze und Besprechungsräume",
        "Beratung zu New Work und hybridem Arbeiten",
        "Wissensmanagement und digitale Zusammenarbeit",
    ],
    "funding": [
        "Fördermittelberatung für Digitalisierungsprojekte",
        "Finanzierung und Kontakte zu Investoren",
        "Förderprogramme für Unternehmen und Gründungen",
    ],
}
TRADE_SERVICES = [
    "Präzisionsteile aus Metall",
    "Kunststoffspritzguss in Serie",
    "Blechbearbeitung vom Prototyp bis zur Serie",
    "Umformtechnik für die Automobilindustrie",
    "Armaturen und Ventile",
    "Leuchten und Lichttechnik",
    "Sondermaschinenbau",
    "Oberflächentechnik und Beschichtung",
    "Drahtverarbeitung und Federn",
    "Elektronikfertigung",
]
AUDIENCES = [
    "den Mittelstand",
    "Industrieunternehmen",
    "kleine und mittlere Unternehmen",
    "Handwerksbetriebe",
    "Automobilzulieferer",
    "den Maschinen- und Anlagenbau",
    "Kommunen und öffentliche Einrichtungen",
    "Familienunternehmen",
    "Handel und Logistik",
    "Start-ups und Gründungsteams",
]
REGION_PHRASES = [
    "Südwestfalen",
    "dem Sauerland",
    "dem Siegerland",
    "Dortmund und dem Ruhrgebiet",
    "der Region",
]  # dative
PITCHES = [
    "{service} für {audience} in {place}.",
    "{service} – für {audience} aus {region}.",
    "{service}: persönlich, pragmatisch, aus {place}.",
    "Wir machen {audience} digital fit: {service}.",
    "{service} seit {founded}.",
]
SENTENCES = [
    "{name} begleitet {audience} bei der Digitalisierung ihres Unternehmens – von der ersten Analyse bis zum "
    "laufenden Betrieb.",
    "Seit {founded} unterstützen wir Unternehmen in {place} und ganz Südwestfalen.",
    "Unser Schwerpunkt liegt auf der Prozessdigitalisierung: Auftragsabwicklung, Einkauf und Rechnungswesen "
    "laufen bei unseren Kunden ohne Medienbrüche.",
    "In der Unternehmensberatung entwickeln wir gemeinsam mit der Geschäftsführung eine Digitalisierungsstrategie, "
    "die zum Unternehmen passt.",
    "Im Mittelpunkt stehen Themen wie {keywords}.",
    "Wir digitalisieren Geschäftsprozesse, automatisieren wiederkehrende Aufgaben und schaffen Freiräume für das "
    "Wesentliche.",
    "Die Größe des Unternehmens spielt keine Rolle: Wir arbeiten für Handwerksbetriebe ebenso wie für Konzerne.",
    "Gemeinsam mit Hochschulen der Region arbeiten wir an Projekten zum Thema {topic}.",
    "Wir suchen Partner für Pilotprojekte rund um {topic}.",
    "Unsere Mitarbeiterinnen und Mitarbeiter bilden sich regelmäßig weiter, etwa zu {keyword}.",
    "Wer die Digitalisierung seines Unternehmens angehen will, findet bei uns erfahrene Ansprechpartner.",
]
FIRM_SENTENCES = [
    "Qualität ist bei uns messbar: Wir sind nach ISO 9001 zertifiziert und dokumentieren jeden Auftrag digital.",
    "Mit einem digitalen Kundenportal verfolgen unsere Kunden den Stand ihrer Aufträge jederzeit.",
    "Die Fertigung läuft im Dreischichtbetrieb; ein MES verbindet Planung, Maschinen und Qualitätssicherung.",
    "Wir verstehen uns als Partner des Mittelstands und sprechen die Sprache der Produktion.",
    "Als inhabergeführtes Unternehmen setzen wir auf kurze Wege und feste Ansprechpartner.",
    "Unsere Kunden kommen aus dem Maschinenbau, der Automobilzulieferindustrie und der Metallverarbeitung.",
    "Die Digitalisierung des eigenen Unternehmens haben wir vorgelebt: Maschinendaten erfassen wir per OPC UA und "
    "werten sie in Echtzeit aus.",
]
KIND_SENTENCES = {
    Kind.STARTUP: [
        "Unser Team aus {team_size} Menschen entwickelt eine Software-as-a-Service-Lösung für {audience}.",
        "Wir suchen Pilotkunden aus dem Mittelstand, die mit uns {topic} ausprobieren wollen.",
        "Gegründet {founded} in {place}, heute mit Kunden in ganz Deutschland.",
    ],
    Kind.UNIVERSITY: [
        "Der Transfer in die Wirtschaft ist uns wichtig: Unternehmen finden bei uns Ansprechpartnerinnen für "
        "gemeinsame Forschungsprojekte, Abschlussarbeiten und Weiterbildung.",
        "Unsere Forschungsgruppen arbeiten an {topic} und bringen Ergebnisse in Unternehmen der Region.",
        "Studierende lernen in Praxisprojekten mit Unternehmen, wie Digitalisierung im Betrieb gelingt.",
    ],
    Kind.INSTITUTE: [
        "Wir forschen anwendungsnah an {topic} und übertragen die Ergebnisse in die Praxis.",
        "Unternehmen können Demonstratoren in unserem Labor testen, bevor sie investieren.",
        "Gemeinsam mit kleinen und mittleren Unternehmen beantragen wir Forschungsprojekte.",
    ],
    Kind.COWORKING_HOST: [
        "Flexible Arbeitsplätze, Besprechungsräume und eine Community für Selbstständige, Start-ups und Teams aus "
        "Unternehmen der Region.",
        "Schnelles Glasfaser-Internet, eine Kaffeeküche und regelmäßige Veranstaltungen zur Digitalisierung.",
    ],
    Kind.PUBLIC_BODY: [
        "Wir beraten Unternehmen kostenfrei zu Förderprogrammen und vermitteln Kontakte zu Hochschulen, Start-ups "
        "und Dienstleistern.",
        "Mit Veranstaltungen, Sprechstunden und Netzwerken stärken wir die Digitalisierung der Wirtschaft in {place}.",
    ],
}
ENGLISH_PITCHES = [
    "Digital transformation for manufacturers in {region_en}.",
    "We help small and medium-sized enterprises digitalise their processes.",
    "Software, data and AI for industry – based in {place}.",
]
ENGLISH_SENTENCES = [
    "{name} helps businesses in {place} and across South Westphalia with their digital transformation.",
    "Our work centres on {keywords}.",
    "We work with mid-sized manufacturers, suppliers to the automotive industry and public bodies.",
    "We are looking for partners for pilot projects in {topic_en}.",
    "Our team speaks German and English and is happy to support international customers.",
]


@dataclass
class Result:
    organisations: int
    topic_assignments: int
    industry_assignments: int
    keyword_assignments: int
    keywords_created: int
    deleted: int
    seconds: float
    search_seconds: float


def _weighted(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class _Generator:
    def __init__(self, rng, now, keywords_per_org):
        self.rng = rng
        self.now = now
        self.keywords_per_org = keywords_per_org
        self.places_by_district = {}
        for place in Municipality.objects.order_by("name"):
            self.places_by_district.setdefault(place.district, []).append(place)
        self.district_weights = {d: w for d, w in DISTRICT_WEIGHTS.items() if d in self.places_by_district}
        self.topics = list(Topic.objects.order_by("slug"))
        self.industries = {industry.code: industry for industry in Industry.objects.all()}
        self.used_names = set()
        # earlier words of each list are more common: a long tail, as in real profiles
        self.keyword_groups = TOPIC_KEYWORDS
        self.group_weights = {
            slug: [1 / (rank + 2) for rank in range(len(words))] for slug, words in TOPIC_KEYWORDS.items()
        }
        self.trade_keywords = TRADE_KEYWORDS
        self.trade_weights = [1 / (rank + 2) for rank in range(len(TRADE_KEYWORDS))]

    # names

    def _unique(self, make):
        for _attempt in range(25):
            name = make()
            if name not in self.used_names:
                break
        number = 2
        candidate = name
        while candidate in self.used_names:
            candidate = f"{name} {number}"
            number += 1
        self.used_names.add(candidate)
        return candidate

    def _firm_name(self):
        rng = self.rng
        legal = _weighted(rng, LEGAL_FORMS)
        pattern = rng.random()
        if pattern < 0.45:
            return f"{rng.choice(FAMILIES)} {rng.choice(FIRM_TRADES)} {legal}"
        if pattern < 0.70:
            return f"{rng.choice(FIRM_PREFIXES)} {rng.choice(FIRM_TRADES)} {legal}"
        if pattern < 0.80:
            first, second = rng.sample(FAMILIES, 2)
            return f"{first} & {second} {legal}"
        if pattern < 0.90:
            return f"{rng.choice(FAMILIES)}-{rng.choice(FIRM_TRADES)} {legal}"
        return f"{rng.choice(FIRM_PREFIXES)}-{rng.choice(FAMILIES)} {rng.choice(FIRM_TRADES)} {legal}"

    def _name(self, kind, place):
        rng = self.rng
        if kind == Kind.FIRM:
            return self._firm_name()
        if kind == Kind.STARTUP:
            first, second = rng.sample(STARTUP_WORDS, 2)
            return f"{first}{second.lower()}{rng.choice(STARTUP_SUFFIXES)}"
        if kind == Kind.UNIVERSITY:
            kind_of = rng.choice(UNIVERSITY_TYPES)
            if rng.random() < 0.5:
                return f"{kind_of} {place.name}"
            return f"{kind_of} {place.name}, Fachbereich {rng.choice(SUBJECTS)}"
        if kind == Kind.INSTITUTE:
            return f"{rng.choice(INSTITUTE_FORMS)} für {rng.choice(INSTITUTE_SUBJECTS)} {place.name}"
        patterns = COWORKING_PATTERNS if kind == Kind.COWORKING_HOST else PUBLIC_PATTERNS
        return rng.choice(patterns).format(
            place=place.name,
            prefix=rng.choice(FIRM_PREFIXES),
            word=rng.choice(STARTUP_WORDS),
            building=rng.choice(BUILDINGS),
            family=rng.choice(FAMILIES),
            district=place.get_district_display(),
        )

    # keywords

    def _keywords(self, count, topic_slugs):
        rng = self.rng
        groups = [slug for slug in topic_slugs if slug in self.keyword_groups]
        chosen = []
        for _attempt in range(count * 6):
            if len(chosen) == count:
                break
            if groups and rng.random() < 0.75:
                slug = rng.choice(groups)
                word = rng.choices(self.keyword_groups[slug], weights=self.group_weights[slug])[0]
            else:
                word = rng.choices(self.trade_keywords, weights=self.trade_weights)[0]
            if word not in chosen:
                chosen.append(word)
        return chosen

    def keyword_counts(self, count):
        """How many keywords each organisation gets: varying, but exactly count × keywords_per_org in total."""
        per = self.keywords_per_org
        spread = min(2, per, MAX_KEYWORDS_PER_ORGANISATION - per)
        counts = []
        for _pair in range(count // 2):
            delta = self.rng.randint(-spread, spread) if spread > 0 else 0
            counts += [per + delta, per - delta]
        if count % 2:
            counts.append(per)
        return counts

    # one organisation

    def organisation(self, index, keyword_count):
        rng = self.rng
        now = self.now
        kind = _weighted(rng, KIND_WEIGHTS)
        district = _weighted(rng, self.district_weights)
        place = rng.choice(self.places_by_district[district])
        name = self._unique(lambda: self._name(kind, place))
        slug = f"{PREFIX}{index:05d}-{german_slugify(name)}"[:220].rstrip("-")
        domain = f"{german_slugify(name)[:40].rstrip('-')}.example"

        topic_count = min(_weighted(rng, TOPIC_COUNT_WEIGHTS), len(self.topics))
        topics = rng.sample(self.topics, topic_count)
        topic_slugs = [topic.slug for topic in topics]
        keywords = self._keywords(keyword_count, topic_slugs)

        low, mode, high = FOUNDED[kind]
        high = min(high or now.year, now.year)
        founded = round(rng.triangular(low, high, min(mode, high))) if rng.random() < 0.9 else None
        sizes = SIZE_WEIGHTS[kind]
        size_band = _weighted(rng, sizes) if rng.random() < 0.95 else ""
        startup = kind == Kind.STARTUP
        research = kind in (Kind.UNIVERSITY, Kind.INSTITUTE)

        published_days = round(rng.triangular(1, 6 * 365, 200))
        if founded:  # not published before it was founded
            published_days = max(1, min(published_days, (now - now.replace(year=founded, month=1, day=1)).days))
        published_at = now - timedelta(days=published_days, minutes=rng.randint(0, 24 * 60 - 1))
        if founded:
            founded = min(founded, published_at.year)
        created = published_at - timedelta(days=rng.randint(0, 30), minutes=rng.randint(0, 600))
        updated_days = round(published_days * rng.random() ** 2)  # most profiles were updated recently
        content_updated = max(published_at, now - timedelta(days=updated_days, minutes=rng.randint(0, 24 * 60 - 1)))

        first_postcode, last_postcode, area = DISTRICT_CONTACT.get(district, (57000, 59999, "2761"))
        english = rng.random() < 0.08
        texts = self._texts(kind, name, place, founded, topics, keywords, english)
        languages = ["de", "en"] if english or rng.random() < 0.5 else ["de"]
        if rng.random() < 0.1:
            languages.append(rng.choice(["fr", "nl", "pl", "tr", "es", "it"]))
        organisation = Organisation(
            kind=kind,
            name=name,
            slug=slug,
            pitch=texts[0],
            description=texts[1],
            municipality=place,
            street=f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
            postcode=str(rng.randint(first_postcode, last_postcode)),
            website=f"https://www.{domain}",
            founded=founded,
            size_band=size_band,
            languages=languages,
            public_email=f"kontakt@{domain}" if rng.random() < 0.8 else "",
            public_phone=f"+49 {area} {rng.randint(100000, 9999999)}" if rng.random() < 0.6 else "",
            stage=_weighted(rng, STAGE_WEIGHTS) if startup else "",
            team_size=rng.randint(1, 40) if startup else None,
            looking_for=rng.sample(LookingFor.values, rng.randint(0, 3)) if startup else [],
            transfer_email=f"transfer@{domain}" if research else "",
            transfer_url=f"https://www.{domain}/transfer" if research else "",
            status=Status.PUBLISHED,
            featured=rng.random() < 0.003,
            created=created,
            published_at=published_at,
            content_updated=content_updated,
        )
        industry_weights = {code: w for code, w in INDUSTRY_WEIGHTS[kind].items() if code in self.industries}
        industries = []
        if industry_weights:
            for _pick in range(1 if rng.random() < 0.7 else 2):
                code = _weighted(rng, industry_weights)
                if code not in industries:
                    industries.append(code)
        spin_off = startup and rng.random() < 0.2
        return organisation, topics, [self.industries[code] for code in industries], keywords, spin_off

    def _texts(self, kind, name, place, founded, topics, keywords, english):
        rng = self.rng
        topic = topics[0]
        values = {
            "name": name,
            "place": place.name,
            "founded": founded,
            "audience": rng.choice(AUDIENCES),
            "region": rng.choice(REGION_PHRASES),
            "region_en": "South Westphalia" if place.region == "suedwestfalen" else "Dortmund",
            "topic": topic.name_de,
            "topic_en": topic.name_en.lower(),
            "keywords": ", ".join(keywords[:3]) if keywords else topic.name_de,
            "keyword": keywords[0] if keywords else topic.name_de,
            "team_size": rng.randint(3, 25),
        }
        if english:
            pitches, own, general = ENGLISH_PITCHES, [], ENGLISH_SENTENCES
            count = rng.randint(2, 4)
        else:
            services = TOPIC_SERVICES.get(topic.slug, []) + (TRADE_SERVICES if kind == Kind.FIRM else [])
            values["service"] = rng.choice(services or TRADE_SERVICES)
            pitches, own = PITCHES, KIND_SENTENCES.get(kind, FIRM_SENTENCES)
            general = SENTENCES
            count = rng.randint(2, 4)
        if founded is None:
            pitches = [text for text in pitches if "{founded}" not in text]
            own = [text for text in own if "{founded}" not in text]
        pitch = rng.choice(pitches)
        # what this kind of organisation does first, then general sentences
        sentences = rng.sample(own, min(rng.randint(1, 2), len(own))) + rng.sample(general, count)
        pitch = pitch.format(**values)
        if len(pitch) > 160:
            pitch = pitch[:159].rsplit(" ", 1)[0] + "…"
        return pitch, " ".join(sentence.format(**values) for sentence in sentences)


# --- database work ---------------------------------------------------------------------------------------------


def bulk_organisations():
    """The generated organisations: "bulk-" and a number of five or more digits, so that a real "Bulk-Logistik
    GmbH" (slug "bulk-logistik-gmbh") is never taken for one and deleted."""
    return Organisation.objects.filter(slug__startswith=PREFIX, slug__regex=rf"^{PREFIX}[0-9]{{5,}}-")


def delete():
    """Delete the earlier bulk set and its keyword assignments; returns how many organisations went."""
    content_type = ContentType.objects.get_for_model(Organisation)
    ids = bulk_organisations().values("pk")
    TaggedItem.objects.filter(content_type=content_type, object_id__in=ids).delete()
    Organisation.topics.through.objects.filter(organisation__in=ids).delete()
    Organisation.industries.through.objects.filter(organisation__in=ids).delete()
    count = bulk_organisations().count()
    if count:
        bulk_organisations().delete()
    return count


def _tags(names):
    """{name: Tag} for all names, creating the missing ones in bulk. Existing tags are matched case-insensitively
    (TAGGIT_CASE_INSENSITIVE), and a new tag whose slug is taken gets the next free one, as taggit does."""
    existing = {}
    for tag in Tag.objects.annotate(lower_name=Lower("name")).filter(lower_name__in=names):
        existing.setdefault(tag.lower_name, tag)
    missing = [name for name in names if name not in existing]
    if missing:
        slugs = {name: Tag().slugify(name) for name in missing}
        taken = set(Tag.objects.filter(slug__in=slugs.values()).values_list("slug", flat=True))
        new = []
        for name in missing:
            slug, number = slugs[name], 1
            while slug in taken:  # rare: a differently spelt keyword has the slug
                slug = Tag().slugify(name, number)
                number += 1
                if slug not in taken and Tag.objects.filter(slug=slug).exists():
                    taken.add(slug)
            taken.add(slug)
            new.append(Tag(name=name, slug=slug))
        Tag.objects.bulk_create(new, batch_size=BATCH_SIZE)
        existing.update({tag.name: tag for tag in Tag.objects.filter(name__in=missing)})
    return {name: existing[name] for name in names}, len(missing)


def analyse():
    """PostgreSQL: fresh planner statistics for the tables just filled, as autovacuum would gather them a little
    later; without them the first benchmark runs measure plans made for empty tables."""
    if connection.vendor != "postgresql":
        return
    tables = [
        Organisation._meta.db_table,
        Organisation.topics.through._meta.db_table,
        Organisation.industries.through._meta.db_table,
        Tag._meta.db_table,
        TaggedItem._meta.db_table,
    ]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in tables))


def generate(count, seed=1, keywords_per_org=3, now=None):
    """Replace the bulk set by `count` published organisations generated from `seed`; returns a Result."""
    if count < 0 or keywords_per_org < 0:
        raise ValueError("count and keywords_per_org must not be negative")
    keywords_per_org = min(keywords_per_org, MAX_KEYWORDS_PER_ORGANISATION)
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 - seeded generator for reproducible fake data, not for secrets
    now = now or timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    with transaction.atomic():
        deleted = delete()
        generator = _Generator(rng, now, keywords_per_org)
        if not generator.places_by_district or not generator.topics:
            raise RuntimeError("Reference data (municipalities and topics) is missing: run migrate first.")
        rows = [
            generator.organisation(index, keyword_count)
            for index, keyword_count in enumerate(generator.keyword_counts(count), start=1)
        ]
        organisations = [row[0] for row in rows]
        Organisation.objects.bulk_create(organisations, batch_size=BATCH_SIZE)
        if any(organisation.pk is None for organisation in organisations):  # a backend without RETURNING
            ids = dict(bulk_organisations().values_list("slug", "pk"))
            for organisation in organisations:
                organisation.pk = ids[organisation.slug]

        # start-ups spun off from a university or institute generated before them
        research = []
        spin_offs = []
        for organisation, _topics, _industries, _keywords, spin_off in rows:
            if organisation.kind in (Kind.UNIVERSITY, Kind.INSTITUTE):
                research.append(organisation)
            elif spin_off and research:
                organisation.spin_off_of = research[rng.randrange(len(research))]
                spin_offs.append(organisation)
        Organisation.objects.bulk_update(spin_offs, ["spin_off_of"], batch_size=BATCH_SIZE)

        TopicLink = Organisation.topics.through
        topic_links = [
            TopicLink(organisation_id=organisation.pk, topic_id=topic.pk)
            for organisation, topics, _industries, _keywords, _spin_off in rows
            for topic in topics
        ]
        TopicLink.objects.bulk_create(topic_links, batch_size=BATCH_SIZE)
        IndustryLink = Organisation.industries.through
        industry_links = [
            IndustryLink(organisation_id=organisation.pk, industry_id=industry.pk)
            for organisation, _topics, industries, _keywords, _spin_off in rows
            for industry in industries
        ]
        IndustryLink.objects.bulk_create(industry_links, batch_size=BATCH_SIZE)

        names = sorted({keyword for row in rows for keyword in row[3]})
        tags, keywords_created = _tags(names)
        content_type = ContentType.objects.get_for_model(Organisation)
        tagged_items = [
            TaggedItem(tag_id=tags[keyword].pk, content_type_id=content_type.pk, object_id=organisation.pk)
            for organisation, _topics, _industries, keywords, _spin_off in rows
            for keyword in keywords
        ]
        TaggedItem.objects.bulk_create(tagged_items, batch_size=BATCH_SIZE)

        search_started = time.perf_counter()
        refresh_search_documents(bulk_organisations())
        search_finished = time.perf_counter()
    analyse()
    return Result(
        organisations=len(organisations),
        topic_assignments=len(topic_links),
        industry_assignments=len(industry_links),
        keyword_assignments=len(tagged_items),
        keywords_created=keywords_created,
        deleted=deleted,
        seconds=time.perf_counter() - started,
        search_seconds=search_finished - search_started,
    )


# --- shared by the seeding of the feature apps (coworking/bulk.py, matching/bulk.py) -----------------------


class Clock:
    """Laps of a seeding run: clock.lap("name") records the seconds since the previous lap."""

    def __init__(self):
        self.timings = {}
        self.last = time.perf_counter()

    def lap(self, name):
        now = time.perf_counter()
        self.timings[name] = now - self.last
        self.last = now


def weighted(rng, weights):
    """One key of `weights` ({choice: weight}), drawn with rng in proportion to its weight."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]
