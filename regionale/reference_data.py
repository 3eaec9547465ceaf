"""The nine Themenfelder of the REGIONALE 2025 (DOMAIN.md §7 names six; the other three and the assignment to
the Handlungsfelder are the portal's reading). Curators edit the list in the admin; this only adds what is
missing, by slug, so their changes stay."""

from .models import Handlungsfeld, Themenfeld

# slug, German, English, Handlungsfeld
THEMENFELDER = [
    (
        "digitale-mitten",
        "Digitale Mitten in Städten und Dörfern",
        "Digital centres in towns and villages",
        Handlungsfeld.RAUM,
    ),
    ("smart-living", "Smart Living", "Smart living", Handlungsfeld.RAUM),
    ("mobilitaet", "Mobilität", "Mobility", Handlungsfeld.RAUM),
    ("gesundheit", "Gesundheit", "Health", Handlungsfeld.GESELLSCHAFT),
    ("digitale-bildung", "Digitale Bildung", "Digital education", Handlungsfeld.GESELLSCHAFT),
    ("teilhabe", "Engagement und Teilhabe", "Civic engagement and participation", Handlungsfeld.GESELLSCHAFT),
    (
        "kompetenzlandschaft",
        "Digitale Kompetenzlandschaft",
        "Digital competence landscape",
        Handlungsfeld.WIRTSCHAFT,
    ),
    ("neue-arbeitswelten", "Neue Arbeitswelten", "New ways of working", Handlungsfeld.WIRTSCHAFT),
    ("innovation-transfer", "Innovation und Transfer", "Innovation and transfer", Handlungsfeld.WIRTSCHAFT),
]


def load_themenfelder():
    known = set(Themenfeld.objects.values_list("slug", flat=True))
    Themenfeld.objects.bulk_create(
        Themenfeld(slug=slug, name_de=de, name_en=en, handlungsfeld=field, position=position)
        for position, (slug, de, en, field) in enumerate(THEMENFELDER)
        if slug not in known
    )
