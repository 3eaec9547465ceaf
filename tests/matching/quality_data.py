"""Hand-judged test data for the quality of the matching engine (issue 6, point 6).

Plain data, no Django: a loader creates the organisations (with make_organisation) and the entries (with
make_entry); every entry sits in its organisation's municipality, which is a name from
companies/data/municipalities.csv. Topics are slugs of companies/reference_data.TOPICS. `reach_km` is set only
when `reach` is "radius"; an empty `partner_kinds` list means "any kind of partner". All entries are public.

How the judgements were made. For every need, each offer was read as a person from the needing organisation
would read it, and marked relevant only if all of these hold:
- substance: the offer could actually solve the stated problem, not merely share a broad topic (an AI offer for
  invoices does not help with visual inspection; a pen test is not an ISMS);
- partner kind: the offering organisation's kind is among the need's partner_kinds (if any are given), and the
  needing organisation's kind is among the offer's partner_kinds (both sides must want each other);
- location: the offering organisation lies within the need's reach, and the needing organisation within the
  offer's reach ("suedwestfalen" means the five districts, "dortmund" the city; radius distances were checked
  against the gazetteer's coordinates, great-circle).
Entry types need not be equal (a "technology" need may be met by a "business" or "research" offer), but thesis
needs are met only by offers that provide students. Every need has at least one relevant offer; some offers are
relevant to no need on purpose. RELEVANT holds (need key, offer key, reason). DISTRACTORS holds notable pairs that
a naive matcher would rank high but a careful human rejects, with the reason; it is not exhaustive, and any pair
absent from RELEVANT counts as not relevant.
"""

# key, name, kind, municipality (gazetteer name). Fictional organisations; the universities' real names are used
# for realism, their chairs, labs and offers are invented.
ORGANISATIONS = [
    # Firms, Märkischer Kreis
    ("brinkhaus", "Brinkhaus Umformtechnik GmbH", "firm", "Lüdenscheid"),
    ("sauer-kunststoff", "Kunststofftechnik Sauer GmbH", "firm", "Lüdenscheid"),
    ("armaturen-menden", "Mendener Armaturen KG", "firm", "Menden (Sauerland)"),
    ("gesenkschmiede", "Plettenberger Gesenkschmiede GmbH", "firm", "Plettenberg"),
    ("lennekette", "Lennekette GmbH", "firm", "Altena"),
    ("volmetal", "Volmetal Hydraulik GmbH", "firm", "Meinerzhagen"),
    # Firms, Hochsauerlandkreis
    ("ruhrlicht", "Ruhrlicht Leuchten GmbH", "firm", "Arnsberg"),
    ("hennesee-guss", "Hennesee Aluguss GmbH", "firm", "Meschede"),
    ("holzwerke-brilon", "Briloner Holzwerke GmbH", "firm", "Brilon"),
    ("lenne-strick", "Lenne Strickwaren GmbH", "firm", "Schmallenberg"),
    ("sorpe", "Sorpe Haushaltswaren GmbH", "firm", "Sundern"),
    # Firms, Kreis Olpe
    ("biggesee-auto", "Biggesee Automotive Systems GmbH", "firm", "Attendorn"),
    ("rademacher-bau", "Rademacher Bau GmbH & Co. KG", "firm", "Olpe"),
    ("kueckelhaus", "Spedition Kückelhaus GmbH", "firm", "Lennestadt"),
    ("wendener-mb", "Wendener Maschinenbau GmbH", "firm", "Wenden"),
    # Firms, Kreis Siegen-Wittgenstein
    ("siegtal-stahlbau", "Siegtal Stahlbau GmbH", "firm", "Siegen"),
    ("walzwerk-kreuztal", "Kreuztaler Kaltwalzwerk GmbH", "firm", "Kreuztal"),
    ("netphen-ems", "Netphener Elektronikfertigung GmbH", "firm", "Netphen"),
    ("landtechnik-burbach", "Burbacher Landtechnik-Handel GmbH", "firm", "Burbach"),
    # Firms, Kreis Soest
    ("fahrzeuglicht", "Lippe Fahrzeuglicht GmbH", "firm", "Lippstadt"),
    ("boerde-back", "Börde Backwaren GmbH", "firm", "Soest"),
    ("sanitaer-werl", "Werler Sanitärgroßhandel GmbH", "firm", "Werl"),
    ("baustoffe-geseke", "Geseker Baustoffe GmbH", "firm", "Geseke"),
    # Service providers (firms)
    ("secops", "Sauerland SecOps GmbH", "firm", "Arnsberg"),
    ("westfalen-cert", "Westfalen CERT Services GmbH", "firm", "Dortmund"),
    ("siegerland-it", "Siegerland IT-Systemhaus GmbH", "firm", "Siegen"),
    ("erp-beratung", "Märkische ERP-Beratung GmbH", "firm", "Iserlohn"),
    ("emscher-sap", "Emscher SAP Consulting GmbH", "firm", "Dortmund"),
    ("phoenixsee-digital", "Phoenixsee Digitalagentur GmbH", "firm", "Dortmund"),
    ("lippe-automation", "Lippe Automatisierungstechnik GmbH", "firm", "Lippstadt"),
    ("lagerlogik", "Lagerlogik Software GmbH", "firm", "Olpe"),
    # Universities
    ("tu-dortmund", "Technische Universität Dortmund", "university", "Dortmund"),
    ("fh-dortmund", "Fachhochschule Dortmund", "university", "Dortmund"),
    ("uni-siegen", "Universität Siegen", "university", "Siegen"),
    ("fhswf-iserlohn", "Fachhochschule Südwestfalen, Standort Iserlohn", "university", "Iserlohn"),
    ("fhswf-meschede", "Fachhochschule Südwestfalen, Standort Meschede", "university", "Meschede"),
    ("fhswf-soest", "Fachhochschule Südwestfalen, Standort Soest", "university", "Soest"),
    # Research institutes
    ("intralogistik-institut", "Institut für vernetzte Intralogistik Dortmund", "institute", "Dortmund"),
    ("ki-institut", "Ruhr-Institut für angewandte KI", "institute", "Dortmund"),
    ("sensorik-zentrum", "Siegener Zentrum für Sensorik und Messtechnik", "institute", "Siegen"),
    ("kunststoff-institut", "Institut für Kunststofftechnik Märkisches Sauerland", "institute", "Lüdenscheid"),
    # Start-ups
    ("schwingwert", "Schwingwert GmbH", "startup", "Dortmund"),
    ("pruefblick", "Prüfblick AI GmbH", "startup", "Dortmund"),
    ("zwillingswerk", "Zwillingswerk Simulation GmbH", "startup", "Dortmund"),
    ("flinkflott", "Flinkflott Robotics GmbH", "startup", "Dortmund"),
    ("lueftwerk", "Lüftwerk Drohnendaten UG", "startup", "Dortmund"),
    ("datenmut", "Datenmut Academy UG", "startup", "Dortmund"),
    ("phishfang", "Phishfang GmbH", "startup", "Dortmund"),
    ("kantenwerk", "Kantenwerk IoT GmbH", "startup", "Dortmund"),
    ("routenreich", "Routenreich GmbH", "startup", "Dortmund"),
    ("wattlog", "Wattlog GmbH", "startup", "Siegen"),
    ("kataloggo", "Kataloggo GmbH", "startup", "Iserlohn"),
    ("kreislaufrechner", "Kreislaufrechner GmbH", "startup", "Soest"),
    ("hangsensor", "Hangsensor UG", "startup", "Meschede"),
    ("taktwerk", "Taktwerk Software GmbH", "startup", "Meschede"),
    # Public bodies and co-working hosts
    ("digitalzentrum", "Digitalzentrum Mittelstand Ruhr-Sauerland", "public", "Dortmund"),
    ("wf-olpe", "Wirtschaftsförderung Biggesee-Lenne", "public", "Olpe"),
    ("huettenwerk", "Hüttenwerk Coworking Siegen", "coworking", "Siegen"),
    ("speicherhaus", "Speicherhaus Coworking Dortmund", "coworking", "Dortmund"),
]

NEEDS = [
    {
        "key": "n-press-pm",
        "organisation": "brinkhaus",
        "type": "technology",
        "title": "Predictive Maintenance für Servo- und Exzenterpressen",
        "description": (
            "Ungeplante Stillstände unserer fünf Pressen (250–630 t) kosten uns jedes Jahr mehrere Produktionstage. "
            "Wir möchten Schwingungs- und Stromdaten erfassen und Lagerschäden sowie Kupplungsverschleiß früh "
            "erkennen. Gesucht wird ein Partner, der Sensorik nachrüstet und die Auswertung mitbringt oder mit uns "
            "entwickelt."
        ),
        "topics": ["iot-industrie-40", "ai", "data-analytics"],
        "keywords": ["Predictive Maintenance", "Pressen", "Schwingungsanalyse"],
        "reach": "radius",
        "reach_km": 80,
        "partner_kinds": ["startup", "university", "institute"],
    },
    {
        "key": "n-opcua-retrofit",
        "organisation": "wendener-mb",
        "type": "technology",
        "title": "OPC-UA-Retrofit für unseren Bestandsmaschinenpark",
        "description": (
            "Unsere Fräs- und Drehzentren haben Steuerungen von Siemens S7-300 bis Heidenhain TNC 426 und sollen an "
            "ein neues MES angebunden werden. Wir suchen einen Partner aus der Region, der die Maschinen per OPC UA "
            "nachrüstet und die Schnittstellen vor Ort in Betrieb nimmt."
        ),
        "topics": ["iot-industrie-40"],
        "keywords": ["OPC UA", "Retrofit", "MES"],
        "reach": "suedwestfalen",
        "reach_km": None,
        "partner_kinds": ["firm", "startup", "institute"],
    },
    {
        "key": "n-erp-migration",
        "organisation": "armaturen-menden",
        "type": "business",
        "title": "Ablösung unseres ERP-Systems (Navision 2009)",
        "description": (
            "Unser ERP-System Navision 2009 wird nicht mehr gewartet, Anpassungen sind kaum noch möglich. Wir "
            "suchen für 80 Beschäftigte einen Partner für Auswahl, Datenmigration und Einführung eines modernen ERP, "
            "gern als Cloud-Lösung. Stammdaten, offene Aufträge und Stücklisten müssen sauber übernommen werden."
        ),
        "topics": ["process-erp", "cloud-infrastructure"],
        "keywords": ["ERP-Migration", "Navision"],
        "reach": "radius",
        "reach_km": 60,
        "partner_kinds": ["firm"],
    },
    {
        "key": "n-nis2",
        "organisation": "walzwerk-kreuztal",
        "type": "business",
        "title": "NIS2-Umsetzung und Aufbau eines ISMS",
        "description": (
            "Als Hersteller von Kaltband mit 320 Beschäftigten fallen wir unter NIS2. Wir brauchen eine "
            "Gap-Analyse, ein Informationssicherheits-Managementsystem nach ISO 27001 und Unterstützung bei den "
            "Meldepflichten. Ein Partner soll uns bis zur Zertifizierungsreife begleiten."
        ),
        "topics": ["it-security"],
        "keywords": ["NIS2", "ISO 27001", "ISMS"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "institute"],
    },
    {
        "key": "n-vision-moulding",
        "organisation": "sauer-kunststoff",
        "type": "technology",
        "title": "Automatische Sichtprüfung von Spritzgussteilen",
        "description": (
            "Bisher prüfen Mitarbeitende Sichtteile für die Automobilindustrie manuell auf Schlieren, "
            "Einfallstellen und unvollständige Füllung. Wir suchen eine kamerabasierte Inline-Prüfung mit KI, "
            "die auch bei wechselnden Farben und kleinen Losgrößen funktioniert."
        ),
        "topics": ["ai"],
        "keywords": ["Bildverarbeitung", "Qualitätsprüfung", "Spritzguss"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["startup", "institute", "firm"],
    },
    {
        "key": "n-digital-twin-hall",
        "organisation": "siegtal-stahlbau",
        "type": "research",
        "title": "Digitaler Zwilling für die Planung unserer neuen Fertigungshalle",
        "description": (
            "Wir planen eine neue Halle für Zuschnitt, Schweißen und Beschichtung. Mit einem digitalen Zwilling "
            "des Materialflusses wollen wir Layoutvarianten, Kranwege und Pufferflächen vorab simulieren. Gesucht "
            "sind Partner aus Forschung oder junge Unternehmen mit Erfahrung in Fabrikplanung und Simulation."
        ),
        "topics": ["iot-industrie-40", "logistics"],
        "keywords": ["digitaler Zwilling", "Simulation", "Fabrikplanung"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["university", "institute", "startup"],
    },
    {
        "key": "n-energy-foundry",
        "organisation": "hennesee-guss",
        "type": "technology",
        "title": "Energiemonitoring für Schmelzöfen und Druckluft",
        "description": (
            "Unsere Schmelz- und Warmhalteöfen sowie die Kompressoren verbrauchen den Großteil unserer Energie. "
            "Für ISO 50001 und die Strompreisverhandlungen brauchen wir eine Unterzählung mit Auswertung je "
            "Anlage. Der Anbieter sollte in Südwestfalen sitzen und die Zähler selbst installieren können."
        ),
        "topics": ["sustainability", "iot-industrie-40"],
        "keywords": ["Energiemonitoring", "ISO 50001"],
        "reach": "suedwestfalen",
        "reach_km": None,
        "partner_kinds": ["firm", "startup"],
    },
    {
        "key": "n-amr-attendorn",
        "organisation": "biggesee-auto",
        "type": "pilot",
        "title": "Autonome Transportroboter zwischen Spritzguss und Montage",
        "description": (
            "Kleinladungsträger werden heute per Hubwagen von der Spritzgießerei in die Montage gefahren. Wir "
            "möchten in einem Pilotbereich zwei bis drei autonome mobile Roboter (AMR) einsetzen, die sich in den "
            "Mischverkehr mit Staplern einfügen. Gesucht ist ein Anbieter, der Fahrzeuge und Flottensteuerung liefert."
        ),
        "topics": ["robotics-automation", "logistics"],
        "keywords": ["AMR", "FTS", "Intralogistik"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["startup", "firm"],
    },
    {
        "key": "n-b2b-shop",
        "organisation": "sanitaer-werl",
        "type": "business",
        "title": "B2B-Onlineshop für Installateure mit kundenindividuellen Preisen",
        "description": (
            "Unsere Kunden aus dem Handwerk bestellen noch per Telefon und Fax. Wir wollen einen B2B-Shop mit "
            "kundenindividuellen Preisen, Schnellbestellung per Artikelnummer und Anbindung an unser ERP. Rund "
            "40.000 Artikel mit Daten aus dem Herstellerkatalog müssen eingebunden werden."
        ),
        "topics": ["platforms-ecommerce", "process-erp"],
        "keywords": ["B2B-Shop", "Großhandel"],
        "reach": "radius",
        "reach_km": 100,
        "partner_kinds": ["firm", "startup"],
    },
    {
        "key": "n-data-literacy",
        "organisation": "lennekette",
        "type": "business",
        "title": "Datenkompetenz für Meister und Schichtleitungen",
        "description": (
            "Unsere 15 Meister und Schichtleitungen arbeiten mit Excel-Listen und sollen künftig Kennzahlen selbst "
            "auswerten und Dashboards lesen können. Wir suchen eine praxisnahe Schulung, gern bei uns im Haus und "
            "mit unseren eigenen Produktionsdaten."
        ),
        "topics": ["qualification", "data-analytics"],
        "keywords": ["Data Literacy", "Schulung"],
        "reach": "radius",
        "reach_km": 50,
        "partner_kinds": ["firm", "startup", "university"],
    },
    {
        "key": "n-thesis-forging",
        "organisation": "gesenkschmiede",
        "type": "thesis",
        "title": "Abschlussarbeit: Temperaturerfassung an Schmiedegesenken",
        "description": (
            "In einer Bachelor- oder Masterarbeit soll die Temperatur unserer Gesenke im Schmiedeprozess erfasst "
            "und mit dem Werkzeugverschleiß in Beziehung gesetzt werden. Messaufbau, Datenerfassung und eine erste "
            "Auswertung gehören dazu; Betreuung durch unsere Werkzeugkonstruktion."
        ),
        "topics": ["iot-industrie-40", "data-analytics"],
        "keywords": ["Abschlussarbeit", "Schmieden", "Werkzeugverschleiß"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["university"],
    },
    {
        "key": "n-drone-stock",
        "organisation": "holzwerke-brilon",
        "type": "pilot",
        "title": "Rundholzbestand per Drohne vermessen",
        "description": (
            "Die Inventur unseres Rundholzplatzes erfolgt bisher per Schätzung und Zollstock. Wir möchten die "
            "Polter regelmäßig per Drohne überfliegen und das Volumen automatisch bestimmen lassen. Wir stehen als "
            "Pilotkunde zur Verfügung."
        ),
        "topics": ["logistics", "ai"],
        "keywords": ["Drohne", "Inventur", "Volumenmessung"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["startup", "institute"],
    },
    {
        "key": "n-m365",
        "organisation": "rademacher-bau",
        "type": "business",
        "title": "Umzug in Microsoft 365 und sicherer Zugriff von der Baustelle",
        "description": (
            "Unser Fileserver und der lokale Exchange-Server sind veraltet. Wir möchten nach Microsoft 365 "
            "umziehen und unseren Bauleitern sicheren Zugriff auf Pläne und Mails von Tablets auf der Baustelle "
            "geben. Wir suchen ein Systemhaus aus der Region, das Migration und Betreuung übernimmt."
        ),
        "topics": ["cloud-infrastructure", "it-security", "new-work"],
        "keywords": ["Microsoft 365", "Cloud-Migration"],
        "reach": "suedwestfalen",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "n-amr-testbed",
        "organisation": "flinkflott",
        "type": "pilot",
        "title": "Testumgebung für unsere AMR-Flotte gesucht",
        "description": (
            "Unsere autonomen Transportroboter sollen drei Monate lang unter realen Bedingungen in einem "
            "Lager oder einer Produktion laufen. Wir suchen ein Unternehmen, das Fläche und Ansprechpartner stellt; "
            "Fahrzeuge, Installation und Betreuung übernehmen wir kostenlos."
        ),
        "topics": ["robotics-automation", "logistics"],
        "keywords": ["AMR", "Testfeld", "Pilotkunde"],
        "reach": "radius",
        "reach_km": 100,
        "partner_kinds": ["firm"],
    },
    {
        "key": "n-drone-pilots",
        "organisation": "lueftwerk",
        "type": "pilot",
        "title": "Pilotkunden mit Schüttgut- oder Holzlagern gesucht",
        "description": (
            "Wir bestimmen Lagerbestände von Schüttgut, Holz und Recyclingmaterial aus Drohnenbildern. Für die "
            "Validierung unserer Volumenberechnung suchen wir Betriebe mit Freilagern, die wir über mehrere Monate "
            "regelmäßig befliegen dürfen."
        ),
        "topics": ["logistics", "ai"],
        "keywords": ["Drohne", "Pilotkunde", "Schüttgut"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "n-pm-research",
        "organisation": "schwingwert",
        "type": "research",
        "title": "Forschungspartner für Anomalieerkennung in Schwingungsdaten",
        "description": (
            "Für ein ZIM-Projekt suchen wir einen wissenschaftlichen Partner, der mit uns Verfahren zur "
            "Anomalieerkennung und Restlebensdauerprognose auf Schwingungs- und Stromsignalen entwickelt. Daten von "
            "über 200 Maschinen aus Pilotprojekten bringen wir mit."
        ),
        "topics": ["ai", "iot-industrie-40"],
        "keywords": ["Anomalieerkennung", "Zeitreihen", "ZIM"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["university", "institute"],
    },
    {
        "key": "n-funding",
        "organisation": "sorpe",
        "type": "business",
        "title": "Fördermittel für ERP-Einführung und Onlineshop",
        "description": (
            "Wir planen die Einführung eines neuen ERP und eines Onlineshops mit einem Volumen von etwa 250.000 "
            "Euro. Wir suchen Beratung, welche Förderprogramme von Land und Bund in Frage kommen, und Hilfe beim "
            "Antrag."
        ),
        "topics": ["funding"],
        "keywords": ["Fördermittel", "Förderantrag"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["public", "firm"],
    },
    {
        "key": "n-tisax",
        "organisation": "netphen-ems",
        "type": "business",
        "title": "TISAX-Vorbereitung und Penetrationstest",
        "description": (
            "Ein Automobilkunde verlangt von uns bis Jahresende ein TISAX-Label. Wir suchen Unterstützung bei der "
            "Vorbereitung auf das Assessment sowie einen Penetrationstest unseres Kundenportals und des "
            "Büronetzes."
        ),
        "topics": ["it-security"],
        "keywords": ["TISAX", "Penetrationstest"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "n-awareness",
        "organisation": "boerde-back",
        "type": "business",
        "title": "Security-Awareness-Schulung für 120 Beschäftigte",
        "description": (
            "Nach einem Phishing-Vorfall wollen wir alle Beschäftigten, auch in Produktion und Versand, für "
            "IT-Sicherheit sensibilisieren. Gewünscht sind kurze Lerneinheiten, simulierte Phishing-Mails und eine "
            "Präsenzschulung für die Schichten."
        ),
        "topics": ["it-security", "qualification"],
        "keywords": ["Security Awareness", "Phishing"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "startup"],
    },
    {
        "key": "n-food-vision",
        "organisation": "boerde-back",
        "type": "pilot",
        "title": "Kamerakontrolle von Backwaren am Band",
        "description": (
            "Form, Größe und Bräunung unserer Brötchen schwanken je nach Charge. Wir möchten Ausschuss am "
            "Ofenausgang mit einer Kamera und lernender Bildauswertung erkennen und stellen dafür eine Linie als "
            "Pilot zur Verfügung."
        ),
        "topics": ["ai"],
        "keywords": ["Bildverarbeitung", "Lebensmittel"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["startup", "institute", "university"],
    },
    {
        "key": "n-shopfloor",
        "organisation": "ruhrlicht",
        "type": "technology",
        "title": "Papierlose Montage: digitale Arbeitsanweisungen und BDE",
        "description": (
            "In unserer Leuchtenmontage arbeiten wir mit ausgedruckten Arbeitsplänen und Strichlisten. Wir "
            "suchen eine Lösung für digitale Arbeitsanweisungen am Arbeitsplatz und die Rückmeldung von Mengen und "
            "Störgründen. Ein Partner in der Nähe wäre uns wichtig."
        ),
        "topics": ["process-erp", "iot-industrie-40"],
        "keywords": ["Werkerführung", "BDE", "papierlose Fertigung"],
        "reach": "suedwestfalen",
        "reach_km": None,
        "partner_kinds": ["firm", "startup"],
    },
    {
        "key": "n-pcf",
        "organisation": "ruhrlicht",
        "type": "business",
        "title": "CO2-Fußabdruck für unsere Leuchten (PCF)",
        "description": (
            "Große Kunden aus dem Objektgeschäft fordern für jede Leuchte einen Product Carbon Footprint. Wir "
            "suchen einen Partner, der mit uns die Berechnung für 300 Varianten aufbaut und aus Stücklisten und "
            "Lieferantendaten automatisiert."
        ),
        "topics": ["sustainability", "data-analytics"],
        "keywords": ["PCF", "CO2-Bilanz", "Ökobilanz"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "startup", "institute", "university"],
    },
    {
        "key": "n-d2c-shop",
        "organisation": "lenne-strick",
        "type": "business",
        "title": "Eigener Onlineshop und Marktplätze für unsere Strumpfmarke",
        "description": (
            "Bisher verkaufen wir nur über den Fachhandel. Wir wollen unsere Strumpfmarke direkt an Endkunden "
            "verkaufen, mit eigenem Shop und auf Marktplätzen wie Amazon und Otto. Gesucht ist eine Agentur, die "
            "Strategie und Umsetzung aus einer Hand liefert."
        ),
        "topics": ["platforms-ecommerce", "digital-strategy"],
        "keywords": ["D2C", "Onlineshop", "Marktplatz"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "startup"],
    },
    {
        "key": "n-thesis-ecommerce",
        "organisation": "sanitaer-werl",
        "type": "thesis",
        "title": "Abschlussarbeit: Digitales Bestellverhalten im Sanitärhandwerk",
        "description": (
            "Eine Studentin oder ein Student soll untersuchen, wie Installateurbetriebe heute bestellen und welche "
            "Funktionen ein B2B-Shop bieten muss. Die Arbeit umfasst Interviews mit Kunden und die Auswertung "
            "unserer Auftragsdaten."
        ),
        "topics": ["platforms-ecommerce", "data-analytics"],
        "keywords": ["Abschlussarbeit", "B2B-Shop"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["university"],
    },
    {
        "key": "n-thesis-siem",
        "organisation": "siegerland-it",
        "type": "thesis",
        "title": "Masterarbeit: SIEM-Lösungen für kleine Unternehmen bewerten",
        "description": (
            "Wir möchten unseren Kunden ein bezahlbares Sicherheitsmonitoring anbieten. In einer Masterarbeit "
            "sollen Open-Source- und kommerzielle SIEM-Lösungen in einer Testumgebung verglichen und ein "
            "Betriebskonzept für KMU entworfen werden."
        ),
        "topics": ["it-security", "cloud-infrastructure"],
        "keywords": ["SIEM", "Masterarbeit"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["university"],
    },
    {
        "key": "n-cobot-welding",
        "organisation": "siegtal-stahlbau",
        "type": "technology",
        "title": "Cobot-Schweißen für Kleinserien",
        "description": (
            "Wir schweißen Konsolen und Anschlussbleche in Losgrößen von 5 bis 50 Stück und finden kaum noch "
            "Schweißer. Gesucht ist ein Integrator, der eine Cobot-Schweißzelle mit einfacher Programmierung "
            "liefert und unsere Mitarbeiter einweist."
        ),
        "topics": ["robotics-automation"],
        "keywords": ["Cobot", "Schweißen"],
        "reach": "radius",
        "reach_km": 100,
        "partner_kinds": ["firm", "startup"],
    },
    {
        "key": "n-strip-quality",
        "organisation": "walzwerk-kreuztal",
        "type": "research",
        "title": "Banddicke und Oberflächenqualität aus Prozessdaten vorhersagen",
        "description": (
            "Wir zeichnen an unseren Kaltwalzgerüsten Walzkraft, Bandzug und Temperatur hochfrequent auf. In einem "
            "Forschungsprojekt möchten wir mit maschinellem Lernen Dickenabweichungen und Oberflächenfehler "
            "vorhersagen, bevor das Band die Linie verlässt."
        ),
        "topics": ["ai", "data-analytics"],
        "keywords": ["Prozessdaten", "Qualitätsprognose", "Walzen"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["university", "institute"],
    },
    {
        "key": "n-edi",
        "organisation": "netphen-ems",
        "type": "business",
        "title": "EDI-Anbindung an Automobilkunden und E-Rechnung",
        "description": (
            "Zwei Kunden verlangen Lieferabrufe und Lieferavis per VDA- bzw. EDIFACT-Nachrichten. Gleichzeitig "
            "müssen wir Rechnungen künftig als XRechnung oder ZUGFeRD versenden. Wir suchen einen Dienstleister, "
            "der beides an unser ERP anbindet."
        ),
        "topics": ["process-erp"],
        "keywords": ["EDI", "E-Rechnung", "XRechnung"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "n-remote-service",
        "organisation": "volmetal",
        "type": "research",
        "title": "Fernüberwachung ausgelieferter Hydraulikaggregate als Service",
        "description": (
            "Wir möchten unseren Kunden die Zustandsüberwachung unserer Hydraulikaggregate als Dienstleistung "
            "anbieten: Öltemperatur, Druck und Filterzustand sollen aus der Ferne sichtbar werden. Gesucht sind "
            "Partner für die technische Plattform und für das Geschäftsmodell."
        ),
        "topics": ["iot-industrie-40", "digital-strategy"],
        "keywords": ["Remote Service", "Smart Service", "Hydraulik"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["startup", "university", "institute"],
    },
    {
        "key": "n-oee",
        "organisation": "hennesee-guss",
        "type": "technology",
        "title": "OEE-Erfassung an Druckgießzellen",
        "description": (
            "Wir wissen nicht genau, wie viel Zeit unsere sechs Druckgießzellen durch Rüsten und Störungen "
            "verlieren. Gesucht ist eine einfache automatische Erfassung von Takt, Stillstand und Störgrund mit "
            "einem OEE-Dashboard, ohne in die Steuerungen einzugreifen."
        ),
        "topics": ["iot-industrie-40", "data-analytics"],
        "keywords": ["OEE", "Maschinendaten"],
        "reach": "radius",
        "reach_km": 60,
        "partner_kinds": ["firm", "startup"],
    },
    {
        "key": "n-fleet",
        "organisation": "baustoffe-geseke",
        "type": "technology",
        "title": "Tourenplanung und Telematik für 30 Baustoff-Lkw",
        "description": (
            "Unsere Disposition plant die Touren zu Baustellen noch an der Magnettafel. Wir suchen eine Software "
            "für Tourenplanung mit Zeitfenstern und Kranfahrzeugen sowie Telematik für Ankunftszeiten und "
            "digitale Lieferscheine."
        ),
        "topics": ["logistics"],
        "keywords": ["Tourenplanung", "Telematik"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "startup"],
    },
    {
        "key": "n-wms",
        "organisation": "kueckelhaus",
        "type": "technology",
        "title": "Neues Lagerverwaltungssystem mit Scannern oder RFID",
        "description": (
            "Unser Kontraktlager mit 12.000 Stellplätzen wird mit einer Eigenentwicklung aus den 90er-Jahren "
            "verwaltet. Wir suchen ein modernes Lagerverwaltungssystem mit mobiler Datenerfassung und prüfen, ob "
            "RFID für unsere Ladungsträger sinnvoll ist."
        ),
        "topics": ["logistics", "process-erp"],
        "keywords": ["WMS", "RFID", "Lagerverwaltung"],
        "reach": "radius",
        "reach_km": 80,
        "partner_kinds": ["firm", "startup", "institute"],
    },
    {
        "key": "n-hybrid-work",
        "organisation": "landtechnik-burbach",
        "type": "business",
        "title": "Hybride Arbeit für Verwaltung und Vertrieb",
        "description": (
            "Um Fachkräfte aus dem weiteren Umland zu gewinnen, wollen wir Verwaltung und Vertrieb hybrides "
            "Arbeiten ermöglichen. Wir brauchen Kollaborationswerkzeuge, Regeln für die Zusammenarbeit und "
            "Arbeitsplätze in der Nähe für Pendlertage."
        ),
        "topics": ["new-work"],
        "keywords": ["hybride Arbeit", "Coworking"],
        "reach": "radius",
        "reach_km": 50,
        "partner_kinds": ["coworking", "firm"],
    },
    {
        "key": "n-quote-ai",
        "organisation": "armaturen-menden",
        "type": "research",
        "title": "KI-Unterstützung für die Angebotskalkulation",
        "description": (
            "Anfragen kommen als PDF-Zeichnungen und E-Mails, die Kalkulation dauert oft eine Woche. Wir möchten "
            "ähnliche, bereits gefertigte Teile automatisch finden und Angaben aus Anfragen mit KI auslesen, um "
            "schneller anbieten zu können."
        ),
        "topics": ["ai", "process-erp"],
        "keywords": ["Angebotskalkulation", "Ähnlichteilsuche"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["startup", "institute", "university"],
    },
    {
        "key": "n-dataspace",
        "organisation": "uni-siegen",
        "type": "research",
        "title": "Industriepartner für ein Forschungsprojekt zu Datenräumen gesucht",
        "description": (
            "Unser Lehrstuhl beantragt ein Verbundprojekt zum souveränen Datenaustausch in Lieferketten "
            "(Manufacturing-X). Wir suchen produzierende Unternehmen aus Südwestfalen, die Anwendungsfälle und "
            "Produktionsdaten einbringen."
        ),
        "topics": ["data-analytics", "iot-industrie-40"],
        "keywords": ["Datenraum", "Manufacturing-X", "Verbundprojekt"],
        "reach": "suedwestfalen",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "n-student-project",
        "organisation": "fhswf-iserlohn",
        "type": "thesis",
        "title": "Praxispartner für Projektarbeiten in der Automatisierungstechnik",
        "description": (
            "Teams aus dem sechsten Semester Elektrotechnik bearbeiten ein Semester lang eine echte Aufgabe aus "
            "einem Unternehmen. Wir suchen Betriebe in der Nähe von Iserlohn mit Themen aus Automatisierung, "
            "Sensorik oder Datenerfassung."
        ),
        "topics": ["robotics-automation", "qualification"],
        "keywords": ["Projektarbeit", "Studierende"],
        "reach": "radius",
        "reach_km": 40,
        "partner_kinds": ["firm"],
    },
    {
        "key": "n-lora-pilots",
        "organisation": "hangsensor",
        "type": "pilot",
        "title": "Pilotbetriebe für Funk-Sensoren im Holz- und Schüttgutlager",
        "description": (
            "Unsere LoRaWAN-Sensoren messen Feuchte und Temperatur in Holzpoltern und Schüttgut. Wir suchen "
            "Betriebe in Südwestfalen, die die Sensoren eine Saison lang kostenlos testen und uns Rückmeldung geben."
        ),
        "topics": ["iot-industrie-40"],
        "keywords": ["LoRaWAN", "Pilotkunde", "Sensorik"],
        "reach": "suedwestfalen",
        "reach_km": None,
        "partner_kinds": ["firm", "public"],
    },
    {
        "key": "n-digital-roadmap",
        "organisation": "landtechnik-burbach",
        "type": "business",
        "title": "Wo fangen wir an? Digitalisierungsfahrplan für unseren Handel",
        "description": (
            "Wir handeln mit Landmaschinen und Ersatzteilen und haben viele Ideen, aber keinen Plan. Wir suchen "
            "jemanden aus der Region, der mit uns eine Bestandsaufnahme macht und einen Fahrplan mit Prioritäten "
            "für die nächsten drei Jahre entwickelt."
        ),
        "topics": ["digital-strategy"],
        "keywords": ["Digitalisierungsstrategie", "Roadmap"],
        "reach": "suedwestfalen",
        "reach_km": None,
        "partner_kinds": ["firm", "public", "university"],
    },
    {
        "key": "n-genai-workshop",
        "organisation": "sorpe",
        "type": "business",
        "title": "Generative KI: Workshop für Geschäftsführung und KI-Richtlinie",
        "description": (
            "Viele Beschäftigte nutzen bereits ChatGPT, ohne dass es Regeln gibt. Wir suchen einen Workshop für "
            "die Geschäftsführung zu sinnvollen Anwendungsfällen und Unterstützung bei einer internen "
            "KI-Richtlinie."
        ),
        "topics": ["ai", "qualification"],
        "keywords": ["generative KI", "KI-Richtlinie"],
        "reach": "radius",
        "reach_km": 80,
        "partner_kinds": [],
    },
    {
        "key": "n-ot-security",
        "organisation": "fahrzeuglicht",
        "type": "technology",
        "title": "Segmentierung und Überwachung unseres Produktionsnetzes",
        "description": (
            "Unsere Spritzgieß- und Montageanlagen hängen im selben Netz wie die Büro-IT. Wir suchen Unterstützung "
            "für ein Segmentierungskonzept nach IEC 62443 und eine Lösung, die Auffälligkeiten im OT-Netz erkennt."
        ),
        "topics": ["it-security", "iot-industrie-40"],
        "keywords": ["OT-Security", "IEC 62443", "Netzsegmentierung"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "institute"],
    },
    {
        "key": "n-supply-risk",
        "organisation": "biggesee-auto",
        "type": "research",
        "title": "Frühwarnsystem für Lieferengpässe bei Vorlieferanten",
        "description": (
            "Engpässe bei Granulat und Elektronik haben uns zweimal die Linie stillgelegt. Wir möchten in einem "
            "Forschungsprojekt Daten unserer Lieferanten und externe Risikoindikatoren zu einem Frühwarnsystem für "
            "die Lieferkette zusammenführen."
        ),
        "topics": ["logistics", "data-analytics"],
        "keywords": ["Lieferkette", "Risikomanagement"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["institute", "university", "startup"],
    },
    {
        "key": "n-compressed-air",
        "organisation": "lenne-strick",
        "type": "business",
        "title": "Druckluftleckagen und Energieverbrauch der Strickmaschinen senken",
        "description": (
            "Unsere Strickmaschinen und die Druckluftversorgung laufen rund um die Uhr. Wir möchten Leckagen finden "
            "und den Verbrauch je Maschinengruppe messen, um gezielt zu sparen. Gesucht sind Partner aus "
            "Südwestfalen."
        ),
        "topics": ["sustainability"],
        "keywords": ["Druckluft", "Energieeffizienz"],
        "reach": "suedwestfalen",
        "reach_km": None,
        "partner_kinds": ["firm", "startup", "university"],
    },
    {
        "key": "n-bim",
        "organisation": "rademacher-bau",
        "type": "business",
        "title": "Einstieg in BIM für ein mittelständisches Bauunternehmen",
        "description": (
            "Öffentliche Auftraggeber verlangen zunehmend Building Information Modeling. Wir suchen Begleitung für "
            "den Einstieg: Softwareauswahl, ein erstes Pilotprojekt und Schulung unserer Bauleitung."
        ),
        "topics": ["digital-strategy", "process-erp", "qualification"],
        "keywords": ["BIM"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "university"],
    },
]

OFFERS = [
    # Start-ups
    {
        "key": "o-schwingwert-retrofit",
        "organisation": "schwingwert",
        "type": "technology",
        "title": "Predictive-Maintenance-Nachrüstsatz für Pressen, Pumpen und Lüfter",
        "description": (
            "Wir rüsten Bestandsmaschinen mit Schwingungs- und Stromsensoren nach und erkennen Lagerschäden, "
            "Unwuchten und Verschleiß mit lernenden Modellen. Installation an einem Tag, Dashboard und Alarme "
            "inklusive."
        ),
        "topics": ["iot-industrie-40", "ai"],
        "keywords": ["Predictive Maintenance", "Schwingungsanalyse", "Retrofit"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-schwingwert-hydraulic",
        "organisation": "schwingwert",
        "type": "pilot",
        "title": "Pilotpartner für die Überwachung von Hydraulikaggregaten",
        "description": (
            "Wir erweitern unsere Zustandsüberwachung auf Hydraulikaggregate (Druck, Öltemperatur, Pumpenzustand). "
            "Gesucht sind Hersteller oder Betreiber, mit denen wir das System im Feld erproben und als Service "
            "für ihre Kunden bereitstellen."
        ),
        "topics": ["iot-industrie-40"],
        "keywords": ["Hydraulik", "Condition Monitoring"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-pruefblick-inspection",
        "organisation": "pruefblick",
        "type": "technology",
        "title": "KI-Sichtprüfung für Serienteile aus Kunststoff und Metall",
        "description": (
            "Unser Prüfsystem erkennt Oberflächenfehler wie Kratzer, Schlieren, Lunker und fehlende Merkmale an "
            "Spritzguss-, Stanz- und Druckgussteilen. Neue Varianten lernt es mit wenigen Dutzend Beispielbildern; "
            "Kamera, Beleuchtung und Integration in die Linie liefern wir mit."
        ),
        "topics": ["ai"],
        "keywords": ["Bildverarbeitung", "Qualitätsprüfung", "Computer Vision"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-zwillingswerk-factory",
        "organisation": "zwillingswerk",
        "type": "business",
        "title": "Digitaler Zwilling für Fabrik- und Layoutplanung",
        "description": (
            "Wir bauen ein Simulationsmodell Ihres Materialflusses und vergleichen Layoutvarianten, Puffer und "
            "Transportmittel, bevor gebaut wird. Erfahrung aus Stahlbau, Automotive und Logistik."
        ),
        "topics": ["iot-industrie-40", "logistics"],
        "keywords": ["digitaler Zwilling", "Materialflusssimulation", "Fabrikplanung"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-zwillingswerk-vibn",
        "organisation": "zwillingswerk",
        "type": "technology",
        "title": "Virtuelle Inbetriebnahme von Maschinensteuerungen",
        "description": (
            "Maschinenbauer testen ihre SPS-Programme an einem Simulationsmodell der Maschine, bevor die "
            "Hardware steht. Das verkürzt die Inbetriebnahme beim Kunden um Wochen."
        ),
        "topics": ["robotics-automation", "iot-industrie-40"],
        "keywords": ["virtuelle Inbetriebnahme", "digitaler Zwilling", "SPS"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-flinkflott-amr",
        "organisation": "flinkflott",
        "type": "technology",
        "title": "Autonome mobile Roboter für Kleinladungsträger, auch zur Miete",
        "description": (
            "Unsere AMR transportieren Behälter bis 300 kg zwischen Fertigung, Lager und Montage und fahren sicher "
            "im Mischverkehr. Flottensteuerung und ERP-Anbindung sind enthalten; ein Pilot mit zwei Fahrzeugen ist "
            "zum Mietpreis möglich."
        ),
        "topics": ["robotics-automation", "logistics"],
        "keywords": ["AMR", "FTS", "Intralogistik"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-lueftwerk-volume",
        "organisation": "lueftwerk",
        "type": "pilot",
        "title": "Lagerbestände per Drohne vermessen: Pilotkunden willkommen",
        "description": (
            "Wir befliegen Freilager mit Drohnen und berechnen aus den Bildern das Volumen von Schüttgut- und "
            "Holzpoltern. Pilotkunden erhalten drei Monate lang kostenlose Befliegungen."
        ),
        "topics": ["logistics", "ai"],
        "keywords": ["Drohne", "Volumenmessung", "Inventur"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-lueftwerk-thermo",
        "organisation": "lueftwerk",
        "type": "business",
        "title": "Drohnen-Thermografie von Dächern und PV-Anlagen",
        "description": (
            "Wir prüfen Hallendächer und Photovoltaikanlagen per Wärmebildkamera aus der Luft und erstellen einen "
            "Bericht mit Schadstellen. Ideal vor Dachsanierung oder Garantieablauf."
        ),
        "topics": ["sustainability"],
        "keywords": ["Drohne", "Thermografie", "Photovoltaik"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "public"],
    },
    {
        "key": "o-datenmut-literacy",
        "organisation": "datenmut",
        "type": "business",
        "title": "Data-Literacy-Training für Produktion und Logistik",
        "description": (
            "Zweitägige Inhouse-Workshops für Meister, Schichtleitungen und Sachbearbeitung: Kennzahlen verstehen, "
            "Daten in Excel und Power BI auswerten, Dashboards richtig lesen. Wir arbeiten mit Ihren eigenen Daten."
        ),
        "topics": ["qualification", "data-analytics"],
        "keywords": ["Data Literacy", "Schulung", "Power BI"],
        "reach": "radius",
        "reach_km": 80,
        "partner_kinds": ["firm", "public"],
    },
    {
        "key": "o-datenmut-genai",
        "organisation": "datenmut",
        "type": "business",
        "title": "Generative KI im Mittelstand: Workshop und KI-Richtlinie",
        "description": (
            "In einem halbtägigen Workshop zeigen wir der Geschäftsführung konkrete Anwendungsfälle für "
            "Sprachmodelle und ihre Grenzen. Danach erarbeiten wir gemeinsam eine KI-Richtlinie für Ihre "
            "Beschäftigten."
        ),
        "topics": ["ai", "qualification"],
        "keywords": ["generative KI", "KI-Richtlinie", "Workshop"],
        "reach": "radius",
        "reach_km": 80,
        "partner_kinds": ["firm", "public"],
    },
    {
        "key": "o-phishfang-awareness",
        "organisation": "phishfang",
        "type": "business",
        "title": "Security Awareness mit Phishing-Simulation und Schulung vor Ort",
        "description": (
            "Kurze E-Learning-Einheiten, realistische Phishing-Simulationen und Präsenzschulungen auch für "
            "Beschäftigte ohne eigenen PC-Arbeitsplatz. Auswertungen je Abteilung helfen bei NIS2- und "
            "ISO-27001-Nachweisen."
        ),
        "topics": ["it-security", "qualification"],
        "keywords": ["Security Awareness", "Phishing"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "public"],
    },
    {
        "key": "o-kantenwerk-gateway",
        "organisation": "kantenwerk",
        "type": "technology",
        "title": "IoT-Plattform für den Remote Service von Maschinenherstellern",
        "description": (
            "Maschinen- und Anlagenbauer überwachen mit unserem Edge-Gateway und unserer Cloud ihre ausgelieferten "
            "Anlagen, senden Alarme und bieten Wartung als Service an. Mandantenfähig, mit Kundenportal unter "
            "eigener Marke."
        ),
        "topics": ["iot-industrie-40", "cloud-infrastructure"],
        "keywords": ["Remote Service", "Edge Computing", "Smart Service"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-kantenwerk-opcua",
        "organisation": "kantenwerk",
        "type": "technology",
        "title": "OPC-UA-Retrofit für Bestandsmaschinen",
        "description": (
            "Wir binden ältere Maschinen mit S7-, Heidenhain- oder Fanuc-Steuerungen über OPC UA an MES und "
            "Cloud an. Der Gateway-Einbau erfolgt ohne Eingriff in die Maschinensoftware."
        ),
        "topics": ["iot-industrie-40"],
        "keywords": ["OPC UA", "Retrofit", "MES"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-kantenwerk-energy",
        "organisation": "kantenwerk",
        "type": "technology",
        "title": "Energiedaten über IoT-Gateway erfassen",
        "description": (
            "Unser Gateway liest Strom-, Gas- und Druckluftzähler aus und stellt die Verbräuche je Anlage in einem "
            "Dashboard dar. Geeignet als Grundlage für ISO 50001."
        ),
        "topics": ["sustainability", "iot-industrie-40"],
        "keywords": ["Energiemonitoring", "ISO 50001"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-routenreich-tours",
        "organisation": "routenreich",
        "type": "technology",
        "title": "Tourenplanung und Telematik für Baustofflogistik",
        "description": (
            "Unsere Software plant Touren mit Zeitfenstern, Fahrzeugtypen wie Kran- und Silofahrzeugen und "
            "Baustellenzufahrten. Fahrer erhalten Aufträge und digitale Lieferscheine in der App, Kunden sehen die "
            "voraussichtliche Ankunftszeit."
        ),
        "topics": ["logistics"],
        "keywords": ["Tourenplanung", "Telematik", "digitaler Lieferschein"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-wattlog-monitoring",
        "organisation": "wattlog",
        "type": "technology",
        "title": "Energiemonitoring mit Funk-Unterzählern für die Industrie",
        "description": (
            "Wir installieren Funk-Stromzähler und Druckluftsensoren an Ihren Anlagen und liefern Lastgänge, "
            "Kennzahlen und Berichte für ISO 50001 und den Spitzenausgleich. Montage durch unser eigenes Team in "
            "Südwestfalen."
        ),
        "topics": ["sustainability", "iot-industrie-40"],
        "keywords": ["Energiemonitoring", "ISO 50001", "Submetering"],
        "reach": "suedwestfalen",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-wattlog-leaks",
        "organisation": "wattlog",
        "type": "business",
        "title": "Druckluft-Leckageortung mit Ultraschall",
        "description": (
            "Wir spüren Leckagen im Druckluftnetz mit Ultraschall auf, markieren sie und berechnen die Einsparung. "
            "Auf Wunsch messen wir anschließend den Verbrauch dauerhaft."
        ),
        "topics": ["sustainability"],
        "keywords": ["Druckluft", "Leckage", "Energieeffizienz"],
        "reach": "suedwestfalen",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-kataloggo-b2b",
        "organisation": "kataloggo",
        "type": "technology",
        "title": "PIM und B2B-Shop für den technischen Großhandel",
        "description": (
            "Unsere Plattform übernimmt Herstellerdaten aus BMEcat und DATANORM, verwaltet kundenindividuelle "
            "Preise und bietet Schnellerfassung per Artikelnummer. Schnittstellen zu gängigen ERP-Systemen des "
            "Großhandels sind vorhanden."
        ),
        "topics": ["platforms-ecommerce", "process-erp"],
        "keywords": ["B2B-Shop", "PIM", "Großhandel"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-kreislauf-pcf",
        "organisation": "kreislaufrechner",
        "type": "technology",
        "title": "Product Carbon Footprint automatisiert aus Stückliste und ERP",
        "description": (
            "Wir berechnen CO2-Fußabdrücke für Produkte nach ISO 14067 direkt aus Stücklisten, Emissionsfaktoren "
            "und Lieferantendaten. Auch für Hunderte Varianten, mit Export für Kundenanfragen und EPD."
        ),
        "topics": ["sustainability", "data-analytics"],
        "keywords": ["PCF", "CO2-Bilanz", "ISO 14067"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-kreislauf-csrd",
        "organisation": "kreislaufrechner",
        "type": "business",
        "title": "Nachhaltigkeitsbericht nach CSRD für den Mittelstand",
        "description": (
            "Wir begleiten Unternehmen durch Wesentlichkeitsanalyse, Datenerhebung und den Bericht nach ESRS. "
            "Inklusive Unternehmens-CO2-Bilanz nach GHG Protocol."
        ),
        "topics": ["sustainability", "digital-strategy"],
        "keywords": ["CSRD", "ESG", "Nachhaltigkeitsbericht"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-hangsensor-lora",
        "organisation": "hangsensor",
        "type": "technology",
        "title": "LoRaWAN-Sensoren für Feuchte und Temperatur im Außenlager",
        "description": (
            "Batteriebetriebene Funksensoren messen jahrelang Feuchte und Temperatur in Holzpoltern, Silos und "
            "Schüttgut. Die Daten laufen über ein eigenes LoRaWAN-Gateway in ein Dashboard mit Alarmen."
        ),
        "topics": ["iot-industrie-40"],
        "keywords": ["LoRaWAN", "Sensorik", "Feuchtemessung"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "public"],
    },
    {
        "key": "o-taktwerk-worker",
        "organisation": "taktwerk",
        "type": "technology",
        "title": "Digitale Werkerführung und Betriebsdatenerfassung für die Montage",
        "description": (
            "Auf Tablets oder Monitoren am Arbeitsplatz zeigen wir Arbeitsanweisungen mit Bildern und Videos; "
            "Mengen, Ausschuss und Störgründe werden per Fingertipp zurückgemeldet. Anbindung an das ERP und "
            "Einführung vor Ort in Südwestfalen."
        ),
        "topics": ["process-erp", "iot-industrie-40"],
        "keywords": ["Werkerführung", "BDE", "papierlose Fertigung"],
        "reach": "suedwestfalen",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-taktwerk-oee",
        "organisation": "taktwerk",
        "type": "technology",
        "title": "OEE-Erfassung per Nachrüstsensor",
        "description": (
            "Ein Sensor am Maschinensignal oder an der Signalsäule erfasst Takt und Stillstand, Bediener ergänzen "
            "den Störgrund am Tablet. Das OEE-Dashboard läuft nach einem Tag, ohne Eingriff in die Steuerung."
        ),
        "topics": ["iot-industrie-40", "data-analytics"],
        "keywords": ["OEE", "Maschinendaten", "Retrofit"],
        "reach": "suedwestfalen",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    # Service providers
    {
        "key": "o-secops-nis2",
        "organisation": "secops",
        "type": "business",
        "title": "NIS2-Check, Gap-Analyse und ISMS nach ISO 27001",
        "description": (
            "Wir prüfen, ob Sie unter NIS2 fallen, analysieren die Lücken und bauen mit Ihnen ein ISMS nach "
            "ISO 27001 auf, einschließlich Meldeprozess und Notfallplan. Begleitung bis zum Zertifizierungsaudit."
        ),
        "topics": ["it-security"],
        "keywords": ["NIS2", "ISO 27001", "ISMS"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "public"],
    },
    {
        "key": "o-secops-tisax",
        "organisation": "secops",
        "type": "business",
        "title": "TISAX-Readiness für Automobilzulieferer",
        "description": (
            "Selbstbewertung nach VDA ISA, Maßnahmenplan und Begleitung bis zum TISAX-Label. Wir haben über 30 "
            "Zulieferer in Südwestfalen durch das Assessment gebracht."
        ),
        "topics": ["it-security"],
        "keywords": ["TISAX", "VDA ISA"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-secops-incident",
        "organisation": "secops",
        "type": "business",
        "title": "Incident-Response-Bereitschaft rund um die Uhr",
        "description": (
            "Bei einem Cyberangriff sind unsere Forensiker innerhalb von vier Stunden bei Ihnen. Der Vertrag "
            "enthält eine jährliche Notfallübung."
        ),
        "topics": ["it-security"],
        "keywords": ["Incident Response", "Forensik"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "public"],
    },
    {
        "key": "o-cert-pentest",
        "organisation": "westfalen-cert",
        "type": "business",
        "title": "Penetrationstests für Webanwendungen und Netzwerke",
        "description": (
            "Zertifizierte Pentester prüfen Ihre Webportale, Ihr internes Netz und Ihre VPN-Zugänge und liefern "
            "einen priorisierten Maßnahmenbericht. Die Berichte erfüllen die Anforderungen von TISAX und "
            "Versicherern."
        ),
        "topics": ["it-security"],
        "keywords": ["Penetrationstest", "Schwachstellenanalyse"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "public", "startup"],
    },
    {
        "key": "o-cert-ot",
        "organisation": "westfalen-cert",
        "type": "business",
        "title": "OT-Sicherheit nach IEC 62443: Analyse, Segmentierung, Monitoring",
        "description": (
            "Wir erfassen Ihre Produktionsanlagen, entwerfen Zonen und Übergänge nach IEC 62443 und installieren "
            "eine passive Anomalieerkennung im OT-Netz. Umsetzung ohne Produktionsstillstand."
        ),
        "topics": ["it-security", "iot-industrie-40"],
        "keywords": ["OT-Security", "IEC 62443", "Netzsegmentierung"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-cert-isms",
        "organisation": "westfalen-cert",
        "type": "business",
        "title": "ISMS-Einführung nach ISO 27001 und BSI-Grundschutz",
        "description": (
            "Wir führen ein Informationssicherheits-Managementsystem ein, schreiben mit Ihnen die Richtlinien und "
            "bereiten das Zertifizierungsaudit vor. Auch als Basis für die Pflichten aus NIS2."
        ),
        "topics": ["it-security"],
        "keywords": ["ISO 27001", "ISMS", "NIS2"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "public"],
    },
    {
        "key": "o-siegit-m365",
        "organisation": "siegerland-it",
        "type": "business",
        "title": "Migration nach Microsoft 365 mit sicherem mobilem Zugriff",
        "description": (
            "Wir ziehen Fileserver und Exchange nach SharePoint, Teams und Exchange Online um und richten "
            "Geräteverwaltung mit Intune sowie Mehrfaktor-Anmeldung ein. Betreuung aus Siegen für Unternehmen in "
            "Südwestfalen."
        ),
        "topics": ["cloud-infrastructure", "it-security", "new-work"],
        "keywords": ["Microsoft 365", "Cloud-Migration", "Teams"],
        "reach": "suedwestfalen",
        "reach_km": None,
        "partner_kinds": ["firm", "public"],
    },
    {
        "key": "o-siegit-roadmap",
        "organisation": "siegerland-it",
        "type": "business",
        "title": "Digitalisierungs-Check und Fahrplan für KMU, mit Förderantrag",
        "description": (
            "In zwei Workshops nehmen wir Prozesse und IT auf und erstellen einen priorisierten "
            "Digitalisierungsfahrplan. Wir prüfen passende Förderprogramme und stellen den Antrag mit Ihnen."
        ),
        "topics": ["digital-strategy", "funding"],
        "keywords": ["Digitalisierungsstrategie", "Roadmap", "Fördermittel"],
        "reach": "suedwestfalen",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-siegit-backup",
        "organisation": "siegerland-it",
        "type": "business",
        "title": "Managed Backup und Hosting im regionalen Rechenzentrum",
        "description": (
            "Tägliche verschlüsselte Sicherung Ihrer Server und Microsoft-365-Daten in unser Rechenzentrum in "
            "Siegen, mit monatlichem Wiederherstellungstest."
        ),
        "topics": ["cloud-infrastructure", "it-security"],
        "keywords": ["Backup", "Hosting"],
        "reach": "suedwestfalen",
        "reach_km": None,
        "partner_kinds": ["firm", "public"],
    },
    {
        "key": "o-siegit-powerbi",
        "organisation": "siegerland-it",
        "type": "business",
        "title": "Power-BI-Dashboards aus Ihren ERP-Daten",
        "description": (
            "Wir entwickeln Berichte und Dashboards für Vertrieb, Einkauf und Controlling direkt aus Ihrem ERP. "
            "Sie erhalten fertige Berichte, Betrieb und Pflege übernehmen wir."
        ),
        "topics": ["data-analytics"],
        "keywords": ["Power BI", "Dashboard", "Business Intelligence"],
        "reach": "suedwestfalen",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-erp-bc",
        "organisation": "erp-beratung",
        "type": "business",
        "title": "Von Navision zu Business Central: Migration für den Mittelstand",
        "description": (
            "Wir migrieren ältere Navision- und Dynamics-NAV-Installationen nach Microsoft Dynamics 365 Business "
            "Central, in der Cloud oder im eigenen Haus. Stammdaten, offene Posten und Fertigungsstücklisten "
            "übernehmen wir mit erprobten Werkzeugen."
        ),
        "topics": ["process-erp", "cloud-infrastructure"],
        "keywords": ["ERP-Migration", "Business Central", "Navision"],
        "reach": "radius",
        "reach_km": 100,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-erp-edi",
        "organisation": "erp-beratung",
        "type": "business",
        "title": "EDI und E-Rechnung: VDA, EDIFACT, XRechnung, ZUGFeRD",
        "description": (
            "Wir binden Lieferabrufe, Lieferavis und Rechnungen Ihrer Kunden per EDI an Ihr ERP an und machen Sie "
            "fit für die E-Rechnungspflicht. Betrieb des EDI-Konverters auf Wunsch als Service."
        ),
        "topics": ["process-erp"],
        "keywords": ["EDI", "E-Rechnung", "XRechnung"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-erp-invoice-capture",
        "organisation": "erp-beratung",
        "type": "technology",
        "title": "Eingangsrechnungen automatisch erfassen mit KI",
        "description": (
            "Papier- und PDF-Rechnungen werden ausgelesen, mit der Bestellung abgeglichen und zur Freigabe ins "
            "ERP gebucht. Lieferantenrechnungen brauchen so keine manuelle Erfassung mehr."
        ),
        "topics": ["process-erp", "ai"],
        "keywords": ["Rechnungseingang", "Dokumentenerkennung"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-sap-s4",
        "organisation": "emscher-sap",
        "type": "business",
        "title": "SAP S/4HANA Cloud für mittelständische Fertiger",
        "description": (
            "Wir führen SAP S/4HANA Cloud mit vorkonfigurierten Prozessen für Fertiger ab 50 Beschäftigten ein, "
            "einschließlich Datenübernahme aus Altsystemen wie Navision oder Sage. Festpreis-Pakete für die "
            "Einführung in sechs Monaten."
        ),
        "topics": ["process-erp", "cloud-infrastructure"],
        "keywords": ["SAP", "ERP-Einführung", "S/4HANA"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-phoenix-b2b",
        "organisation": "phoenixsee-digital",
        "type": "business",
        "title": "B2B-Shops mit Shopware und ERP-Anbindung",
        "description": (
            "Wir bauen B2B-Shops für Hersteller und Großhändler: kundenindividuelle Preise, Schnellbestellung, "
            "Freigabeprozesse und Anbindung an Ihr ERP. Übernahme von Katalogdaten aus BMEcat inklusive."
        ),
        "topics": ["platforms-ecommerce", "process-erp"],
        "keywords": ["B2B-Shop", "Shopware"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-phoenix-d2c",
        "organisation": "phoenixsee-digital",
        "type": "business",
        "title": "Direktvertrieb an Endkunden: eigener Shop und Marktplätze",
        "description": (
            "Wir entwickeln mit Herstellermarken eine D2C-Strategie, bauen den eigenen Onlineshop und übernehmen "
            "die Anbindung an Amazon, Otto und Zalando. Ohne Konflikt mit dem bestehenden Fachhandel."
        ),
        "topics": ["platforms-ecommerce", "digital-strategy"],
        "keywords": ["D2C", "Onlineshop", "Marktplatz"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-phoenix-social",
        "organisation": "phoenixsee-digital",
        "type": "business",
        "title": "Social-Media-Kampagnen für Konsumgütermarken",
        "description": (
            "Wir planen und betreuen Kampagnen auf Instagram und TikTok, inklusive Influencer-Kooperationen und "
            "monatlichem Reporting."
        ),
        "topics": ["platforms-ecommerce"],
        "keywords": ["Social Media", "Online-Marketing"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "startup"],
    },
    {
        "key": "o-lippeauto-cobot",
        "organisation": "lippe-automation",
        "type": "technology",
        "title": "Cobot-Zellen für Schweißen, Schrauben und Palettieren",
        "description": (
            "Wir integrieren kollaborierende Roboter für Kleinserien, auch als Schweißzelle mit grafischer "
            "Programmierung per Handführung. Schulung Ihrer Mitarbeiter und Service aus Lippstadt."
        ),
        "topics": ["robotics-automation"],
        "keywords": ["Cobot", "Schweißen", "Robotik"],
        "reach": "radius",
        "reach_km": 150,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-lippeauto-opcua",
        "organisation": "lippe-automation",
        "type": "technology",
        "title": "Maschinenanbindung per OPC UA für Bestandsanlagen",
        "description": (
            "Wir rüsten ältere Werkzeugmaschinen und Anlagen mit S7-, Heidenhain- und Fanuc-Steuerungen auf OPC UA "
            "nach und verbinden sie mit Ihrem MES. Inbetriebnahme vor Ort durch unsere Techniker."
        ),
        "topics": ["iot-industrie-40"],
        "keywords": ["OPC UA", "Retrofit", "MES"],
        "reach": "suedwestfalen",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-lippeauto-plc",
        "organisation": "lippe-automation",
        "type": "business",
        "title": "SPS-Programmierung und Schaltschrankbau",
        "description": (
            "Wir programmieren Steuerungen für Sondermaschinen und bauen Schaltschränke nach Ihren Plänen. "
            "Auch kurzfristig als Kapazitätserweiterung für Maschinenbauer."
        ),
        "topics": ["robotics-automation"],
        "keywords": ["SPS", "Schaltschrankbau"],
        "reach": "radius",
        "reach_km": 150,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-lagerlogik-wms",
        "organisation": "lagerlogik",
        "type": "technology",
        "title": "Lagerverwaltungssystem für Mittelstand und Kontraktlogistik",
        "description": (
            "Unser WMS verwaltet Lagerplätze, Chargen und Mandanten und wird mit mobilen Scannern bedient. "
            "Einführung in drei Monaten, Schnittstellen zu Speditionssoftware und ERP vorhanden."
        ),
        "topics": ["logistics", "process-erp"],
        "keywords": ["WMS", "Lagerverwaltung", "mobile Datenerfassung"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    # Firms offering test beds, data and topics
    {
        "key": "o-kueckelhaus-testbed",
        "organisation": "kueckelhaus",
        "type": "pilot",
        "title": "Unser Lager als Testfeld für Intralogistik-Innovationen",
        "description": (
            "In unserem Kontraktlager in Lennestadt stellen wir Fläche und Ansprechpartner für Tests neuer "
            "Technik bereit, etwa autonome Transportroboter, RFID oder Kommissionierhilfen. Wir erwarten im "
            "Gegenzug die Ergebnisse."
        ),
        "topics": ["logistics", "robotics-automation"],
        "keywords": ["Testfeld", "Intralogistik"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["startup", "institute"],
    },
    {
        "key": "o-kueckelhaus-contract",
        "organisation": "kueckelhaus",
        "type": "business",
        "title": "Kontraktlogistik und Lagerfläche in Südwestfalen",
        "description": (
            "Wir übernehmen Lagerung, Kommissionierung und Versand für Industrie und Handel, mit Anschluss an "
            "unser Transportnetz. Freie Kapazität: 3.000 Palettenstellplätze."
        ),
        "topics": ["logistics"],
        "keywords": ["Kontraktlogistik", "Lagerfläche"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-geseke-testfield",
        "organisation": "baustoffe-geseke",
        "type": "pilot",
        "title": "Schüttgutlager als Testfeld für Drohnen und Sensorik",
        "description": (
            "Auf unserem Werksgelände lagern Sand, Kies und Splitt in großen Halden. Wir stellen sie jungen "
            "Unternehmen und Forschenden für Tests von Drohnen-Vermessung und Sensorik zur Verfügung."
        ),
        "topics": ["logistics", "iot-industrie-40"],
        "keywords": ["Testfeld", "Schüttgut", "Drohne"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["startup", "institute", "university"],
    },
    {
        "key": "o-brilon-testfield",
        "organisation": "holzwerke-brilon",
        "type": "pilot",
        "title": "Rundholzplatz als Testfeld für Sensorik und Drohnen",
        "description": (
            "Unser Rundholzplatz mit rund 40.000 Festmetern steht für Pilotprojekte zur Verfügung, etwa für "
            "Feuchtemessung in Poltern oder Bestandserfassung aus der Luft. Wir bieten Zugang und Rückmeldung aus "
            "der Praxis."
        ),
        "topics": ["iot-industrie-40", "logistics"],
        "keywords": ["Testfeld", "Holz", "Pilotprojekt"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["startup", "institute"],
    },
    {
        "key": "o-kreuztal-research-partner",
        "organisation": "walzwerk-kreuztal",
        "type": "research",
        "title": "Produktionsdaten und Anlagen für Forschungsprojekte",
        "description": (
            "Wir beteiligen uns als Anwendungspartner an Verbundprojekten zu Datenaustausch, Qualität und Energie "
            "in der Metallverarbeitung. Hochfrequente Prozessdaten unserer Walzlinien können wir bereitstellen."
        ),
        "topics": ["data-analytics", "iot-industrie-40"],
        "keywords": ["Verbundprojekt", "Prozessdaten", "Datenraum"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["university", "institute"],
    },
    {
        "key": "o-netphen-research-partner",
        "organisation": "netphen-ems",
        "type": "research",
        "title": "Anwendungspartner für Forschung zu Rückverfolgbarkeit in der Elektronikfertigung",
        "description": (
            "Als Elektronikfertiger mit SMT-Linien bringen wir Anwendungsfälle zur Rückverfolgbarkeit und zum "
            "Datenaustausch mit Kunden und Lieferanten in Forschungsprojekte ein."
        ),
        "topics": ["data-analytics", "iot-industrie-40"],
        "keywords": ["Rückverfolgbarkeit", "Datenaustausch", "Verbundprojekt"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["university", "institute"],
    },
    {
        "key": "o-lennekette-topics",
        "organisation": "lennekette",
        "type": "thesis",
        "title": "Themen für Projekt- und Abschlussarbeiten in Produktion und Automatisierung",
        "description": (
            "Wir bieten Studierenden Themen rund um die Automatisierung unserer Kettenfertigung, Sensorik an "
            "Biegeautomaten und Datenerfassung. Betreuung durch unsere Instandhaltung und Arbeitsvorbereitung."
        ),
        "topics": ["robotics-automation", "iot-industrie-40"],
        "keywords": ["Abschlussarbeit", "Projektarbeit", "Automatisierung"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["university"],
    },
    {
        "key": "o-siegtal-topics",
        "organisation": "siegtal-stahlbau",
        "type": "thesis",
        "title": "Abschlussarbeiten zur Automatisierung im Stahlbau",
        "description": (
            "Studierende können bei uns Themen wie automatisiertes Schweißen, Sensorik an Brennschneidanlagen "
            "oder Datenerfassung in der Fertigung bearbeiten. Betreuung durch unsere Fertigungsleitung."
        ),
        "topics": ["robotics-automation", "iot-industrie-40"],
        "keywords": ["Abschlussarbeit", "Automatisierung", "Stahlbau"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["university"],
    },
    # Universities
    {
        "key": "o-fhswf-isl-condition",
        "organisation": "fhswf-iserlohn",
        "type": "research",
        "title": "Labor für Zustandsüberwachung: Messkampagnen und Machbarkeitsstudien",
        "description": (
            "Unser Labor misst Schwingungen, Körperschall und Motorströme an Ihren Maschinen und prüft, ob sich "
            "Schäden vorhersagen lassen. Wir entwickeln Auswerteverfahren gemeinsam mit Unternehmen und Start-ups, "
            "auch in geförderten Projekten."
        ),
        "topics": ["iot-industrie-40", "ai", "data-analytics"],
        "keywords": ["Predictive Maintenance", "Condition Monitoring", "Schwingungsanalyse"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "startup"],
    },
    {
        "key": "o-fhswf-isl-thesis",
        "organisation": "fhswf-iserlohn",
        "type": "thesis",
        "title": "Studierende für praxisnahe Abschlussarbeiten in Maschinenbau und Elektrotechnik",
        "description": (
            "Unsere Studierenden in Maschinenbau, Elektrotechnik und Informatik suchen Abschlussarbeiten in "
            "Unternehmen der Region, etwa zu Messtechnik, Sensorik, Automatisierung und Datenauswertung. Die "
            "Betreuung übernehmen Professorinnen und Professoren des Standorts Iserlohn."
        ),
        "topics": ["iot-industrie-40", "robotics-automation", "data-analytics"],
        "keywords": ["Abschlussarbeit", "Studierende"],
        "reach": "radius",
        "reach_km": 60,
        "partner_kinds": ["firm", "startup"],
    },
    {
        "key": "o-fhswf-isl-course",
        "organisation": "fhswf-iserlohn",
        "type": "business",
        "title": "Berufsbegleitender Zertifikatskurs Datenanalyse für Beschäftigte",
        "description": (
            "In acht Präsenzterminen lernen Beschäftigte aus Produktion und Verwaltung, Daten aufzubereiten, "
            "Kennzahlen zu bilden und Dashboards zu lesen. Firmenkurse mit eigenen Beispieldaten sind möglich."
        ),
        "topics": ["qualification", "data-analytics"],
        "keywords": ["Weiterbildung", "Data Literacy"],
        "reach": "radius",
        "reach_km": 60,
        "partner_kinds": ["firm", "public"],
    },
    {
        "key": "o-fhswf-meschede-thesis",
        "organisation": "fhswf-meschede",
        "type": "thesis",
        "title": "Abschlussarbeiten in BWL und Wirtschaftsingenieurwesen",
        "description": (
            "Studierende am Standort Meschede bearbeiten in ihren Abschlussarbeiten Fragen zu Vertrieb, "
            "E-Commerce, Prozessen und Digitalisierung in Unternehmen Südwestfalens, oft mit Kundenbefragungen "
            "und Datenauswertungen."
        ),
        "topics": ["digital-strategy", "platforms-ecommerce", "process-erp"],
        "keywords": ["Abschlussarbeit", "Studierende", "Vertrieb"],
        "reach": "suedwestfalen",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-fhswf-soest-food",
        "organisation": "fhswf-soest",
        "type": "research",
        "title": "Kamera- und Spektralprüfung von Lebensmitteln und Agrarprodukten",
        "description": (
            "Unser Labor für Agrar- und Lebensmittelsensorik entwickelt Prüfverfahren mit Farb- und "
            "Hyperspektralkameras und lernenden Modellen, etwa für Backwaren, Obst oder Getreide. Wir testen "
            "gemeinsam mit Betrieben direkt an der Linie."
        ),
        "topics": ["ai", "iot-industrie-40"],
        "keywords": ["Bildverarbeitung", "Lebensmittel", "Hyperspektral"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-fhswf-soest-energy",
        "organisation": "fhswf-soest",
        "type": "business",
        "title": "Studentische Energieaudits in Unternehmen",
        "description": (
            "Studierende der Elektrotechnik messen unter Anleitung Verbräuche von Maschinen, Druckluft und "
            "Beleuchtung und schlagen Einsparmaßnahmen vor. Für Unternehmen in Südwestfalen kostenfrei."
        ),
        "topics": ["sustainability", "qualification"],
        "keywords": ["Energieaudit", "Druckluft", "Energieeffizienz"],
        "reach": "suedwestfalen",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-tudo-ml",
        "organisation": "tu-dortmund",
        "type": "research",
        "title": "Maschinelles Lernen auf industriellen Sensor- und Prozessdaten",
        "description": (
            "Unser Lehrstuhl entwickelt Verfahren für Zeitreihen: Anomalieerkennung, Qualitätsprognose und "
            "Restlebensdauer. Wir suchen Unternehmen und Start-ups für gemeinsame Forschungsprojekte, z. B. über "
            "ZIM oder das BMBF."
        ),
        "topics": ["ai", "data-analytics"],
        "keywords": ["Zeitreihen", "Anomalieerkennung", "Qualitätsprognose"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "startup"],
    },
    {
        "key": "o-tudo-thesis-cs",
        "organisation": "tu-dortmund",
        "type": "thesis",
        "title": "Masterarbeiten in Informatik mit Unternehmen: Data Science und IT-Sicherheit",
        "description": (
            "Masterstudierende der Informatik schreiben ihre Abschlussarbeit gern mit echten Fragestellungen aus "
            "Unternehmen, etwa zu Data Science, maschinellem Lernen oder IT-Sicherheit. Betreuung durch die "
            "Lehrstühle der Fakultät."
        ),
        "topics": ["ai", "it-security", "data-analytics"],
        "keywords": ["Masterarbeit", "Informatik"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "startup"],
    },
    {
        "key": "o-fhdo-wi-thesis",
        "organisation": "fh-dortmund",
        "type": "thesis",
        "title": "Abschlussarbeiten in Wirtschaftsinformatik: ERP, E-Commerce, Prozesse",
        "description": (
            "Studierende der Wirtschaftsinformatik suchen Themen zu ERP-Einführung, Onlinehandel und "
            "Prozessanalyse in Unternehmen aus Dortmund und Umgebung."
        ),
        "topics": ["process-erp", "platforms-ecommerce"],
        "keywords": ["Abschlussarbeit", "Wirtschaftsinformatik"],
        "reach": "radius",
        "reach_km": 80,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-fhdo-awareness",
        "organisation": "fh-dortmund",
        "type": "business",
        "title": "IT-Sicherheitslabor: Awareness-Schulungen für KMU",
        "description": (
            "Unser Labor bietet Unternehmen praxisnahe Schulungen zu Phishing, Passwörtern und Social Engineering, "
            "durchgeführt von Lehrenden und Studierenden."
        ),
        "topics": ["it-security", "qualification"],
        "keywords": ["Security Awareness", "Schulung"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-siegen-twin",
        "organisation": "uni-siegen",
        "type": "research",
        "title": "Digitale Zwillinge für Produktion und Fabrikplanung",
        "description": (
            "Unser Lehrstuhl für Produktionssysteme erforscht digitale Zwillinge von Fertigungslinien und Fabriken, "
            "von der Layoutplanung bis zur Simulation im Betrieb. Wir suchen Unternehmen für gemeinsame "
            "Forschungs- und Transferprojekte, gern aus Stahl- und Metallbau."
        ),
        "topics": ["iot-industrie-40", "logistics"],
        "keywords": ["digitaler Zwilling", "Fabrikplanung", "Simulation"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-siegen-ml-steel",
        "organisation": "uni-siegen",
        "type": "research",
        "title": "Datengetriebene Qualitätsprognose in der Metallerzeugung",
        "description": (
            "Wir modellieren Walz- und Umformprozesse mit maschinellem Lernen und physikalischen Modellen, um "
            "Qualitätsmerkmale früh vorherzusagen. Kooperation mit Stahl- und Metallbetrieben der Region gesucht."
        ),
        "topics": ["ai", "data-analytics"],
        "keywords": ["Qualitätsprognose", "Walzen", "Prozessdaten"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-siegen-cad-search",
        "organisation": "uni-siegen",
        "type": "research",
        "title": "Ähnlichteilsuche und KI-gestützte Kalkulation",
        "description": (
            "Wir entwickeln Verfahren, die zu einer Anfrage-Zeichnung geometrisch ähnliche, bereits gefertigte "
            "Teile finden und daraus Kalkulationsvorschläge ableiten. Gesucht sind Zulieferer mit Zeichnungs- und "
            "Kalkulationsdaten für ein Transferprojekt."
        ),
        "topics": ["ai", "process-erp"],
        "keywords": ["Ähnlichteilsuche", "Angebotskalkulation", "CAD"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-siegen-bim",
        "organisation": "uni-siegen",
        "type": "business",
        "title": "BIM-Transfer für Bauunternehmen der Region",
        "description": (
            "Das Institut für Bauinformatik begleitet mittelständische Bauunternehmen beim Einstieg in Building "
            "Information Modeling: Softwareauswahl, Pilotprojekt und Schulung der Bauleitung."
        ),
        "topics": ["digital-strategy", "qualification", "process-erp"],
        "keywords": ["BIM", "Bauwesen"],
        "reach": "suedwestfalen",
        "reach_km": None,
        "partner_kinds": ["firm", "public"],
    },
    {
        "key": "o-siegen-thesis-mb",
        "organisation": "uni-siegen",
        "type": "thesis",
        "title": "Abschlussarbeiten im Maschinenbau: Umformen, Schweißen, Messtechnik",
        "description": (
            "Studierende des Maschinenbaus bearbeiten in Unternehmen Fragen aus Umformtechnik, Fügetechnik und "
            "Fertigungsmesstechnik, betreut von unseren Lehrstühlen."
        ),
        "topics": ["iot-industrie-40", "robotics-automation"],
        "keywords": ["Abschlussarbeit", "Umformtechnik", "Messtechnik"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-siegen-thesis-sec",
        "organisation": "uni-siegen",
        "type": "thesis",
        "title": "Abschlussarbeiten in IT-Sicherheit mit Praxispartnern",
        "description": (
            "Studierende der Informatik untersuchen in ihren Arbeiten Sicherheitslösungen für Unternehmen, etwa "
            "Angriffserkennung, SIEM oder sichere Cloud-Konfigurationen."
        ),
        "topics": ["it-security"],
        "keywords": ["Abschlussarbeit", "SIEM", "Angriffserkennung"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "startup"],
    },
    {
        "key": "o-siegen-transfer-ws",
        "organisation": "uni-siegen",
        "type": "business",
        "title": "Digitalisierungs-Workshops für KMU aus Südwestfalen",
        "description": (
            "Unsere Transferstelle bietet kleinen und mittleren Unternehmen kostenfreie Workshops zur "
            "Standortbestimmung und zu ersten Schritten in der Digitalisierung, mit einem Maßnahmenplan zum Schluss."
        ),
        "topics": ["digital-strategy"],
        "keywords": ["Digitalisierungsstrategie", "Transfer"],
        "reach": "suedwestfalen",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-siegen-smart-services",
        "organisation": "uni-siegen",
        "type": "research",
        "title": "Smart-Service-Geschäftsmodelle für Maschinenbauer",
        "description": (
            "Die Wirtschaftsinformatik entwickelt mit Herstellern datenbasierte Dienstleistungen wie "
            "Fernüberwachung und nutzungsbasierte Abrechnung, vom Geschäftsmodell bis zum Prototyp."
        ),
        "topics": ["digital-strategy", "iot-industrie-40"],
        "keywords": ["Smart Service", "Geschäftsmodell"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-siegen-lca",
        "organisation": "uni-siegen",
        "type": "research",
        "title": "Ökobilanzierung und CO2-Fußabdruck von Produkten",
        "description": (
            "Wir erstellen mit Unternehmen Ökobilanzen nach ISO 14040/44 und entwickeln Methoden, Product Carbon "
            "Footprints für große Variantenzahlen automatisiert zu berechnen."
        ),
        "topics": ["sustainability", "data-analytics"],
        "keywords": ["Ökobilanz", "PCF", "LCA"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-siegen-data-course",
        "organisation": "uni-siegen",
        "type": "business",
        "title": "Weiterbildung Data Science für Fachkräfte",
        "description": (
            "Berufsbegleitendes Programm in Siegen über sechs Monate: Statistik, Python und Visualisierung für "
            "Fachkräfte aus Unternehmen."
        ),
        "topics": ["qualification", "data-analytics"],
        "keywords": ["Weiterbildung", "Data Science"],
        "reach": "radius",
        "reach_km": 40,
        "partner_kinds": ["firm"],
    },
    # Research institutes
    {
        "key": "o-intralog-amr-testfield",
        "organisation": "intralogistik-institut",
        "type": "research",
        "title": "Testfeld für fahrerlose Transportsysteme und Beratung zur Einführung",
        "description": (
            "In unserer Versuchshalle testen Unternehmen AMR verschiedener Hersteller unter realistischen "
            "Bedingungen. Wir begleiten Ausschreibung und Einführung neutral."
        ),
        "topics": ["robotics-automation", "logistics"],
        "keywords": ["AMR", "FTS", "Testfeld"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "startup"],
    },
    {
        "key": "o-intralog-sim",
        "organisation": "intralogistik-institut",
        "type": "research",
        "title": "Materialflusssimulation und digitale Zwillinge für Werk und Lager",
        "description": (
            "Wir simulieren Materialflüsse in Fabriken und Lagern und bewerten Layout-, Puffer- und "
            "Transportvarianten. Auch als gefördertes Transferprojekt für KMU."
        ),
        "topics": ["logistics", "iot-industrie-40"],
        "keywords": ["Materialflusssimulation", "digitaler Zwilling", "Layoutplanung"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-intralog-rfid",
        "organisation": "intralogistik-institut",
        "type": "research",
        "title": "RFID und Auto-ID: Machbarkeit, Pilot und Anbieterauswahl",
        "description": (
            "Wir prüfen, ob RFID oder Barcode für Ihre Ladungsträger passt, bauen einen Pilot auf und begleiten "
            "die Auswahl eines Lagerverwaltungssystems."
        ),
        "topics": ["logistics", "iot-industrie-40"],
        "keywords": ["RFID", "Auto-ID", "WMS"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-intralog-scm",
        "organisation": "intralogistik-institut",
        "type": "research",
        "title": "Transparenz und Risikofrüherkennung in Lieferketten",
        "description": (
            "Wir entwickeln mit Unternehmen Frühwarnsysteme, die Lieferantendaten, Transportdaten und externe "
            "Risikoindikatoren verbinden. Projekte oft mit Automobil- und Elektronikzulieferern."
        ),
        "topics": ["logistics", "data-analytics"],
        "keywords": ["Lieferkette", "Risikomanagement", "Supply Chain"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-ki-vision",
        "organisation": "ki-institut",
        "type": "research",
        "title": "Bildverarbeitung mit wenigen Trainingsbeispielen für die Qualitätsprüfung",
        "description": (
            "Wir entwickeln KI-Modelle für die optische Prüfung, die mit wenigen Fehlerbildern auskommen, auch für "
            "natürliche Produkte mit großer Streuung wie Lebensmittel oder Holz sowie für technische Oberflächen. "
            "Machbarkeitsstudie an Ihrer Linie in vier Wochen."
        ),
        "topics": ["ai"],
        "keywords": ["Bildverarbeitung", "Qualitätsprüfung", "Few-Shot"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-ki-anomaly",
        "organisation": "ki-institut",
        "type": "research",
        "title": "Anomalieerkennung in Maschinendaten",
        "description": (
            "Wir entwickeln und validieren Modelle zur Anomalieerkennung und Zustandsprognose auf Schwingungs-, "
            "Strom- und Prozessdaten. Partner sind Anwender ebenso wie Anbieter von Sensorik."
        ),
        "topics": ["ai", "iot-industrie-40"],
        "keywords": ["Anomalieerkennung", "Predictive Maintenance", "Zeitreihen"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "startup"],
    },
    {
        "key": "o-ki-llm-docs",
        "organisation": "ki-institut",
        "type": "research",
        "title": "Sprachmodelle für Anfrage- und Angebotsprozesse",
        "description": (
            "Wir lesen mit Sprachmodellen technische Anfragen, Spezifikationen und Zeichnungsköpfe aus und "
            "bereiten sie für Vertrieb und Kalkulation auf. Machbarkeitsstudien mit Ihren eigenen Dokumenten."
        ),
        "topics": ["ai", "process-erp"],
        "keywords": ["Sprachmodelle", "Angebotskalkulation", "Dokumentenanalyse"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-sensorik-opcua",
        "organisation": "sensorik-zentrum",
        "type": "technology",
        "title": "OPC-UA-Testlabor und Retrofit-Begleitung",
        "description": (
            "Wir helfen Unternehmen, Bestandsmaschinen per OPC UA anzubinden: Informationsmodelle nach Companion "
            "Specifications, Gateway-Auswahl und Inbetriebnahme vor Ort in Südwestfalen."
        ),
        "topics": ["iot-industrie-40"],
        "keywords": ["OPC UA", "Retrofit", "Companion Specification"],
        "reach": "suedwestfalen",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-sensorik-custom",
        "organisation": "sensorik-zentrum",
        "type": "research",
        "title": "Entwicklung von Sensoren für raue Umgebungen",
        "description": (
            "Wir entwickeln Sensoren für hohe Temperaturen, Staub und Vibration, vom Konzept bis zum Funktionsmuster."
        ),
        "topics": ["iot-industrie-40"],
        "keywords": ["Sensorik", "Messtechnik"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "startup"],
    },
    {
        "key": "o-kunststoff-lab",
        "organisation": "kunststoff-institut",
        "type": "business",
        "title": "Schadensanalyse und Werkstoffprüfung für Kunststoffbauteile",
        "description": (
            "Unser Labor untersucht Bruch, Verzug und Oberflächenfehler an Spritzgussteilen und findet die "
            "Ursache im Werkstoff oder Prozess. Prüfbericht innerhalb von zehn Arbeitstagen."
        ),
        "topics": ["sustainability"],
        "keywords": ["Spritzguss", "Schadensanalyse", "Werkstoffprüfung"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-kunststoff-training",
        "organisation": "kunststoff-institut",
        "type": "business",
        "title": "Weiterbildung Spritzgießen für Einrichter",
        "description": (
            "Mehrtägige Lehrgänge für Einrichter und Verfahrensmechaniker: Prozessoptimierung, Fehlerbilder und "
            "Werkzeugtechnik."
        ),
        "topics": ["qualification"],
        "keywords": ["Spritzguss", "Weiterbildung"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    # Public bodies
    {
        "key": "o-dz-funding",
        "organisation": "digitalzentrum",
        "type": "business",
        "title": "Fördermittel-Sprechstunde für Digitalisierungsprojekte",
        "description": (
            "Wir zeigen kleinen und mittleren Unternehmen, welche Förderprogramme von Land und Bund für ihr "
            "Digitalisierungsvorhaben passen, und prüfen Antragsentwürfe. Kostenfrei und anbieterneutral."
        ),
        "topics": ["funding"],
        "keywords": ["Fördermittel", "Förderprogramm"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "startup"],
    },
    {
        "key": "o-dz-ai",
        "organisation": "digitalzentrum",
        "type": "business",
        "title": "KI-Sprechstunde und Workshops für Geschäftsführungen",
        "description": (
            "Kostenfreie Workshops zu Chancen und Risiken von KI, einschließlich Mustervorlagen für eine "
            "KI-Nutzungsrichtlinie. Auch als Inhouse-Termin für Ihr Führungsteam."
        ),
        "topics": ["ai", "qualification"],
        "keywords": ["generative KI", "KI-Richtlinie", "Workshop"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-dz-check",
        "organisation": "digitalzentrum",
        "type": "business",
        "title": "Digitalisierungs-Check für Unternehmen im Ruhrgebiet",
        "description": (
            "In einem halbtägigen Termin bei Ihnen bewerten wir den Stand der Digitalisierung und empfehlen "
            "nächste Schritte."
        ),
        "topics": ["digital-strategy"],
        "keywords": ["Digitalisierungsstrategie", "Check"],
        "reach": "dortmund",
        "reach_km": None,
        "partner_kinds": ["firm"],
    },
    {
        "key": "o-wfo-funding",
        "organisation": "wf-olpe",
        "type": "business",
        "title": "Förderlotse für Unternehmen im Kreis Olpe",
        "description": (
            "Wir beraten Unternehmen aus dem Kreis Olpe zu Förderprogrammen für Investitionen und "
            "Digitalisierung und vermitteln Kontakte zu Förderbanken."
        ),
        "topics": ["funding"],
        "keywords": ["Fördermittel", "Wirtschaftsförderung"],
        "reach": "radius",
        "reach_km": 20,
        "partner_kinds": ["firm", "startup"],
    },
    {
        "key": "o-wfo-network",
        "organisation": "wf-olpe",
        "type": "business",
        "title": "Netzwerk Digitalisierung Biggesee-Lenne",
        "description": (
            "Quartalsweise Treffen von Unternehmen zum Erfahrungsaustausch über Digitalisierungsprojekte, mit "
            "Betriebsbesichtigungen."
        ),
        "topics": ["digital-strategy", "new-work"],
        "keywords": ["Netzwerk", "Erfahrungsaustausch"],
        "reach": "radius",
        "reach_km": 30,
        "partner_kinds": ["firm"],
    },
    # Co-working hosts
    {
        "key": "o-huette-desks",
        "organisation": "huettenwerk",
        "type": "business",
        "title": "Arbeitsplatz-Kontingente für Firmenteams in Siegen",
        "description": (
            "Unternehmen buchen bei uns feste Kontingente an Schreibtischen und Besprechungsräumen für "
            "Beschäftigte, die nicht jeden Tag ins Werk pendeln. Abrechnung monatlich nach Nutzung."
        ),
        "topics": ["new-work"],
        "keywords": ["Coworking", "hybride Arbeit"],
        "reach": "radius",
        "reach_km": 60,
        "partner_kinds": ["firm", "startup"],
    },
    {
        "key": "o-huette-workshop",
        "organisation": "huettenwerk",
        "type": "business",
        "title": "Workshop: Hybride Zusammenarbeit gestalten",
        "description": (
            "Führungskräfte und Teams erarbeiten an einem Tag Regeln für hybride Zusammenarbeit, Meetingkultur und "
            "Erreichbarkeit. Moderation durch erfahrene New-Work-Beraterinnen."
        ),
        "topics": ["new-work"],
        "keywords": ["hybride Arbeit", "New Work", "Workshop"],
        "reach": "radius",
        "reach_km": 80,
        "partner_kinds": ["firm", "public"],
    },
    {
        "key": "o-speicher-desks",
        "organisation": "speicherhaus",
        "type": "business",
        "title": "Flexible Schreibtische und Teamräume am Dortmunder Hafen",
        "description": (
            "Tages- und Monatsplätze für Selbstständige und Teams, mit Besprechungsräumen und Veranstaltungsfläche."
        ),
        "topics": ["new-work"],
        "keywords": ["Coworking", "Schreibtisch"],
        "reach": "any",
        "reach_km": None,
        "partner_kinds": ["firm", "startup"],
    },
]

# (need key, offer key, reason)
RELEVANT = [
    ("n-press-pm", "o-schwingwert-retrofit", "Sensor retrofit plus ML for exactly presses; start-up in Dortmund"),
    ("n-press-pm", "o-fhswf-isl-condition", "Condition-monitoring lab does measurement campaigns, 20 km away"),
    ("n-press-pm", "o-ki-anomaly", "Institute develops anomaly detection on vibration/current data"),
    ("n-press-pm", "o-tudo-ml", "Chair co-develops anomaly detection/RUL on sensor data with firms, 35 km"),
    ("n-opcua-retrofit", "o-lippeauto-opcua", "OPC UA retrofit of S7/Heidenhain machines with MES link, Lippstadt"),
    ("n-opcua-retrofit", "o-sensorik-opcua", "Institute in Siegen accompanies OPC UA retrofits on site"),
    ("n-erp-migration", "o-erp-bc", "Navision to Business Central migration, Iserlohn is next door"),
    ("n-erp-migration", "o-sap-s4", "S/4HANA Cloud incl. takeover from Navision: a valid ERP replacement, 30 km"),
    ("n-nis2", "o-secops-nis2", "NIS2 gap analysis and ISO 27001 ISMS to certification"),
    ("n-nis2", "o-cert-isms", "ISO 27001 ISMS introduction as basis for NIS2 duties"),
    ("n-vision-moulding", "o-pruefblick-inspection", "AI surface inspection incl. moulded parts, few examples"),
    ("n-vision-moulding", "o-ki-vision", "Few-shot visual inspection research incl. technical surfaces"),
    ("n-digital-twin-hall", "o-zwillingswerk-factory", "Material-flow twin for layout planning, steel construction"),
    ("n-digital-twin-hall", "o-siegen-twin", "Chair researches factory twins with steel firms, same town"),
    ("n-digital-twin-hall", "o-intralog-sim", "Institute simulates layout/buffer/transport variants"),
    ("n-energy-foundry", "o-wattlog-monitoring", "Submetering incl. compressed air, ISO 50001, installs in SWF"),
    ("n-amr-attendorn", "o-flinkflott-amr", "AMR for small load carriers in mixed traffic, pilot as rental"),
    ("n-b2b-shop", "o-kataloggo-b2b", "B2B shop for wholesale with customer prices and catalogue import"),
    ("n-b2b-shop", "o-phoenix-b2b", "Shopware B2B shops with ERP link, Dortmund is within 100 km"),
    ("n-data-literacy", "o-datenmut-literacy", "In-house data literacy for foremen with own data; Dortmund in reach"),
    ("n-data-literacy", "o-fhswf-isl-course", "Data analysis course for staff, company course with own data"),
    ("n-thesis-forging", "o-fhswf-isl-thesis", "Students for measurement theses; Plettenberg in reach"),
    ("n-thesis-forging", "o-siegen-thesis-mb", "Mechanical engineering theses on forming and measurement"),
    ("n-drone-stock", "o-lueftwerk-volume", "Drone volumetry of timber stockpiles, looking for pilot customers"),
    ("n-m365", "o-siegit-m365", "Exactly the M365 migration with secure mobile access, Siegen firm"),
    ("n-amr-testbed", "o-kueckelhaus-testbed", "Warehouse offered as test bed for AMR to start-ups, ~65 km"),
    ("n-drone-pilots", "o-geseke-testfield", "Gravel stockpiles offered to start-ups for drone surveying"),
    ("n-drone-pilots", "o-brilon-testfield", "Timber yard offered for stock capture from the air"),
    ("n-pm-research", "o-fhswf-isl-condition", "Lab develops evaluation methods with start-ups in funded projects"),
    ("n-pm-research", "o-tudo-ml", "Chair does anomaly detection/RUL on time series, ZIM projects with start-ups"),
    ("n-pm-research", "o-ki-anomaly", "Institute works with sensor providers on anomaly detection"),
    ("n-funding", "o-dz-funding", "Neutral funding advice and application check for SMEs"),
    ("n-funding", "o-siegit-roadmap", "Checks funding programmes and writes the application; Sundern in reach"),
    ("n-tisax", "o-secops-tisax", "TISAX readiness up to the label for automotive suppliers"),
    ("n-tisax", "o-cert-pentest", "Pen test of web portal and office network, reports accepted for TISAX"),
    ("n-awareness", "o-phishfang-awareness", "E-learning, phishing simulation and on-site sessions for shop floor"),
    ("n-food-vision", "o-ki-vision", "Few-shot inspection explicitly for natural products such as food"),
    ("n-food-vision", "o-fhswf-soest-food", "Food inspection lab in the same town, tests on the line, baked goods"),
    ("n-shopfloor", "o-taktwerk-worker", "Digital work instructions and BDE for assembly, on site in Südwestfalen"),
    ("n-pcf", "o-kreislauf-pcf", "Automated PCF from BOM for hundreds of variants"),
    ("n-pcf", "o-siegen-lca", "LCA/PCF research incl. automation for many variants; universities wanted"),
    ("n-d2c-shop", "o-phoenix-d2c", "D2C strategy, own shop and Amazon/Otto from one agency"),
    ("n-thesis-ecommerce", "o-fhdo-wi-thesis", "Business informatics theses on e-commerce; Werl within 80 km"),
    ("n-thesis-ecommerce", "o-fhswf-meschede-thesis", "Business theses on sales/e-commerce with customer surveys"),
    ("n-thesis-siem", "o-tudo-thesis-cs", "CS master theses in IT security with companies"),
    ("n-thesis-siem", "o-siegen-thesis-sec", "Security theses on SIEM and intrusion detection, same town"),
    ("n-cobot-welding", "o-lippeauto-cobot", "Cobot welding cells for small batches with training; ~90 km"),
    ("n-strip-quality", "o-tudo-ml", "ML quality prediction on process time series as research cooperation"),
    ("n-strip-quality", "o-siegen-ml-steel", "Quality prediction for rolling processes with regional steel firms"),
    ("n-edi", "o-erp-edi", "VDA/EDIFACT EDI and XRechnung/ZUGFeRD attached to the ERP"),
    ("n-remote-service", "o-kantenwerk-gateway", "IoT platform for machine builders' remote service under own brand"),
    ("n-remote-service", "o-schwingwert-hydraulic", "Seeks hydraulic-unit makers to pilot monitoring as a service"),
    ("n-remote-service", "o-siegen-smart-services", "Smart-service business models for machine builders"),
    ("n-oee", "o-taktwerk-oee", "Retrofit OEE capture without touching the controls, same town"),
    ("n-fleet", "o-routenreich-tours", "Route planning for building-material trucks incl. crane vehicles, telematics"),
    ("n-wms", "o-lagerlogik-wms", "WMS with mobile scanning for contract logistics, Olpe nearby"),
    ("n-wms", "o-intralog-rfid", "RFID feasibility and WMS selection; Dortmund within 80 km"),
    ("n-hybrid-work", "o-huette-desks", "Desk quotas for commuting staff in Siegen, ~20 km"),
    ("n-hybrid-work", "o-huette-workshop", "Rules for hybrid collaboration"),
    ("n-hybrid-work", "o-siegit-m365", "Teams/SharePoint collaboration tools from a Siegen firm"),
    ("n-quote-ai", "o-siegen-cad-search", "Similar-part search from drawings and costing proposals"),
    ("n-quote-ai", "o-ki-llm-docs", "Language models reading requests and drawing headers for costing"),
    ("n-dataspace", "o-kreuztal-research-partner", "Producer in SWF offers data and use cases for joint projects"),
    ("n-dataspace", "o-netphen-research-partner", "SWF producer brings supply-chain data-exchange use cases"),
    ("n-student-project", "o-lennekette-topics", "Automation/sensor project topics in Altena, ~12 km from Iserlohn"),
    ("n-lora-pilots", "o-brilon-testfield", "Timber yard for moisture measurement pilots, in HSK"),
    ("n-lora-pilots", "o-geseke-testfield", "Bulk-material stockpiles open for sensor tests, in Kreis Soest"),
    ("n-digital-roadmap", "o-siegit-roadmap", "Digitalisation check and prioritised roadmap, Siegen"),
    ("n-digital-roadmap", "o-siegen-transfer-ws", "Free university workshops ending with a measures plan"),
    ("n-genai-workshop", "o-datenmut-genai", "GenAI workshop for management plus AI policy; Sundern within 80 km"),
    ("n-genai-workshop", "o-dz-ai", "Free AI workshops incl. policy templates, in-house possible"),
    ("n-ot-security", "o-cert-ot", "IEC 62443 zoning and passive OT anomaly detection"),
    ("n-supply-risk", "o-intralog-scm", "Supply-chain early-warning research with automotive suppliers"),
    ("n-compressed-air", "o-wattlog-leaks", "Ultrasonic leak detection and consumption metering"),
    ("n-compressed-air", "o-wattlog-monitoring", "Per-machine metering incl. compressed-air sensors"),
    ("n-compressed-air", "o-fhswf-soest-energy", "Student energy audits incl. compressed air; universities accepted"),
    ("n-bim", "o-siegen-bim", "BIM entry for SME builders: software, pilot, training"),
]

# (need key, offer key, why a careful human rejects it) – the traps a naive matcher falls into.
DISTRACTORS = [
    ("n-opcua-retrofit", "o-kantenwerk-opcua", "Right substance, but Dortmund is outside the Südwestfalen reach"),
    ("n-opcua-retrofit", "o-zwillingswerk-vibn", "Virtual commissioning is no retrofit; Dortmund outside reach"),
    ("n-press-pm", "o-sensorik-custom", "Builds sensors, no predictive maintenance analysis"),
    ("n-erp-migration", "o-erp-invoice-capture", "Same provider, but invoice capture is not an ERP replacement"),
    ("n-nis2", "o-cert-pentest", "A pen test is not a gap analysis or an ISMS"),
    ("n-nis2", "o-phishfang-awareness", "Awareness is one NIS2 measure, not the requested ISMS"),
    ("n-vision-moulding", "o-kunststoff-lab", "Lab failure analysis on moulded parts, no inline inspection"),
    ("n-vision-moulding", "o-erp-invoice-capture", "AI for documents, not images of parts"),
    ("n-digital-twin-hall", "o-zwillingswerk-vibn", "Machine-level twin for PLC tests, not factory layout"),
    ("n-energy-foundry", "o-kantenwerk-energy", "Right substance, but Dortmund is outside the Südwestfalen reach"),
    ("n-energy-foundry", "o-fhswf-soest-energy", "University not among wanted partner kinds (firm, start-up)"),
    ("n-energy-foundry", "o-kreislauf-csrd", "Sustainability reporting, no metering"),
    ("n-amr-attendorn", "o-intralog-amr-testfield", "Institute not among wanted partner kinds; offers no vehicles"),
    ("n-amr-testbed", "o-intralog-amr-testfield", "Institute, but the start-up wants a firm's real site"),
    ("n-b2b-shop", "o-phoenix-social", "Consumer social-media marketing, not a B2B shop"),
    ("n-data-literacy", "o-siegit-powerbi", "Builds dashboards for you, no training"),
    ("n-data-literacy", "o-siegen-data-course", "Siegen is beyond 50 km from Altena, and 6-month programme"),
    ("n-drone-stock", "o-lueftwerk-thermo", "Same start-up, but roof thermography, not stock volume"),
    ("n-drone-stock", "o-hangsensor-lora", "Measures moisture in piles, not stock volume"),
    ("n-m365", "o-siegit-backup", "Backup/hosting does not migrate to Microsoft 365"),
    ("n-funding", "o-wfo-funding", "Serves only firms within 20 km of Olpe; Sundern is farther"),
    ("n-tisax", "o-secops-incident", "Incident response retainer is not TISAX preparation"),
    ("n-awareness", "o-fhdo-awareness", "University not among wanted partner kinds (firm, start-up)"),
    ("n-awareness", "o-secops-incident", "Incident response, not training"),
    ("n-food-vision", "o-pruefblick-inspection", "Made for metal/plastic series parts, not natural products"),
    ("n-shopfloor", "o-taktwerk-oee", "Machine OEE sensors; manual assembly needs worker guidance"),
    ("n-pcf", "o-kreislauf-csrd", "Company-level report, not product footprints"),
    ("n-pcf", "o-lueftwerk-thermo", "Sustainability topic only"),
    ("n-d2c-shop", "o-phoenix-b2b", "B2B shop, the need is selling to consumers"),
    ("n-d2c-shop", "o-phoenix-social", "Campaigns only; the need is shop and marketplaces"),
    ("n-thesis-siem", "o-siegen-thesis-mb", "Mechanical engineering theses, not IT security"),
    ("n-cobot-welding", "o-flinkflott-amr", "Robotics, but transport robots, not welding"),
    ("n-cobot-welding", "o-lippeauto-plc", "PLC programming, no cobot cell"),
    ("n-edi", "o-erp-invoice-capture", "Incoming invoice capture, not EDI or outgoing e-invoices"),
    ("n-oee", "o-siegit-powerbi", "Dashboards from ERP data, no machine data capture"),
    ("n-fleet", "o-kueckelhaus-contract", "Logistics service, not planning software"),
    ("n-wms", "o-kueckelhaus-contract", "Own organisation's offer, storage space, not a WMS"),
    ("n-hybrid-work", "o-speicher-desks", "Dortmund co-working is far beyond 50 km from Burbach"),
    ("n-quote-ai", "o-erp-invoice-capture", "Reads supplier invoices, not customer requests or drawings"),
    ("n-student-project", "o-siegtal-topics", "Fits, but Siegen is beyond the 40 km radius from Iserlohn"),
    ("n-dataspace", "o-intralog-scm", "Institute, the project needs producing firms"),
    ("n-digital-roadmap", "o-dz-check", "Dortmund is outside the reach, and the offer serves Dortmund only"),
    ("n-digital-roadmap", "o-wfo-network", "Networking events, not a roadmap; Burbach beyond 30 km of Olpe"),
    ("n-ot-security", "o-phishfang-awareness", "Security topic, but staff training, not OT networks"),
    ("n-supply-risk", "o-routenreich-tours", "Transport routing, not supplier risk"),
    ("n-bim", "o-siegit-roadmap", "General digital roadmap, no BIM competence"),
]
