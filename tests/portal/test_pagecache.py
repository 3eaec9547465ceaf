"""The visitors' page cache (portal/lib/pagecache.py): what it keeps, for whom, and that every kind of write makes
the pages show the change at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import Organisation
from portal.lib import pagecache
from tests.conftest import PASSWORD, make_organisation, make_user


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE = True


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
        content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content.decode(), len(queries)


@pytest.fixture
def firm(db):
    return make_organisation("Lennetal Logistik GmbH", municipality="Altena", status="published", pitch="Paletten")


# --- which writes change which namespaces ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ('INSERT INTO "companies_organisation" ("name") VALUES (%s)', ("content",)),
        ('UPDATE "companies_organisation" SET "name" = %s WHERE "id" = %s', ("content",)),
        ('DELETE FROM "taggit_taggeditem" WHERE "id" IN (%s)', ("content",)),
        ("  update matching_entry set title = 'x'", ("content",)),
        ('TRUNCATE "regionale_project"', ("content",)),
        ('INSERT INTO "coworking_occupancy" ("state") VALUES (%s)', ("bookings",)),
        ('UPDATE "coworking_booking" SET "note" = %s', ("bookings",)),
        ('INSERT INTO "coworking_space" ("name") VALUES (%s)', ("content",)),
        ('SELECT * FROM "companies_organisation"', ()),
        ('INSERT INTO "django_session" ("session_key") VALUES (%s)', ()),
        # a log-in or a remembered language changes no page, only the user kept for the sessions
        ('UPDATE "accounts_user" SET "last_login" = %s WHERE "accounts_user"."id" = %s', ("accounts",)),
        ('UPDATE "accounts_user" SET "language" = %s WHERE "accounts_user"."id" = %s', ("accounts",)),
        ('UPDATE "accounts_user" SET "name" = %s WHERE "accounts_user"."id" = %s', ("content", "accounts")),
    ],
)
def test_writes_are_mapped_to_their_namespaces(db, sql, expected):
    assert tuple(pagecache.namespaces_written(sql)) == expected


def test_a_write_gives_its_namespace_a_new_version_and_leaves_the_others(page_cache, firm):
    content, bookings = pagecache.versions(["content", "bookings"])
    Organisation.objects.filter(pk=firm.pk).update(pitch="Neu")
    assert pagecache.versions(["content", "bookings"]) != (content, bookings)
    assert pagecache.versions(["bookings"]) == (bookings,)


def test_a_write_in_a_transaction_changes_the_version_again_after_the_commit(
    page_cache, firm, django_capture_on_commit_callbacks
):
    """A request that read the old rows before the commit must not leave them under the version it then sees."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        firm.pitch = "Neu"
        firm.save()
        during = pagecache.versions(["content"])
    assert callbacks, "no bump after the commit"
    for callback in callbacks:
        callback()
    assert pagecache.versions(["content"]) != during


def test_no_page_cache_no_versions_bumped(settings, firm):
    settings.PAGE_CACHE = False
    before = pagecache.versions(["content"])
    Organisation.objects.filter(pk=firm.pk).update(pitch="Neu")
    assert pagecache.versions(["content"]) == before


# --- the directory: kept, and fresh after every kind of write -------------------------------------------------


def directory(client, **params):
    return get(client, reverse("companies:directory"), data=params) if params else get(client, "/verzeichnis/")


def test_visitors_get_the_directory_from_the_cache(page_cache, client, firm):
    url = reverse("companies:directory")
    first, html, cold = get(client, url)
    second, again, warm = get(client, url)
    assert first.status_code == second.status_code == 200
    assert "Lennetal Logistik" in html and again == html
    assert cold > 0 and warm == 0


def test_nothing_is_cached_without_the_setting(settings, client, firm):
    settings.PAGE_CACHE = False
    url = reverse("companies:directory")
    get(client, url)
    assert get(client, url)[2] > 0


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda firm: Organisation.objects.filter(pk=firm.pk).update(name="Volmetal Verpackung"), id="update"
        ),
        pytest.param(lambda firm: setattr(firm, "name", "Volmetal Verpackung") or firm.save(), id="save"),
        pytest.param(
            lambda firm: connection.cursor().execute(
                "UPDATE companies_organisation SET name = %s WHERE id = %s", ["Volmetal Verpackung", firm.pk]
            ),
            id="raw-sql",
        ),
    ],
)
def test_a_renamed_organisation_shows_at_once(page_cache, client, firm, change):
    url = reverse("companies:directory")
    assert "Lennetal Logistik" in get(client, url)[1]
    assert get(client, url)[2] == 0  # kept
    change(firm)
    html = get(client, url)[1]
    assert "Volmetal Verpackung" in html and "Lennetal Logistik" not in html


def test_a_new_and_a_deleted_organisation_show_at_once(page_cache, client, firm):
    url = reverse("companies:directory")
    get(client, url)
    make_organisation("Ruhrtal Robotik GmbH", municipality="Arnsberg", status="published")
    assert "Ruhrtal Robotik" in get(client, url)[1]
    firm.delete()
    assert "Lennetal Logistik" not in get(client, url)[1]


def test_a_new_keyword_shows_at_once(page_cache, client, firm):
    url = reverse("companies:directory") + "?keyword=opc+ua"
    assert "Lennetal Logistik" not in get(client, url)[1]
    firm.keywords.add("OPC UA")  # taggit's tables
    assert "Lennetal Logistik" in get(client, url)[1]


def test_each_address_and_language_is_kept_apart(page_cache, client, firm):
    german = get(client, reverse("companies:directory"))[1]
    english = get(client, "/en/directory/")[1]
    filtered = get(client, reverse("companies:directory") + "?kind=university")[1]
    assert 'lang="de"' in german and 'lang="en"' in english
    assert "Lennetal Logistik" in german and "Lennetal Logistik" not in filtered


def test_htmx_requests_get_their_own_part_of_the_page(page_cache, client, firm):
    url = reverse("companies:directory") + "?kind=firm"
    full = get(client, url)[1]
    part = get(client, url, HTTP_HX_REQUEST="true")[1]
    assert "<html" in full and "<html" not in part
    assert "<html" in get(client, url)[1]


# --- for whom ---------------------------------------------------------------------------------------------------


def test_signed_in_members_never_get_a_cached_page(page_cache, client, firm, alice):
    url = reverse("companies:directory")
    get(client, url)
    client.login(email=alice.email, password=PASSWORD)
    response, html, queries = get(client, url)
    assert queries > 0
    assert alice.email in html or "Abmelden" in html or "Log out" in html


def test_a_page_for_a_signed_in_member_is_never_served_to_visitors(page_cache, client, firm, alice):
    url = reverse("companies:directory")
    client.login(email=alice.email, password=PASSWORD)
    get(client, url)
    client.logout()
    client.cookies.clear()
    html = get(client, url)[1]
    assert alice.email not in html


def test_a_page_with_a_csrf_token_is_not_kept(page_cache, client):
    """The contact form carries a token tied to the visitor's cookie: it must never go to someone else."""
    url = reverse("portal:contact")
    first = client.get(url)
    assert "csrftoken" in first.cookies
    client.cookies.clear()
    second = client.get(url)
    assert "csrftoken" in second.cookies


def test_the_profile_page_keeps_the_back_link_of_each_referrer_apart(page_cache, client, firm):
    url = firm.get_absolute_url()
    from_search = "http://testserver" + reverse("companies:directory") + "?q=paletten"
    with_link = get(client, url, HTTP_REFERER=from_search)[1]
    without = get(client, url)[1]
    assert "?q=paletten" in with_link and "?q=paletten" not in without
    # a referrer that gives no back link (another site) shares the page without one
    response, html, queries = get(client, url, HTTP_REFERER="https://www.example.com/search?q=lenne")
    assert html == without and queries == 0


def test_an_unpublished_profile_stays_a_404_for_visitors(page_cache, client, alice):
    draft = make_organisation("Entwurf GmbH", owner=alice, status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
    Organisation.objects.filter(pk=draft.pk).update(status="published")
    assert client.get(draft.get_absolute_url()).status_code == 200


# --- downloads, lists of needs, REGIONALE -----------------------------------------------------------------------


def test_the_csv_export_is_kept_and_follows_changes(page_cache, client, firm):
    url = reverse("companies:export_csv")
    first, csv, _queries = get(client, url)
    assert first.streaming and "Lennetal Logistik" in csv
    second, again, queries = get(client, url)
    assert queries == 0 and again == csv and second["Content-Type"].startswith("text/csv")
    assert second["Content-Disposition"] == first["Content-Disposition"]
    Organisation.objects.filter(pk=firm.pk).update(name="Volmetal Verpackung")
    assert "Volmetal Verpackung" in get(client, url)[1]


def test_the_need_list_shows_a_new_need_at_once(page_cache, client, firm):
    from matching.models import Entry

    url = reverse("matching:needs")
    assert "Palettenscanner" not in get(client, url)[1]
    assert get(client, url)[2] == 0  # kept
    Entry.objects.create(
        organisation=firm,
        municipality=firm.municipality,
        side="need",
        type="business",
        title="Palettenscanner gesucht",
        description="x",
    )
    assert "Palettenscanner gesucht" in get(client, url)[1]


def test_personal_matches_keep_each_request_its_own_csrf_token(page_cache, client, firm, alice):
    from matching.models import Entry

    make_user("zora@example.org")
    firm.memberships.create(user=alice, role="owner")
    Entry.objects.create(
        organisation=firm,
        municipality=firm.municipality,
        side="need",
        type="business",
        title="Palettenscanner",
        description="x",
    )
    client.login(email=alice.email, password=PASSWORD)
    url = reverse("matching:my_matches")
    first = client.get(url).content.decode()
    assert "Palettenscanner" in first
    client.logout()
    client.login(email=alice.email, password=PASSWORD)  # a new session, a new CSRF secret
    second = client.get(url)
    html = second.content.decode()
    assert pagecache.CSRF_PLACEHOLDER not in html
    token = client.cookies["csrftoken"].value
    from django.middleware.csrf import _unmask_cipher_token

    found = [part.split('"')[0] for part in html.split('name="csrfmiddlewaretoken" value="')[1:]]
    assert all(_unmask_cipher_token(value) == token for value in found)


def test_a_regionale_project_shows_changes_at_once(page_cache, client, firm):
    from regionale.models import Project
    from tests.regionale.conftest import make_project

    project = make_project("Digitales Lennetal", stage="star-1", published=True, summary="Alt", lead_sponsor=firm)
    url = reverse("regionale:project", args=[project.slug])
    assert "Alt" in get(client, url)[1]
    assert get(client, url)[2] == 0
    Project.objects.filter(pk=project.pk).update(summary="Neu gefasst")
    assert "Neu gefasst" in get(client, url)[1]
    assert "Digitales Lennetal" in get(client, reverse("regionale:portfolio"))[1]


def test_a_worker_keeps_a_near_copy_but_never_an_out_of_date_one(page_cache, client, firm, monkeypatch):
    """The near copy (this process's memory) is keyed by the versions read from the shared cache on every request."""
    url = reverse("companies:directory")
    get(client, url)
    reads = []

    class Spy:
        def __getattr__(self, name):
            return getattr(cache, name)

        def get(self, key, *args, **kwargs):
            reads.append(key)
            return cache.get(key, *args, **kwargs)

    monkeypatch.setattr(pagecache, "cache", Spy())
    assert get(client, url)[2] == 0
    assert not any(":page:" in key for key in reads)  # served from memory
    Organisation.objects.filter(pk=firm.pk).update(name="Volmetal Verpackung")
    assert "Volmetal Verpackung" in get(client, url)[1]


def test_the_near_copies_stay_within_their_budget(monkeypatch):
    monkeypatch.setattr(pagecache, "_NEAR_BYTES", 1000)
    monkeypatch.setattr(pagecache, "_near", pagecache.OrderedDict())
    monkeypatch.setattr(pagecache, "_near_size", 0)
    for number in range(10):
        pagecache._near_put(f"k{number}", {"content": b"x" * 200}, 60)
    assert pagecache._near_size <= 1000 and list(pagecache._near) == [f"k{n}" for n in range(5, 10)]
    pagecache._near_put("big", {"content": b"x" * 400}, 60)  # more than a quarter: not kept near
    assert "big" not in pagecache._near
    pagecache._near_put("old", {"content": b"x"}, -1)
    assert pagecache._near_get("old") is None


# --- the signed-in user, from the cache (portal/lib/auth.py) ---------------------------------------------------


def user_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries.captured_queries if 'FROM "accounts_user"' in q["sql"]]


def test_the_signed_in_user_comes_from_the_cache(page_cache, client, alice):
    client.login(email=alice.email, password=PASSWORD)
    url = reverse("accounts:overview")
    assert client.get(url).status_code == 200
    response, queries = user_queries(client, url)
    assert response.status_code == 200 and alice.email in response.content.decode()
    assert not queries


def test_a_new_password_logs_the_other_sessions_out_at_once(page_cache, client, alice):
    client.login(email=alice.email, password=PASSWORD)
    url = reverse("accounts:overview")
    client.get(url)
    alice.set_password("another-long-password-1")
    alice.save()
    assert client.get(url).status_code == 302  # the session hash no longer matches


def test_a_deactivated_account_is_signed_out_at_once(page_cache, client, alice):
    from accounts.models import User

    client.login(email=alice.email, password=PASSWORD)
    url = reverse("accounts:overview")
    client.get(url)
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert client.get(url).status_code == 302


def need(organisation, title):
    from matching.models import Entry

    return Entry.objects.create(
        organisation=organisation,
        municipality=organisation.municipality,
        side="need",
        type="business",
        title=title,
        description="x",
    )


def test_each_member_gets_their_own_personal_matches(page_cache, client, firm, alice, bob):
    other = make_organisation("Bergische Bohrtechnik GmbH", municipality="Olpe", status="published")
    firm.memberships.create(user=alice, role="owner")
    other.memberships.create(user=bob, role="owner")
    need(firm, "Palettenscanner")
    need(other, "Bohrdaten")
    url = reverse("matching:my_matches")
    client.login(email=alice.email, password=PASSWORD)
    assert "Palettenscanner" in client.get(url).content.decode()
    client.logout()
    client.login(email=bob.email, password=PASSWORD)
    html = client.get(url).content.decode()
    assert "Bohrdaten" in html and "Palettenscanner" not in html


def test_personal_matches_are_kept_and_follow_a_new_entry(page_cache, client, firm, alice):
    firm.memberships.create(user=alice, role="owner")
    need(firm, "Palettenscanner")
    client.login(email=alice.email, password=PASSWORD)
    url = reverse("matching:my_matches")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert all("django_session" in query["sql"] for query in queries.captured_queries)  # user and page: cached
    need(firm, "Staplerleitsystem")
    assert "Staplerleitsystem" in client.get(url).content.decode()


def test_a_waiting_message_is_shown_and_the_page_with_it_not_kept(page_cache, client, firm, alice):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    firm.memberships.create(user=alice, role="owner")
    client.login(email=alice.email, password=PASSWORD)
    url = reverse("matching:my_matches")
    client.get(url)
    # as a redirect after an action leaves it: in the messages cookie
    encoded = CookieStorage(RequestFactory().get("/"))._encode([Message(constants.SUCCESS, "Vorschlag ausgeblendet.")])
    client.cookies["messages"] = encoded
    assert "Vorschlag ausgeblendet." in client.get(url).content.decode()
    assert "Vorschlag ausgeblendet." not in client.get(url).content.decode()
