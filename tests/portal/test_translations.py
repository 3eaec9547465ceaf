from pathlib import Path

from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def test_the_german_catalogue_is_complete():
    with open(LOCALE / "de/LC_MESSAGES/django.po", "rb") as f:
        catalog = read_po(f)
    untranslated = [m.id for m in catalog if m.id and not (all(m.string) if m.pluralizable else m.string)]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [], f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


def test_the_english_catalogue_exists_for_every_german_message():
    with open(LOCALE / "de/LC_MESSAGES/django.po", "rb") as f:
        german = {m.id for m in read_po(f) if m.id}
    with open(LOCALE / "en/LC_MESSAGES/django.po", "rb") as f:
        english = {m.id for m in read_po(f) if m.id}
    assert german == english
