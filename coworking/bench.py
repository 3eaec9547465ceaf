"""Co-working in `manage.py bench` (portal/lib/bench.py): spaces, desks, bookings and the week view."""

from django.urls import reverse

from portal.lib import bench

from . import bulk


@bench.seed(6, "clear co-working spaces")
def clear(organisations, seed, write):
    bulk.delete()


@bench.seed(30, "spaces, desks and bookings (seed_coworking_bulk)")
def seed_spaces(organisations, seed, write):
    result = bulk.generate(seed=seed)  # 200 spaces, 2,000 desks, 500,000 booked slots
    write(f"  {result.spaces:,} spaces, {result.desks:,} desks, {result.occupancies:,} booked slots")


@bench.page(60, "week", "Space week view (50 different spaces)")
def week():
    return [
        reverse("coworking:space", args=[slug])
        for slug in bulk.bulk_spaces().order_by("pk").values_list("slug", flat=True)[:50]
    ]
