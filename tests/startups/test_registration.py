"""The registration journey: three steps, input kept, one organisation per journey, published once verified."""

import re
from functools import partial

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from companies.models import Membership, Municipality, Organisation, Topic
from startups.models import Registration
from tests.concurrency import at_the_same_moment
from tests.conftest import PASSWORD, make_organisation, make_user
from tests.e2e.pages import load_vocabularies

pytestmark = pytest.mark.django_db


def place(name="Arnsberg"):
    return Municipality.objects.get(name=name)


def topic(slug="data-analytics"):
    return Topic.objects.get(slug=slug)


def basics(**changes):
    return {"name": "Ruhrlogik", "municipality": place().pk, "pitch": "Daten für den Mittelstand", **changes}


def profile(**changes):
    return {"topics": [topic().pk], "stage": "seed", "looking_for": ["pilot-customers"], **changes}


def url(step, journey="startup"):
    return reverse({"basics": f"startups:{journey}"}.get(step, f"startups:{journey}_{step}"))


def token(client, journey="startup"):
    return client.session["registration"][journey]["token"]


def walk_to_account(client, journey="startup", basics_data=None, profile_data=None):
    response = client.post(url("basics", journey), basics_data or basics())
    assert response.status_code == 302 and response.url == url("profile", journey), response
    response = client.post(url("profile", journey), profile_data or profile())
    assert response.status_code == 302 and response.url == url("account", journey), response
    return client.get(url("account", journey))


def confirmation_link(mail):
    return re.search(r"https?://[^/\s]+(/\S+)", mail.body).group(1)


def sign_up_data(client, email="gruenderin@example.org", journey="startup"):
    return {"token": token(client, journey), "email": email, "password1": PASSWORD, "password2": PASSWORD}


def test_it_publishes_at_once_for_a_signed_in_verified_user(client, alice):
    client.force_login(alice)
    response = walk_to_account(client)
    assert response.status_code == 200
    assert "Daten für den Mittelstand" in response.content.decode()

    response = client.post(url("account"), {"token": token(client)})

    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("startups:welcome", args=["ruhrlogik"])
    assert (organisation.kind, organisation.status, organisation.slug) == ("startup", "published", "ruhrlogik")
    assert organisation.published_at and organisation.content_updated
    assert (organisation.municipality, organisation.pitch) == (place(), "Daten für den Mittelstand")
    assert (organisation.stage, organisation.looking_for) == ("seed", ["pilot-customers"])
    assert list(organisation.topics.all()) == [topic()]
    assert Membership.objects.get(organisation=organisation).user == alice
    assert Membership.objects.get(organisation=organisation).role == "owner"
    assert "startup" not in client.session["registration"]


def test_the_welcome_page_shows_next_steps(client, alice):
    client.force_login(alice)
    walk_to_account(client)
    response = client.post(url("account"), {"token": token(client)}, follow=True)

    content = response.content.decode()
    assert reverse("companies:edit", args=["ruhrlogik"]) in content
    assert reverse("companies:detail", args=["ruhrlogik"]) in content
    assert content.count("tag--soon") == 2  # a need and a desk: named, not linked


def test_it_shows_the_welcome_page_to_members_only(client, alice, charlie):
    client.force_login(alice)
    walk_to_account(client)
    client.post(url("account"), {"token": token(client)})
    client.force_login(charlie)

    assert client.get(reverse("startups:welcome", args=["ruhrlogik"])).status_code == 404


def test_a_new_visitor_gets_an_account_a_draft_and_a_verification_mail(client, mailoutbox):
    walk_to_account(client)
    response = client.post(url("account"), sign_up_data(client))

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="gruenderin@example.org")
    organisation = Organisation.objects.get()
    assert organisation.status == "draft"
    assert organisation.memberships.get().user == user
    assert Registration.objects.get().awaiting_verification
    assert [message.to for message in mailoutbox] == [["gruenderin@example.org"]]
    assert not EmailAddress.objects.get(user=user).verified


def test_confirming_the_address_publishes_and_the_log_in_leads_to_the_welcome_page(client, mailoutbox):
    walk_to_account(client)
    client.post(url("account"), sign_up_data(client))
    link = confirmation_link(mailoutbox[0])

    response = client.post(link)

    assert response.status_code == 302 and response.url == reverse("account_login")
    organisation = Organisation.objects.get()
    assert organisation.status == "published"
    assert not Registration.objects.get().awaiting_verification
    response = client.post(reverse("account_login"), {"login": "gruenderin@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("startups:welcome", args=["ruhrlogik"])
    assert client.get(response.url).status_code == 200


def test_the_log_in_after_confirming_keeps_an_explicit_next(client, mailoutbox):
    walk_to_account(client)
    client.post(url("account"), sign_up_data(client))
    client.post(confirmation_link(mailoutbox[0]))

    data = {"login": "gruenderin@example.org", "password": PASSWORD, "next": reverse("portal:contact")}
    response = client.post(reverse("account_login"), data)

    assert response.url == reverse("portal:contact")


def test_a_curator_hidden_draft_stays_hidden_after_confirming(client, mailoutbox):
    walk_to_account(client)
    client.post(url("account"), sign_up_data(client))
    Organisation.objects.get().hide("Spam")

    client.post(confirmation_link(mailoutbox[0]))

    assert Organisation.objects.get().status == "hidden"


def test_errors_keep_what_was_typed(client):
    response = client.post(url("basics"), basics(municipality="", pitch="Ein Satz, der bleibt"))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="Ruhrlogik"' in content
    assert "Ein Satz, der bleibt" in content
    assert "data-error-summary" in content


def test_errors_in_the_last_step_keep_the_email_and_the_journey(client):
    walk_to_account(client)
    data = {**sign_up_data(client), "password2": "something-else-entirely"}

    response = client.post(url("account"), data)

    assert response.status_code == 200
    assert 'value="gruenderin@example.org"' in response.content.decode()
    assert not Organisation.objects.exists() and not User.objects.exists()
    assert client.session["registration"]["startup"]["profile"]["stage"] == "seed"


def test_going_back_shows_the_earlier_steps_with_their_data(client):
    walk_to_account(client)

    step1 = client.get(url("basics")).content.decode()
    step2 = client.get(url("profile")).content.decode()

    assert 'value="Ruhrlogik"' in step1
    assert f'<option value="{place().pk}" selected>Arnsberg</option>' in step1
    assert re.search(rf'value="{topic().pk}"[^>]*checked', step2)
    assert re.search(r'value="seed"[^>]*checked', step2)


def test_the_progress_marks_the_current_step(client):
    content = client.get(url("basics")).content.decode()

    assert re.search(r'<li aria-current="step">\s*<span>(Schritt 1 von 3|Step 1 of 3)', content)
    assert content.count('aria-current="step"') == 1
    assert "<optgroup" in content


def test_the_startup_journey_ignores_a_tampered_kind(client, alice):
    client.force_login(alice)
    walk_to_account(client, basics_data=basics(kind="firm"), profile_data=profile(size_band="10-49"))
    client.post(url("account"), {"token": token(client)})

    organisation = Organisation.objects.get()
    assert (organisation.kind, organisation.size_band, organisation.stage) == ("startup", "", "seed")


def test_the_organisation_journey_asks_for_the_kind_and_a_firms_size(client, alice):
    client.force_login(alice)
    response = client.post(url("basics", "organisation"), basics())
    assert response.status_code == 200 and "kind" in response.context["form"].errors

    walk_to_account(
        client, "organisation", basics(kind="firm", name="Sauerland Sensorik"), profile(size_band="10-49", stage="")
    )
    client.post(url("account", "organisation"), {"token": token(client, "organisation")})

    organisation = Organisation.objects.get()
    assert (organisation.kind, organisation.size_band, organisation.stage) == ("firm", "10-49", "")
    assert organisation.looking_for == []


def test_the_organisation_journey_does_not_offer_the_startup_kind(client):
    response = client.post(url("basics", "organisation"), basics(kind="startup"))

    assert response.status_code == 200 and "kind" in response.context["form"].errors


@pytest.mark.parametrize("municipality", ["999999", "abc", "-1"])
def test_an_unknown_municipality_is_a_form_error(client, municipality):
    response = client.post(url("basics"), basics(municipality=municipality))

    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors


@pytest.mark.parametrize("topics", [["999999"], ["abc"], []])
def test_an_unknown_or_missing_topic_is_a_form_error(client, topics):
    client.post(url("basics"), basics())

    response = client.post(url("profile"), profile(topics=topics))

    assert response.status_code == 200
    assert "topics" in response.context["form"].errors


def test_a_later_step_without_the_earlier_ones_leads_back(client):
    assert client.get(url("profile")).url == url("basics")
    client.post(url("basics"), basics())
    assert client.get(url("account")).url == url("profile")


def test_submitting_twice_creates_one_organisation(client, alice):
    client.force_login(alice)
    walk_to_account(client)
    data = {"token": token(client)}

    first = client.post(url("account"), data)
    second = client.post(url("account"), data)

    assert Organisation.objects.count() == 1
    assert first.url == second.url == reverse("startups:welcome", args=["ruhrlogik"])


def test_a_new_visitor_submitting_twice_creates_one_account_and_one_organisation(client, mailoutbox):
    walk_to_account(client)
    data = sign_up_data(client)

    client.post(url("account"), data)
    second = client.post(url("account"), data)

    assert second.url == reverse("account_email_verification_sent")
    assert (User.objects.count(), Organisation.objects.count(), len(mailoutbox)) == (1, 1, 1)


def test_a_second_journey_of_the_same_user_creates_a_second_organisation(client, alice):
    client.force_login(alice)
    for _ in range(2):
        walk_to_account(client)
        client.post(url("account"), {"token": token(client)})

    assert sorted(Organisation.objects.values_list("slug", flat=True)) == ["ruhrlogik", "ruhrlogik-2"]
    assert Registration.objects.count() == 2


def test_the_slug_avoids_existing_organisations(client, alice):
    make_organisation(name="Ruhrlogik")
    make_organisation(name="Ruhrlogik 2", slug="ruhrlogik-2")
    client.force_login(alice)
    walk_to_account(client, basics_data=basics(name="Rührlogik"))
    client.post(url("account"), {"token": token(client)})

    assert Organisation.objects.get(name="Rührlogik").slug == "ruehrlogik"


def test_a_stale_page_of_an_earlier_journey_creates_nothing_new(client, alice):
    client.force_login(alice)
    walk_to_account(client)
    stale = token(client)
    client.post(url("account"), {"token": stale})
    walk_to_account(client, basics_data=basics(name="Zweite GmbH"))

    response = client.post(url("account"), {"token": "not-the-token"})

    assert response.status_code == 200
    assert Organisation.objects.count() == 1


def test_a_signed_in_user_without_a_verified_address_gets_a_draft(client):
    user = User.objects.create_user(email="unverified@example.org", password=PASSWORD)
    client.force_login(user)
    walk_to_account(client)

    response = client.post(url("account"), {"token": token(client)}, follow=True)

    assert Organisation.objects.get().status == "draft"
    assert Registration.objects.get().awaiting_verification
    assert response.status_code == 200


def test_an_address_with_an_account_creates_no_second_account(client, alice, mailoutbox):
    walk_to_account(client)

    response = client.post(url("account"), sign_up_data(client, email=alice.email))

    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.count() == 1 and not Organisation.objects.exists()
    assert "registration" in client.session  # log in, come back to step 3, and the entries are still there


def test_the_log_in_link_returns_to_the_last_step(client, alice):
    walk_to_account(client)
    login_url = client.get(url("account")).context["login_url"]

    response = client.post(login_url, {"login": alice.email, "password": PASSWORD})

    assert response.url == url("account")
    assert "Ruhrlogik" in client.get(response.url).content.decode()


def test_the_signup_rate_limit_applies(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "2/m/ip"}
    walk_to_account(client)
    data = {**sign_up_data(client), "password2": "mismatch-mismatch"}

    statuses = [client.post(url("account"), data).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert client.post(reverse("account_signup"), data).status_code == 429  # one budget with allauth's own page


def test_the_home_page_leads_into_both_journeys(client):
    content = client.get(reverse("portal:home")).content.decode()

    assert f'href="{url("basics")}"' in content
    assert f'href="{url("basics", "organisation")}"' in content


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="SQLite serialises writers, so this race cannot happen there; run with DATABASE_URL on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("signed_in", [True, False], ids=["signed-in", "new visitor"])
def test_a_double_click_creates_one_organisation(client, signed_in, mailoutbox):
    load_vocabularies()
    if signed_in:
        client.force_login(make_user("alice@example.org"))
    walk_to_account(client)
    data = sign_up_data(client)
    clients = [Client(), Client()]
    for other in clients:
        other.cookies = client.cookies
    statuses = [
        response.status_code
        for response in at_the_same_moment(*[partial(other.post, url("account"), data) for other in clients])
    ]

    assert statuses == [302, 302]
    assert Organisation.objects.count() == 1
    assert Membership.objects.count() == 1


def test_a_slug_taken_at_the_last_moment_is_replaced_by_the_next_free_one(client, alice, monkeypatch):
    make_organisation(name="Ruhrlogik")
    answers = iter(["ruhrlogik", "ruhrlogik-2"])  # the first as if another registration had just taken it
    monkeypatch.setattr("startups.services.unique_slug", lambda name: next(answers))
    client.force_login(alice)
    walk_to_account(client)

    response = client.post(url("account"), {"token": token(client)})

    assert response.url == reverse("startups:welcome", args=["ruhrlogik-2"])


def test_the_personal_data_export_lists_the_registrations(client, alice):
    from accounts import personal_data

    client.force_login(alice)
    walk_to_account(client)
    client.post(url("account"), {"token": token(client)})

    assert [entry["organisation"] for entry in personal_data.export(alice)["registrations"]] == ["Ruhrlogik"]


def test_deleting_the_account_takes_the_registration_records_along(alice):
    from startups import services

    services.register(alice, "t", basics(kind="startup"), profile())
    alice.delete()

    assert not Registration.objects.exists()
