from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from accounts.models import User
from companies.models import Membership, Organisation
from coworking import availability, bulk
from coworking.availability import Calendar
from coworking.management.commands.bench_coworking import fill, main_form
from coworking.models import ACTIVE, Booking, Occupancy, OpeningHours, Resource, Slot, Space
from tests.coworking.conftest import berlin

DEMO_SLUGS = [
    "werkraum-meschede",
    "werkraum-iserlohn",
    "werkraum-siegen",
    "phoenix-coworking-dortmund",
    "kaiserhaus-neheim",
]
WEDNESDAY = berlin(2026, 3, 25, 9)


def seed_demo():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    models = [Space, Slot, Resource, OpeningHours, Booking, Occupancy, Organisation, Membership, User]
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.django_db
def test_seed_demo_creates_published_spaces_bookable_tomorrow(frozen_now):
    frozen_now(WEDNESDAY)
    output = seed_demo()

    spaces = Space.objects.published().filter(slug__in=DEMO_SLUGS)
    assert spaces.count() == 5
    assert {space.municipality.name for space in spaces} == {"Meschede", "Iserlohn", "Siegen", "Dortmund", "Arnsberg"}
    thursday = WEDNESDAY.date() + timedelta(days=1)
    for space in spaces:
        assert space.organisation.kind == "coworking"
        assert space.organisation.status == "published"
        assert any(cell.bookable and cell.free for cell in Calendar(space, thursday, 1).cells()), space.slug
    meschede = spaces.get(slug="werkraum-meschede")
    assert meschede.opening_hours.filter(weekday=0).count() == 2  # a lunch break
    assert set(meschede.resources.values_list("kind", "is_named")) == {("desk", False), ("desk", True), ("room", True)}
    assert spaces.get(slug="phoenix-coworking-dortmund").approval_required

    host = User.objects.get(email="gastgeberin@demo.brueckenschlag.example")
    assert Space.objects.hosted_by(host).filter(slug="werkraum-meschede").exists()
    assert Membership.objects.get(user=host, organisation=meschede.organisation).role == "owner"
    assert "gastgeberin@demo.brueckenschlag.example" in output

    member = User.objects.get(email="mitglied@demo.brueckenschlag.example")
    rows = Occupancy.objects.active().filter(member=member)
    assert rows.count() == 5  # two mornings, a whole day (two slots), one afternoon
    assert all(row.date > WEDNESDAY.date() for row in rows)
    assert set(rows.values_list("state", flat=True)) == {"confirmed", "pending"}
    assert rows.get(space__slug="phoenix-coworking-dortmund").state == "pending"


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing_more(frozen_now):
    frozen_now(WEDNESDAY)
    seed_demo()
    first = counts()
    frozen_now(WEDNESDAY + timedelta(days=1))  # a day later: still no second set of bookings
    seed_demo()
    assert counts() == first
    assert Booking.objects.filter(space__slug__in=DEMO_SLUGS).count() == 3


def assert_no_clash():
    active = Occupancy.objects.filter(ACTIVE)
    assert not active.values("resource", "date", "slot").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert not active.values("member", "date", "slot").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert not active.values("member", "date").annotate(n=Count("resource", distinct=True)).filter(n__gt=1).exists()


@pytest.mark.django_db
def test_seed_coworking_bulk_creates_exactly_the_numbers_asked(frozen_now):
    frozen_now(WEDNESDAY)
    out = StringIO()
    call_command("seed_coworking_bulk", spaces=3, desks=12, bookings=200, members=30, stdout=out)

    spaces = bulk.bulk_spaces()
    assert spaces.count() == 3
    assert spaces.published().count() == 3
    assert Resource.objects.filter(space__in=spaces, kind="desk").count() == 12
    assert Occupancy.objects.filter(space__in=spaces).count() == 200
    assert bulk.bulk_members().filter(email__startswith="mitglied-").count() == 30
    assert_no_clash()
    occupancies = Occupancy.objects.filter(space__in=spaces)
    assert occupancies.filter(date__lt=WEDNESDAY.date()).exists()
    assert occupancies.filter(date__gt=WEDNESDAY.date()).exists()
    assert occupancies.filter(state="cancelled").exists()
    assert not occupancies.filter(ends_at__lte=WEDNESDAY, state="pending").exists()
    for row in occupancies.select_related("slot")[:20]:
        assert (row.starts_at, row.ends_at) == availability.slot_bounds(row.date, row.slot)
    assert "Created 3 published spaces" in out.getvalue()


@pytest.mark.django_db
def test_seed_coworking_bulk_replaces_its_set_and_clear_removes_it(frozen_now, space):
    frozen_now(WEDNESDAY)
    call_command("seed_coworking_bulk", spaces=3, desks=12, bookings=200, members=30, stdout=StringIO())
    call_command("seed_coworking_bulk", spaces=2, desks=10, bookings=150, members=30, stdout=StringIO())
    assert bulk.bulk_spaces().count() == 2
    assert Occupancy.objects.count() == 150
    assert_no_clash()

    call_command("seed_coworking_bulk", clear=True, stdout=StringIO())
    assert list(Space.objects.all()) == [space]  # other data stays
    assert not Booking.objects.exists()
    assert not bulk.bulk_members().exists()
    assert not bulk.bulk_hosts().exists()


@pytest.mark.django_db
def test_seed_coworking_bulk_refuses_more_bookings_than_places(frozen_now):
    frozen_now(WEDNESDAY)
    with pytest.raises(Exception, match="do not fit"):
        call_command("seed_coworking_bulk", spaces=1, desks=1, bookings=10_000, members=5, stdout=StringIO())
    assert not bulk.bulk_spaces().exists()


@pytest.mark.django_db
def test_week_view_benchmark_reports_time_and_queries(frozen_now):
    frozen_now(WEDNESDAY)
    call_command("seed_coworking_bulk", spaces=2, desks=8, bookings=300, members=20, stdout=StringIO())
    out = StringIO()
    call_command("bench_coworking", spaces=2, runs=2, warmup=0, stdout=out)
    lines = out.getvalue().splitlines()
    assert "median" in lines[1] and "queries" in lines[1]
    assert lines[-1].startswith("all spaces")


@pytest.mark.django_db
def test_the_benchmark_form_filler_books_through_the_real_form(client, frozen_now, space, bob):
    """bench_coworking --booking-throughput reads the booking form generically; here against the real page."""
    frozen_now(WEDNESDAY)
    client.force_login(bob)
    thursday = WEDNESDAY.date() + timedelta(days=1)
    path = reverse("coworking:book", args=[space.slug])
    html = client.get(f"{path}?date={thursday}").content.decode()
    form = main_form(html, path)
    data = fill(form, thursday)
    response = client.post(path, dict_of_lists(data))

    booking = Booking.objects.get(member=bob)
    assert response.status_code == 302
    assert response["Location"] == booking.get_absolute_url()
    assert list(booking.occupancies.values_list("date", "slot__name")) == [(thursday, "Morning")]


def dict_of_lists(pairs):
    data = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data
