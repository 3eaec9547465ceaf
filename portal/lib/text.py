from django.utils.text import slugify

GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def german_slugify(value):
    """'Lüdenscheid' → 'luedenscheid', not 'ludenscheid': umlauts spelt out as Germans do in URLs."""
    return slugify(str(value).translate(GERMAN))
