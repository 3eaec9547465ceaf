"""The journey "curate a REGIONALE 2025 project" in the browser: a member submits an idea; a curator logs in with
her password and a TOTP code, finds the idea in the admin's queue, publishes it and awards the 1st star with a
decision date; the public project page then shows the star and the decision. axe-core checks every page."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import formats, timezone
from playwright.sync_api import expect

from portal.lib.curators import CURATORS
from regionale.models import Project, Stage, StageTransition
from tests.conftest import PASSWORD, make_user
from tests.e2e.conftest import DESKTOP
from tests.e2e.pages import load_vocabularies
from tests.e2e.test_gate import AXE_OPTIONS, accessibility_violations, check

FORM = "main form[method=post]"
TITLE = "Digitales Dorfzentrum Eslohe"


def clean(page, recorder):
    problems = check(page, DESKTOP)
    assert not problems, f"{page.url}:\n" + "\n".join(problems)
    recorder.assert_clean()


# Django's admin/css/forms.css @imports widgets.css; axe-core's preload of the style sheets then adds a <style> of
# its own, which the site's CSP refuses (a console error that only exists while axe runs). On admin pages axe runs
# without that preload: every rule still runs, the CSSOM-based css-orientation-lock on the live style sheets.
ADMIN_AXE_OPTIONS = {**AXE_OPTIONS, "preload": False}


def admin_clean(page, recorder):
    problems = accessibility_violations(page, ADMIN_AXE_OPTIONS)
    assert not problems, f"{page.url}:\n" + "\n".join(problems)
    recorder.assert_clean()


def totp_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def curator_with_secret(db):
    curator = make_user("kuratorin@example.org", "Kira Kuratorin", is_staff=True)
    curator.groups.add(Group.objects.get(name=CURATORS))
    secret = generate_totp_secret()
    TOTP.activate(curator, secret)
    return curator, secret


def submit_an_idea(page, recorder):
    page.goto(reverse("regionale:submit_idea"))
    clean(page, recorder)
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill("Ein Ort, an dem das Dorf digital zusammenkommt: Bürgerbüro, Coworking, Café.")
    page.locator("#id_description").fill("Leerstand im Ortskern wird zum digitalen Treffpunkt für alle Generationen.")
    page.get_by_label("Eslohe", exact=True).check()
    page.locator("input[name=handlungsfeld][value=raum]").check()
    page.locator("input[name=dna][value=digital]").check()
    page.locator(f"{FORM} button[type=submit]").last.click()
    page.wait_for_url(lambda url: url.endswith(reverse("regionale:my_ideas")))
    expect(page.locator("main")).to_contain_text(TITLE)
    clean(page, recorder)
    return Project.objects.get(title=TITLE)


def curator_logs_in_with_totp(page, recorder, curator, secret):
    changelist = reverse("admin:regionale_project_changelist")
    page.goto(f"{reverse('account_login')}?next={changelist}")
    page.locator("input[name=login]").fill(curator.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator(f"{FORM} button[type=submit]").last.click()
    page.wait_for_url(lambda url: url.endswith(reverse("mfa_authenticate")))
    clean(page, recorder)
    page.locator("input[name=code]").fill(totp_code(secret))
    page.locator("form:has(input[name=code]) button[type=submit]").first.click()
    page.wait_for_url(lambda url: url.endswith(changelist))


def test_a_curator_publishes_a_submitted_idea_and_awards_the_first_star(
    browser, live_server, recorder, sign_in, page, organisation, alice, curator_with_secret, mailoutbox
):
    load_vocabularies()
    # 1. alice, owner of a firm in Arnsberg, submits her idea; it is not public yet.
    sign_in(alice)
    project = submit_an_idea(page, recorder)
    assert (project.stage, project.published, project.submitted_by) == (Stage.IDEA, False, alice)
    visitor = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="de-DE")
    recorder.watch(visitor)
    public = visitor.new_page()
    recorder.expect_failed_load(live_server.url + project.get_absolute_url())
    assert public.goto(project.get_absolute_url()).status == 404

    # 2. The curator logs in with password and TOTP code and finds the idea in the queue of new ideas.
    curator, secret = curator_with_secret
    desk = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="de-DE")
    recorder.watch(desk)
    admin = desk.new_page()
    curator_logs_in_with_totp(admin, recorder, curator, secret)
    admin.locator("#searchbar").fill("Eslohe")
    admin.locator("#searchbar").press("Enter")
    row = admin.locator("#result_list tbody tr", has_text=TITLE)
    expect(row).to_have_count(1)
    admin_clean(admin, recorder)

    # 3. She publishes it with the bulk action.
    row.locator("input[name=_selected_action]").check()
    admin.locator("select[name=action]").select_option("publish")
    admin.locator("button[name=index], input[name=index]").first.click()
    expect(admin.locator(".messagelist")).to_be_visible()
    project.refresh_from_db()
    assert project.published

    # 4. She awards the 1st star with the committee's decision of today (not before the idea came in).
    admin.goto(reverse("admin:regionale_project_change", args=[project.pk]))
    admin_clean(admin, recorder)
    admin.locator(f"a[href='{reverse('admin:regionale_project_stage', args=[project.pk])}']").first.click()
    admin_clean(admin, recorder)
    decided = timezone.localdate()
    admin.locator(f"input[name=to_stage][value='{Stage.STAR_1}']").check()
    admin.locator("input[name=decided_on]").fill(decided.isoformat())
    admin.locator("select[name=body]").select_option("ausschuss")
    admin.locator("#content-main form input[type=submit]").click()
    admin.wait_for_url(lambda url: url.endswith(reverse("admin:regionale_project_change", args=[project.pk])))
    expect(admin.locator(".messagelist")).to_be_visible()
    transition = StageTransition.objects.get(project=project, to_stage=Stage.STAR_1)
    assert (transition.by, transition.decided_on, transition.body) == (curator, decided, "ausschuss")
    admin.goto(reverse("admin:regionale_project_report"))
    admin_clean(admin, recorder)

    # 5. The public page shows the star and the decision; alice was told by e-mail.
    public.goto(project.get_absolute_url())
    main = public.locator("main")
    expect(main).to_contain_text("1. Stern")
    expect(main).to_contain_text(formats.date_format(decided, "DATE_FORMAT"))
    clean(public, recorder)
    public.goto(reverse("regionale:portfolio") + "?stage=star-1")
    expect(public.locator("main")).to_contain_text(TITLE)
    clean(public, recorder)
    assert [message.to for message in mailoutbox] == [[alice.email], [alice.email]]  # published, 1st star
    visitor.close()
    desk.close()


def test_the_curators_admin_pages_pass_axe(page, live_server, recorder, client, share_session, curator_with_secret):
    """The REGIONALE pages of the admin, the curators' own (report, stage, bulk advance, import, history) and
    Django's (list, form) as they are set up here: axe-core at 1280 px and no horizontal scrolling of the page at
    360 px (wide tables scroll in their own focusable region)."""
    from regionale.models import FundingLine, ProjectUpdate
    from tests.e2e.conftest import MOBILE
    from tests.e2e.test_gate import horizontal_overflow
    from tests.regionale.conftest import make_project

    load_vocabularies()
    curator, _secret = curator_with_secret
    project = make_project("Digitales Dorfzentrum Eslohe", stage="star-2", published=True, by=curator)
    FundingLine.objects.create(project=project, source="regionale", amount=450000, status="granted")
    ProjectUpdate.objects.create(project=project, title="Bürgerwerkstatt", body="Über 80 Menschen kamen.")
    make_project("Coworking-Pop-up Olpe", municipalities=["Olpe"])
    client.force_login(curator)
    share_session()
    changelist = reverse("admin:regionale_project_changelist")
    urls = [
        changelist,
        changelist + "?stage__exact=star-2&district=hochsauerlandkreis",
        reverse("admin:regionale_project_add"),
        reverse("admin:regionale_project_change", args=[project.pk]),
        reverse("admin:regionale_project_stage", args=[project.pk]),
        reverse("admin:regionale_project_history", args=[project.pk]),
        reverse("admin:regionale_project_report"),
        reverse("admin:regionale_project_import"),
        reverse("admin:regionale_project_export"),
        reverse("admin:regionale_themenfeld_changelist"),
    ]
    problems = []
    for url in urls:
        page.set_viewport_size(DESKTOP)
        assert page.goto(url).status == 200, url
        problems += [f"{url}: {problem}" for problem in accessibility_violations(page, ADMIN_AXE_OPTIONS)]
        page.set_viewport_size(MOBILE)
        problems += [f"{url} at 360px: {problem}" for problem in horizontal_overflow(page)]
    # The bulk advance asks for the shared decision on a page of its own.
    page.set_viewport_size(DESKTOP)
    page.goto(changelist)
    page.locator("#result_list tbody input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option("advance")
    page.locator("button[name=index], input[name=index]").first.click()
    page.wait_for_load_state()
    problems += [f"advance: {problem}" for problem in accessibility_violations(page, ADMIN_AXE_OPTIONS)]
    assert not problems, "\n".join(problems)
    recorder.assert_clean()
