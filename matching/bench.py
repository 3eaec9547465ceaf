"""Needs and offers in `manage.py bench` (portal/lib/bench.py): their data and their key pages."""

from django.urls import reverse

from accounts.models import User
from portal.lib import bench

from . import bulk
from .models import Side, Visibility


@bench.seed(5, "clear needs and offers")
def clear(organisations, seed, write):
    bulk.delete()  # before seed_bulk replaces their organisations: in bulk, not one cascade per entry


@bench.seed(20, "needs and offers (seed_matching_bulk)")
def seed_entries(organisations, seed, write):
    result = bulk.generate(seed=seed)
    write(f"  {result.needs:,} needs and {result.offers:,} offers in {result.seconds:.1f} s")


@bench.page(30, "needs", "Need list, pages 1–5")
def needs():
    return [reverse("matching:needs")] + [reverse("matching:needs") + f"?page={number}" for number in range(2, 6)]


def _public_needs():
    return (
        bulk.bulk_entries()
        .current()
        .filter(side=Side.NEED, visibility=Visibility.PUBLIC)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@bench.page(40, "matches", "Matches of a need (50 different ones)", growth=True)
def matches():
    return [reverse("matching:matches", args=[pk]) for pk in _public_needs()[:50]]


def _member():
    return User.objects.get(email=bulk.member_email(1))


@bench.page(50, "my_matches", "Personal matches (a member with 5 entries)", user=_member)
def my_matches():
    return [reverse("matching:my_matches")]
