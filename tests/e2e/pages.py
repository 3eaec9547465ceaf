"""The page list: every page the quality gate visits, and every URL pattern it deliberately leaves out.

Adding a page is one line in PAGES. A new URL pattern that is in neither list fails
test_gate.py::test_it_visits_or_excludes_every_url_pattern, so no page escapes the gate.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views import defaults

from portal.lib import outage
from portal.views import csrf_failure
from tests.conftest import PASSWORD, make_organisation, make_user

LANGUAGES = [code for code, _name in settings.LANGUAGES]
MAIN_FORM = "main form[method=post]"


@dataclass(frozen=True)
class Page:
    """One page of the site, visited in every language.

    name       URL name ("portal:imprint", "account_login"); for pages without one (error pages) a label.
    kwargs     URL kwargs.
    signed_in  visit as alice, logged in through the real log-in form (by the test client).
    setup      setup(client, user) -> URL kwargs: prepares what the page needs on the server (a token, a pending
               log-in, an authenticator, a log-in of its own) with pytest-django's test client, whose cookies the
               browser then takes over. `user` is alice.
    form       CSS selector of the form to submit empty once, to check the page with its error summary.
    path       for pages without a URL name: the path below the language root ("/" or "/en/").
    render     for error pages no URL leads to: render(request) -> response, Django's handler for that error;
               the browser gets its response at `path` (intercepted, so the page's CSS and links are real).
    status     the expected HTTP status.
    redirects  the page redirects on arrival (to a URL without the token), so the final URL differs.
    """

    name: str
    kwargs: dict = field(default_factory=dict)
    signed_in: bool = False
    setup: Callable | None = None
    form: str = ""
    path: str = ""
    render: Callable | None = None
    status: int = 200
    redirects: bool = False

    def __str__(self):
        return self.name

    def url(self, language, kwargs=None):
        """kwargs may carry the query string under the key "?" (a page that needs ?date=…&slot=…)."""
        kwargs = dict(kwargs if kwargs is not None else self.kwargs)
        query = kwargs.pop("?", "")
        with translation.override(language):
            if self.path:
                return reverse("portal:home") + self.path
            return reverse(self.name, kwargs=kwargs) + (f"?{query}" if query else "")


# --- server-side preparation, with the Django test client (the browser then shares its session) ------------


def log_in(client, user, password=PASSWORD):
    """Log in through allauth's real log-in form (not force_login): its flow, signals and messages all run."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response.status_code == 302, f"log-in as {user.email} failed: {response.status_code}"
    return response


def confirmation_key_for_new_address(client, user):
    dora = make_user("dora@example.org", "Dora Dietrich", verified=False)
    return {"key": EmailConfirmationHMAC(dora.emailaddress_set.get()).key}


def password_reset_key(client, user):
    return {"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)}


def without_password(client, user):
    user.set_unusable_password()
    user.save()
    client.force_login(user)  # the log-in form needs a password; the set-password page is for those without one
    return {}


def reauthenticated(client, user):
    """Re-entered the password just now: what allauth asks before 2FA settings can be changed."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, f"reauthentication failed: {response.status_code}"
    return {}


def reauthenticated_owner(client, user):
    """Re-authenticated and owning organisations of every kind the deletion page asks about: one with a colleague
    (delete or hand over), one without (delete only), one shared with another owner (no question)."""
    from companies.models import Membership

    load_vocabularies()
    with_colleague = make_organisation("Sauerland Sensorik GmbH", owner=user)
    Membership.objects.create(user=make_user("bob@example.org", "Bob Berger"), organisation=with_colleague)
    make_organisation("Arnsberger Automaten", owner=user)
    shared = make_organisation("Ruhr Robotik", owner=user)
    Membership.objects.create(user=make_user("dora@example.org"), organisation=shared, role="owner")
    return reauthenticated(client, user)


def with_totp(client, user):
    TOTP.activate(user, generate_totp_secret())
    return {}


def reauthenticated_with_totp(client, user):
    reauthenticated(client, user)
    return with_totp(client, user)


def reauthenticated_with_recovery_codes(client, user):
    reauthenticated_with_totp(client, user)
    RecoveryCodes.activate(user)
    return {}


def pending_second_factor(client, user):
    """Password accepted, second factor pending: the state in which the TOTP code is asked for."""
    with_totp(client, user)
    response = log_in(client, user)
    assert response.url == reverse("mfa_authenticate"), response.url
    return {}


def load_vocabularies():
    """Places, topics and industries. Flushing after a live-server test reloads them (post_migrate), so this
    only guards against a test that ran first."""
    from companies.reference_data import load_reference_data

    load_reference_data()


def published_organisation(client, user):
    """A published firm with every part of the profile filled in, owned by alice."""
    from companies.models import Department, Industry, Topic

    load_vocabularies()
    organisation = make_organisation(
        owner=user,
        status="published",
        pitch="Sensoren für die Industrie 4.0",
        description="Wir entwickeln Sensoren.\n\nSeit 1998 in Arnsberg.",
        founded=1998,
        size_band="50-249",
        languages=["de", "en"],
        website="https://sensorik.example",
        public_email="info@sensorik.example",
    )
    organisation.topics.add(*Topic.objects.all()[:3])
    organisation.industries.add(Industry.objects.get(code="C"))
    organisation.keywords.add("opc ua", "predictive maintenance")
    university = make_organisation("Universität Siegen", kind="university", municipality="Siegen", owner=user)
    Department.objects.create(organisation=university, name="Lehrstuhl Produktion", competences="Robotik")
    return {"slug": organisation.slug}


def member_of_organisations(client, user):
    published_organisation(client, user)
    return {}


def organisation_with_too_many_keywords(client, user, name="Lernende Lager", kind="startup"):
    """alice's start-up with 21 keywords from before the limit: saving the form unchanged shows the error summary."""
    load_vocabularies()
    organisation = make_organisation(name, kind=kind, municipality="Dortmund", owner=user)
    organisation.keywords.add(*[f"stichwort {n}" for n in range(21)])
    return {"slug": organisation.slug}


def university_with_too_many_keywords(client, user):
    """As above, a university with a department: its edit page has the departments' formset."""
    from companies.models import Department, Organisation

    kwargs = organisation_with_too_many_keywords(client, user, "Technische Universität Dortmund", "university")
    Department.objects.create(organisation=Organisation.objects.get(**kwargs), name="Lehrstuhl Logistik")
    return kwargs


def invitation_for_user(client, user):
    from companies.models import Invitation

    load_vocabularies()
    organisation = make_organisation(owner=make_user("dora@example.org"), status="published")
    return {"token": Invitation.objects.create(organisation=organisation, email=user.email).token}


def registration_at(step, journey="startup"):
    """The registration journey filled in up to `step` ("profile" or "account") by the test client."""

    def setup(client, user):
        from companies.models import Municipality, Topic

        load_vocabularies()
        basics = {"name": "Ruhrlogik", "municipality": Municipality.objects.get(name="Arnsberg").pk, "pitch": "Daten"}
        response = client.post(reverse(f"startups:{journey}"), {**basics, "kind": "firm"})
        assert response.status_code == 302, f"step 1 of the {journey} journey failed"
        if step == "account":
            profile = {"topics": [Topic.objects.first().pk], "stage": "seed", "size_band": "10-49"}
            response = client.post(reverse(f"startups:{journey}_profile"), profile)
            assert response.status_code == 302, f"step 2 of the {journey} journey failed"
        return {}

    return setup


def directory_with_organisations(client, user):
    """Thirty published organisations of every kind in twelve towns of all districts, with topics, keywords, sizes
    and stages: the directory with its facets, two pages of results and a map with markers."""
    from companies.models import Topic

    load_vocabularies()
    towns = ["Arnsberg", "Meschede", "Brilon", "Iserlohn", "Lüdenscheid", "Olpe"]
    towns += ["Attendorn", "Siegen", "Kreuztal", "Soest", "Lippstadt", "Dortmund"]
    kinds = ["firm", "startup", "university", "institute", "coworking", "public"]
    sizes = ["1-9", "10-49", "50-249", "250-999", "1000+"]
    topics = list(Topic.objects.order_by("position")[:6])
    for n in range(30):
        kind = kinds[n % len(kinds)]
        organisation = make_organisation(
            f"Organisation {n + 1} {towns[n % len(towns)]}",
            kind=kind,
            municipality=towns[n % len(towns)],
            status="published",
            pitch="Sensoren, Daten und Beratung für den Mittelstand",
            size_band=sizes[n % len(sizes)],
            stage="seed" if kind == "startup" else "",
            featured=n == 0,
        )
        organisation.topics.add(*topics[n % 3 : n % 3 + 2])
        organisation.keywords.add(["opc ua", "predictive maintenance", "cobots"][n % 3])
    return {}


def registered_startup(client, user):
    """A start-up that `user` registered through the journey: its welcome page."""
    from companies.models import Municipality, Topic
    from startups import services

    load_vocabularies()
    basics = {"kind": "startup", "name": "Ruhrlogik", "municipality": Municipality.objects.get(name="Dortmund").pk}
    profile = {"topics": [Topic.objects.first().pk], "stage": "idea", "looking_for": ["talent"]}
    registration = services.register(user, "gate", {**basics, "pitch": "Daten für den Mittelstand"}, profile)
    return {"slug": registration.organisation.slug}


def coworking_space(client, user):
    """alice owns the host of "Digitalwerk Meschede" (the space of tests/coworking/conftest.py), bob booked the next
    bookable morning, and alice the afternoon of the same day; a second space in Arnsberg for the list."""
    from coworking import services
    from coworking.models import Slot, Space
    from tests.coworking.conftest import make_space

    load_vocabularies()
    host = make_organisation("Sauerland Coworking eG", kind="coworking", municipality="Meschede", owner=user)
    host.publish()
    space = make_space(host, approval_required=False)
    make_space(host, name="Coworking am Neheimer Markt", municipality="Arnsberg")
    day = next_open_day(space)
    morning, afternoon = Slot.objects.filter(space=space).order_by("starts")
    bob = make_user("bob@example.org", "Bob Berger")
    services.book(member=bob, space=space, days=[day], slots=[morning], idempotency_key=uuid.uuid4(), note="Bis 12")
    booking = services.book(member=user, space=space, days=[day], slots=[afternoon], idempotency_key=uuid.uuid4())
    return {"slug": Space.objects.get(pk=space.pk).slug, "booking": booking, "day": day, "slot": morning}


def next_open_day(space):
    """Tomorrow, or the next day after it the space is open (not Sunday, not a public holiday)."""
    from coworking import availability

    day = availability.local_today() + timedelta(days=1)
    holidays = availability.public_holidays(day, day + timedelta(days=10))
    while day.weekday() == 6 or day in holidays:
        day += timedelta(days=1)
    return day


def coworking_space_page(client, user):
    return {"slug": coworking_space(client, user)["slug"]}


def coworking_booking_form(client, user):
    found = coworking_space(client, user)
    return {"slug": found["slug"], "?": f"date={found['day']:%Y-%m-%d}&slot={found['slot'].pk}"}


def coworking_full_slot(client, user):
    """The waiting-list page for a slot whose places are all taken."""
    from coworking import services

    found = coworking_space(client, user)
    space = found["booking"].space
    for number in range(services.free_resources(space, found["day"], found["slot"]).count()):
        member = make_user(f"member{number}@example.org")
        services.book(
            member=member, space=space, days=[found["day"]], slots=[found["slot"]], idempotency_key=uuid.uuid4()
        )
    return {"slug": found["slug"], "?": f"date={found['day']:%Y-%m-%d}&slot={found['slot'].pk}"}


def coworking_booking(client, user):
    return {"reference": coworking_space(client, user)["booking"].reference}


def coworking_member(client, user):
    coworking_space(client, user)
    return {}


def coworking_host_organisation(client, user):
    return {"organisation": coworking_space(client, user)["booking"].space.organisation.slug}


def coworking_host_booking(client, user):
    found = coworking_space(client, user)
    return {"slug": found["slug"], "reference": found["booking"].reference}


def coworking_waitlist_entry(client, user):
    from coworking.models import WaitlistEntry

    found = coworking_space(client, user)
    space = found["booking"].space
    entry = WaitlistEntry.objects.create(space=space, slot=found["slot"], date=found["day"], member=user)
    return {"pk": entry.pk}


def matching_entries(client, user):
    """alice's firm with a public need and a public offer; a start-up's anonymous need and members-only offer."""
    from companies.models import Organisation
    from tests.matching.conftest import make_entry

    slug = published_organisation(client, user)["slug"]
    firm = Organisation.objects.get(slug=slug)
    topics = ["process-erp", "data-analytics"]
    need = make_entry(firm, "need", topics=topics, keywords=["opc ua"], reach="radius", reach_km=50)
    offer = make_entry(firm, "offer", title="Schulungen zu OPC UA", type="business", topics=topics[:1])
    startup = make_organisation("Ruhrlogik", kind="startup", municipality="Dortmund", status="published")
    make_entry(startup, "need", title="Pilotkunde gesucht", type="pilot", visibility="anonymous", topics=topics)
    make_entry(startup, "offer", title="Nur für Mitglieder", visibility="members", topics=topics)
    return {"need": need, "offer": offer, "organisation": slug}


def matching_need(client, user):
    return {"pk": matching_entries(client, user)["need"].pk}


def matching_requests(client, user):
    """On top of matching_entries: the start-up (Dora) asks alice's firm about its need (pending, with the answer
    form), and alice asked the start-up, which accepted (contact details, meet halfway with a space in Meschede)."""
    from datetime import time

    from django.utils import timezone

    from companies.models import Organisation
    from coworking.models import OpeningHours
    from matching.models import ContactRequest
    from tests.coworking.conftest import make_space

    found = matching_entries(client, user)
    firm = Organisation.objects.get(slug=found["organisation"])
    startup = Organisation.objects.get(name="Ruhrlogik")
    dora = make_user("dora@example.org", "Dora Gründerin")
    startup.memberships.create(user=dora, role="owner")
    space = make_space(startup, name="Coworking Werl", municipality="Werl", closed_on_public_holidays=False)
    OpeningHours.objects.create(space=space, weekday=6, opens=time(7), closes=time(20))
    pending = ContactRequest.objects.create(
        sender=dora, sender_organisation=startup, receiver=firm, entry=found["need"], message="Wir können helfen."
    )
    accepted = ContactRequest.objects.create(
        sender=user,
        sender_organisation=firm,
        receiver=startup,
        message="Sprechen wir?",
        sender_phone="+49 2931 12345",
        status="accepted",
        answered_at=timezone.now(),
        answered_by=dora,
        reply="Gern!",
        answerer_shares_bookings=True,
    )
    return {"pending": pending.pk, "accepted": accepted.pk, "need": found["need"].pk, "startup": startup.slug}


def matching_request_pending(client, user):
    return {"pk": matching_requests(client, user)["pending"]}


def matching_request_accepted(client, user):
    return {"pk": matching_requests(client, user)["accepted"]}


def matching_contact_entry(client, user):
    """alice asks about the start-up's public need."""
    from matching.models import Entry

    matching_entries(client, user)
    startup_need = Entry.objects.filter(organisation__name="Ruhrlogik", side="need").get()
    startup_need.visibility = "public"
    startup_need.save(update_fields=["visibility"])
    return {"pk": startup_need.pk}


def matching_contact_organisation(client, user):
    matching_entries(client, user)
    return {"organisation": "ruhrlogik"}


def matching_inbox(client, user):
    matching_requests(client, user)
    return {}


def matching_inbox_sent(client, user):
    matching_requests(client, user)
    return {"?": "box=sent"}


def matching_need_weighted(client, user):
    return {"pk": matching_entries(client, user)["need"].pk, "?": "distance=any&kind=startup"}


def matching_offer(client, user):
    return {"pk": matching_entries(client, user)["offer"].pk}


def matching_organisation(client, user):
    return {"organisation": matching_entries(client, user)["organisation"]}


def matching_member(client, user):
    matching_entries(client, user)
    return {}


def regionale_projects(client, user):
    """Published REGIONALE projects in every stage across the districts, all of alice's firm; the one with the 2nd
    star has further sponsors, funding lines, a news update and a linked need. Returns that project's slug."""
    from companies.models import Organisation
    from regionale.models import FundingLine, ProjectUpdate
    from tests.matching.conftest import make_entry
    from tests.regionale.conftest import make_project

    load_vocabularies()
    firm = make_organisation(owner=user, status="published", pitch="Sensoren für die Industrie 4.0")
    town = make_organisation("Gemeinde Eslohe", kind="public", municipality="Eslohe", status="published")
    stages = ["idea", "star-1", "star-2", "star-3", "implementation", "completed", "withdrawn"]
    places = ["Eslohe", "Olpe", "Siegen", "Soest", "Iserlohn", "Meschede", "Brilon"]
    fields = ["raum", "gesellschaft", "wirtschaft"]
    for number, (stage, place) in enumerate(zip(stages, places, strict=True)):
        project = make_project(
            f"Projekt {number + 1} in {place}",
            stage=stage,
            published=True,
            municipalities=[place],
            lead_sponsor=firm,
            handlungsfeld=fields[number % 3],
            dna_digital=number % 2 == 0,
            dna_sustainable=True,
            dna_authentic=number % 3 == 0,
            is_example=number == 0,
        )
    main = make_project(
        "Digitales Dorfzentrum Eslohe",
        stage="star-2",
        published=True,
        lead_sponsor=town,
        sponsors=[Organisation.objects.get(pk=firm.pk)],
        dna_digital=True,
        description="Leerstand im Ortskern wird zum digitalen Treffpunkt.\n\nMit Bürgerbüro und Coworking.",
    )
    main.featured = True
    main.save(update_fields=["featured", "updated"])
    FundingLine.objects.create(project=main, source="regionale", amount=450000, status="granted")
    FundingLine.objects.create(project=main, source="efre", amount=120000, status="applied")
    ProjectUpdate.objects.create(project=main, title="Bürgerwerkstatt", body="Über 80 Menschen kamen.")
    main.needs.add(make_entry(town, title="Partner für das Buchungssystem des Dorfzentrums"))
    return {"slug": main.slug, "firm": firm, "project": project}


def regionale_project(client, user):
    return {"slug": regionale_projects(client, user)["slug"]}


def regionale_member(client, user):
    regionale_projects(client, user)
    return {}


def regionale_lead_sponsor(client, user):
    """A published project whose lead sponsor is alice's firm: she may add a need to it."""
    return {"slug": regionale_projects(client, user)["project"].slug}


def regionale_idea(client, user):
    """alice's own unpublished idea: its page shows her the "not public yet" notice."""
    from tests.regionale.conftest import make_project

    firm = regionale_projects(client, user)["firm"]
    return {
        "slug": make_project(
            "Coworking-Pop-up Olpe", municipalities=["Olpe"], lead_sponsor=firm, submitted_by=user
        ).slug
    }


def regionale_submitter(client, user):
    regionale_idea(client, user)
    return {}


# --- Django's error handlers, called the way Django calls them ---------------------------------------------


def bad_request(request):
    return defaults.bad_request(request, SuspiciousOperation())


def permission_denied(request):
    return defaults.permission_denied(request, PermissionDenied())


def too_many_requests(request):
    return render(request, "429.html", status=429)  # as allauth's rate limits answer


# --- the list ----------------------------------------------------------------------------------------------

PAGES = [
    # the site's own pages
    Page("portal:home"),
    Page("portal:imprint"),
    Page("portal:privacy"),
    Page("portal:accessibility", form=MAIN_FORM),
    Page("portal:barrier_report", form=MAIN_FORM),
    Page("portal:easy_read"),
    Page("portal:contact", form=MAIN_FORM),
    Page("portal:feedback_thanks"),
    # error pages: 404 through the server, the others as Django's handlers render them
    Page("404", path="no-such-page/", status=404),
    Page("400", path="error-400/", render=bad_request, status=400),
    Page("403", path="error-403/", render=permission_denied, status=403),
    Page("403_csrf", path="error-403-csrf/", render=csrf_failure, status=403),
    Page("429", path="error-429/", render=too_many_requests, status=429),
    Page("500", path="error-500/", render=defaults.server_error, status=500),
    Page("503", path="error-503/", render=outage.unavailable, status=503),
    # the account
    Page("accounts:overview", signed_in=True),
    Page("accounts:data", signed_in=True),
    Page("accounts:delete", signed_in=True, setup=reauthenticated_owner, form=MAIN_FORM),
    Page("account_signup", form=MAIN_FORM),
    Page("account_login", form=MAIN_FORM),
    Page("account_logout", signed_in=True),
    Page("usersessions_list", signed_in=True),
    Page("account_inactive"),
    Page("account_email_verification_sent"),
    Page("account_confirm_email", setup=confirmation_key_for_new_address),
    Page("account_email", signed_in=True, form=f"{MAIN_FORM}:has(input[type=email])"),
    Page("account_reauthenticate", signed_in=True, form=MAIN_FORM),
    Page("account_change_password", signed_in=True, form=MAIN_FORM),
    Page("account_set_password", setup=without_password, form=MAIN_FORM),
    Page("account_reset_password", form=MAIN_FORM),
    Page("account_reset_password_done"),
    Page("account_reset_password_from_key", setup=password_reset_key, form=MAIN_FORM, redirects=True),
    Page("account_reset_password_from_key_done"),
    # two-factor authentication
    Page("mfa_index", signed_in=True),
    Page("mfa_activate_totp", signed_in=True, setup=reauthenticated, form=MAIN_FORM),
    Page("mfa_authenticate", setup=pending_second_factor, form=MAIN_FORM),
    Page("mfa_reauthenticate", signed_in=True, setup=with_totp, form=MAIN_FORM),
    Page("mfa_deactivate_totp", signed_in=True, setup=reauthenticated_with_totp),
    Page("mfa_generate_recovery_codes", signed_in=True, setup=reauthenticated_with_recovery_codes),
    Page("mfa_view_recovery_codes", signed_in=True, setup=reauthenticated_with_recovery_codes),
    # organisations
    Page("companies:detail", setup=published_organisation),
    Page("companies:directory", setup=directory_with_organisations),
    Page("companies:directory"),  # empty: "Nothing found"
    Page("companies:open_data"),
    Page("companies:edit", signed_in=True, setup=organisation_with_too_many_keywords, form=MAIN_FORM),
    Page("companies:edit", signed_in=True, setup=university_with_too_many_keywords, form=MAIN_FORM),
    Page("companies:members", signed_in=True, setup=published_organisation, form=f"{MAIN_FORM}#invite-form"),
    Page("companies:logo", signed_in=True, setup=published_organisation),  # an empty form is valid: keeps the logo
    Page("companies:report", setup=published_organisation, form=MAIN_FORM),
    Page("companies:mine", signed_in=True, setup=member_of_organisations),
    Page("companies:invitation_accept", signed_in=True, setup=invitation_for_user),
    Page("companies:invitation_accept", kwargs={"token": "kaputt"}, status=400),
    # the registration journeys: step 3 asks a visitor for an account, a signed-in user only to confirm
    Page("startups:startup", form=MAIN_FORM),
    Page("startups:startup_profile", setup=registration_at("profile"), form=MAIN_FORM),
    Page("startups:startup_account", setup=registration_at("account"), form=MAIN_FORM),
    Page("startups:startup_account", signed_in=True, setup=registration_at("account")),
    Page("startups:organisation", form=MAIN_FORM),
    Page("startups:organisation_profile", setup=registration_at("profile", "organisation"), form=MAIN_FORM),
    Page("startups:organisation_account", setup=registration_at("account", "organisation"), form=MAIN_FORM),
    Page("startups:organisation_account", signed_in=True, setup=registration_at("account", "organisation")),
    Page("startups:welcome", signed_in=True, setup=registered_startup),
    # co-working: finding, booking, the member's bookings, the host's pages
    Page("coworking:list", setup=coworking_member),
    Page("coworking:list"),  # no spaces yet
    Page("coworking:near", setup=coworking_member, kwargs={"?": "place=meschede"}),
    Page("coworking:space", setup=coworking_space_page),
    Page("coworking:book", signed_in=True, setup=coworking_space_page, form=MAIN_FORM),
    Page("coworking:book", signed_in=True, setup=coworking_booking_form),  # a day and slot chosen on the space page
    Page("coworking:booking", signed_in=True, setup=coworking_booking),
    Page("coworking:booking_cancel", signed_in=True, setup=coworking_booking),
    Page("coworking:my_bookings", signed_in=True, setup=coworking_member),
    Page("coworking:calendar", signed_in=True, setup=coworking_member),
    Page("coworking:waitlist_join", signed_in=True, setup=coworking_full_slot),
    Page("coworking:waitlist_entry", signed_in=True, setup=coworking_waitlist_entry),
    Page("coworking:space_create", signed_in=True, setup=coworking_host_organisation, form=MAIN_FORM),
    Page("coworking:space_edit", signed_in=True, setup=coworking_space_page),
    Page("coworking:space_hours", signed_in=True, setup=coworking_space_page),
    Page("coworking:space_places", signed_in=True, setup=coworking_space_page),
    Page("coworking:space_photos", signed_in=True, setup=coworking_space_page),
    Page("coworking:dashboard", signed_in=True, setup=coworking_space_page),
    Page("coworking:closures", signed_in=True, setup=coworking_space_page, form=MAIN_FORM),
    Page("coworking:utilisation", signed_in=True, setup=coworking_space_page),
    # needs and offers
    Page("matching:needs", setup=matching_member),
    Page("matching:needs"),  # none yet
    Page("matching:offers", signed_in=True, setup=matching_member),
    Page("matching:need", setup=matching_need),
    Page("matching:need", signed_in=True, setup=matching_need),  # with the owners' buttons
    Page("matching:offer", setup=matching_offer),
    Page("matching:need_create", signed_in=True, setup=matching_organisation, form=MAIN_FORM),
    Page("matching:offer_create", signed_in=True, setup=matching_organisation, form=MAIN_FORM),
    Page("matching:edit", signed_in=True, setup=matching_need),
    Page("matching:mine", signed_in=True, setup=matching_member),
    Page("matching:matches", setup=matching_need),  # a visitor: no contact or "not relevant" buttons
    Page("matching:matches", signed_in=True, setup=matching_need_weighted),  # controls set, the members' buttons
    Page("matching:my_matches", signed_in=True, setup=matching_member),
    Page("matching:contact_entry", signed_in=True, setup=matching_contact_entry, form=MAIN_FORM),
    Page("matching:contact_organisation", signed_in=True, setup=matching_contact_organisation),
    Page("matching:inbox", signed_in=True, setup=matching_inbox),
    Page("matching:inbox", signed_in=True, setup=matching_inbox_sent),
    Page("matching:request", signed_in=True, setup=matching_request_pending),  # the answer form
    Page("matching:request", signed_in=True, setup=matching_request_accepted),  # details, meet halfway
    Page("matching:request_settings", signed_in=True, setup=matching_organisation),
    # REGIONALE 2025
    Page("regionale:portfolio", setup=regionale_member),
    Page(
        "regionale:portfolio", setup=regionale_member, kwargs={"?": "stage=star-2&stage=withdrawn&dna=digital&q=Eslohe"}
    ),
    Page("regionale:portfolio"),  # no projects yet
    Page("regionale:project", setup=regionale_project),
    Page("regionale:project", signed_in=True, setup=regionale_idea),  # the submitter's unpublished idea
    Page("regionale:submit_idea", signed_in=True, setup=member_of_organisations, form=MAIN_FORM),
    Page("regionale:my_ideas", signed_in=True, setup=regionale_submitter),
    Page("regionale:add_need", signed_in=True, setup=regionale_lead_sponsor, form=MAIN_FORM),
]

# URL names (fnmatch patterns) the gate does not visit, each with the reason.
EXCLUDED = {
    "admin:*": "Django's admin: staff-only, Django's own markup and scripts, not part of the public portal",
    "healthz": "JSON for load balancers, not an HTML page",
    "bench_ceiling": "the benchmark's reference page, a 404 unless BENCH_REFERENCE_PAGE is on (tests/portal)",
    "robots_txt": "plain text for crawlers, not an HTML page",
    "sitemap": "XML for search engines, not an HTML page",
    "companies:export_csv": "a CSV download (Content-Disposition: attachment), not an HTML page",
    "companies:export_json": "a JSON download (Content-Disposition: attachment), not an HTML page",
    "companies:feed": "an Atom feed (XML) for feed readers, not an HTML page",
    "coworking:booking_ics": "an iCalendar download (text/calendar), not an HTML page",
    "coworking:export_csv": "a CSV download (Content-Disposition: attachment), not an HTML page",
    "coworking:dashboard_booking": "takes POSTed actions only and redirects to the dashboard; no page of its own",
    "matching:needs_feed": "an Atom feed (XML) for feed readers, not an HTML page",
    "matching:status": "takes POSTed status changes only and redirects to the entry; no page of its own",
    "matching:hide_match": "takes a POSTed suggestion to hide and redirects to the matches; no page of its own",
    "matching:answer": "takes a POSTed answer only and redirects to the request; no page of its own",
    "matching:withdraw": "takes a POSTed withdrawal only and redirects to the request; no page of its own",
    "matching:share_bookings": "takes a POSTed sharing choice only and redirects to the request; no page of its own",
    "matching:unhide_match": "takes a POSTed suggestion to show again and redirects to the matches; no page of its own",
    "coworking_feed:calendar_feed": "an iCalendar feed (text/calendar) for calendar programs, not an HTML page",
    "mfa_download_recovery_codes": "a text file download (Content-Disposition: attachment), not an HTML page",
    "account_confirm_login_code": (
        "log-in by code is switched off (ACCOUNT_LOGIN_BY_CODE_ENABLED is False), so the pending "
        "login-by-code state this page needs cannot arise; without it the page only redirects to the log-in page"
    ),
}
