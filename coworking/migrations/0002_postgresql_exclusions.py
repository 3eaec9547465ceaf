"""PostgreSQL only: exclusion constraints on the booked time ranges, behind the unique constraints of 0001.

The unique constraints work on (resource, date, slot) and (member, date, slot). They cannot see overlaps between
different slots, which a host can create by editing slot times after bookings exist ("morning 08–13" and
"core hours 10–15"), nor one person's places in two spaces at once. Half-open ranges: 13:00 end and 13:00 start
do not clash. btree_gist is a trusted extension (PostgreSQL 13+). SQLite keeps the unique constraints only."""

from django.db import migrations

ACTIVE = "state IN ('held', 'pending', 'confirmed', 'checked-in')"

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    f"""ALTER TABLE coworking_occupancy ADD CONSTRAINT coworking_occupancy_no_overlap_per_place
        EXCLUDE USING gist (resource_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE ({ACTIVE})""",
    f"""ALTER TABLE coworking_occupancy ADD CONSTRAINT coworking_occupancy_no_overlap_per_person
        EXCLUDE USING gist (member_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
        WHERE ({ACTIVE} AND member_id IS NOT NULL)""",
]
BACKWARD = [
    "ALTER TABLE coworking_occupancy DROP CONSTRAINT IF EXISTS coworking_occupancy_no_overlap_per_person",
    "ALTER TABLE coworking_occupancy DROP CONSTRAINT IF EXISTS coworking_occupancy_no_overlap_per_place",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("coworking", "0001_initial")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD), elidable=False)]
