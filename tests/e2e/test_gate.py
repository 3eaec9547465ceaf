"""The quality gate every page passes: axe-core (WCAG 2.1 A/AA), no console errors, no third-party requests,
no horizontal scrolling at 360 px; plus the keyboard-only sign-up journey and the language switch."""

import re
from fnmatch import fnmatchcase
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import RequestFactory
from django.urls import URLResolver, get_resolver, reverse
from django.utils import translation
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.conftest import PASSWORD
from tests.e2e.conftest import DESKTOP, MOBILE
from tests.e2e.keyboard import activate, assert_focus_visible, focus_matches, tab_to, type_into
from tests.e2e.pages import EXCLUDED, LANGUAGES, PAGES

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
axe = Axe()


def accessibility_violations(page, options=AXE_OPTIONS):
    """axe-core's violations, one readable entry each: rule, impact, help, and every element with what to fix."""
    violations = axe.run(page, options=options).response["violations"]
    entries = []
    for violation in violations:
        lines = [f"axe {violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}"]
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            lines.extend(f"       {line}" for line in node["failureSummary"].splitlines()[1:])
        entries.append("\n".join(lines))
    return entries


def horizontal_overflow(page):
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll_width > inner_width:
        return [f"scrolls horizontally: the page is {scroll_width}px wide in a {inner_width}px window"]
    return []


def check(page, viewport):
    problems = accessibility_violations(page)
    if viewport == MOBILE:
        problems += horizontal_overflow(page)
    return problems


def serve_rendered(page, url, render, language):
    """Answer `url` with what render(request) returns, as it would when the error happens on that page."""
    with translation.override(language):
        response = render(RequestFactory().get(urlsplit(url).path))
    page.route(
        url,
        lambda route: route.fulfill(status=response.status_code, body=response.content, headers=dict(response.items())),
    )


def submit_empty(page, form_selector):
    forms = page.locator(form_selector)
    assert forms.count(), f"no form matches {form_selector}"
    form = forms.first
    try:
        with page.expect_navigation(timeout=5_000):
            form.locator("[type=submit]").first.click()
    except PlaywrightTimeoutError as error:
        raise AssertionError("the empty form was not sent: does it lack novalidate?") from error
    summary = page.locator("[data-error-summary]")
    assert summary.count() == 1 and summary.is_visible(), "no error summary after sending the form empty"


def check_both_widths(page, first=DESKTOP):
    """The checks at 1280 px and at 360 px on the page as it is: one visit, the window resized in between (the
    layout reflows through the same CSS media queries as on a small screen); ends at the other width."""
    second = MOBILE if first == DESKTOP else DESKTOP
    problems = []
    for viewport in (first, second):
        page.set_viewport_size(viewport)
        problems += [f"at {viewport['width']}px: {problem}" for problem in check(page, viewport)]
    return problems, second


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("entry", PAGES, ids=str)
def test_it_passes_the_gate_on_every_page(
    page, live_server, recorder, client, sign_in, share_session, alice, entry, language
):
    """Every page in every language, at 1280 px and 360 px wide (one visit, resized), and with its form sent empty."""
    if entry.signed_in:
        sign_in(alice)
    kwargs = entry.setup(client, alice) if entry.setup else entry.kwargs
    share_session()
    page_url = entry.url(language, kwargs)
    if entry.status != 200:
        recorder.expect_failed_load(live_server.url + page_url)
    if entry.render:
        serve_rendered(page, live_server.url + page_url, entry.render, language)

    response = page.goto(page_url)

    assert response.status == entry.status, f"{page_url} answered {response.status}"
    if not entry.redirects:
        arrived = urlsplit(page.url)
        arrived_url = arrived.path + (f"?{arrived.query}" if arrived.query else "")
        assert arrived_url == page_url, f"{page_url} redirected to {page.url}"
    assert page.locator("html").get_attribute("lang") == language
    problems, width = check_both_widths(page)
    if entry.form:
        submit_empty(page, entry.form)
        after, _width = check_both_widths(page, first=width)
        problems += [f"after sending the form empty: {problem}" for problem in after]
    problems += recorder.problems()
    if problems:
        summary = f"{len(problems)} problems on {page_url}:"
        pytest.fail("\n".join([summary, *problems]), pytrace=False)


def url_names(patterns, namespace=""):
    """The qualified name of every URL pattern ("portal:imprint", "account_login"); unnamed ones by their route."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        else:
            yield namespace + (pattern.name or f"<unnamed {pattern.pattern}>")


def excluded(name):
    return any(fnmatchcase(name, pattern) for pattern in EXCLUDED)


def test_it_visits_or_excludes_every_url_pattern():
    names = set(url_names(get_resolver().url_patterns))
    listed = {entry.name for entry in PAGES if not entry.path}  # pages with a path have no URL pattern

    missing = sorted(name for name in names - listed if not excluded(name))
    assert not missing, "add these to PAGES or EXCLUDED in tests/e2e/pages.py: " + ", ".join(missing)
    unused = [pattern for pattern in EXCLUDED if not any(fnmatchcase(name, pattern) for name in names)]
    stale = sorted(listed - names) + unused
    assert not stale, "these entries in tests/e2e/pages.py match no URL pattern (any more): " + ", ".join(stale)


def url(name, language="de", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def test_it_lets_a_keyboard_user_sign_up_confirm_and_log_in(page, live_server, recorder, mailoutbox):
    email = "erika@example.org"
    page.goto(url("portal:home"))

    page.keyboard.press("Tab")
    assert focus_matches(page, "a[href='#main']"), "the skip link is not the first thing to focus"
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert focus_matches(page, "main"), "the skip link does not move focus to <main>"

    tab_to(page, f"header a[href='{url('account_signup')}']", backwards=True)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(url("account_signup"))
    type_into(page, "email", email)
    type_into(page, "password1", PASSWORD)
    type_into(page, "password2", PASSWORD)
    activate(page, "main form button[type=submit]")
    assert page.url.endswith(url("account_email_verification_sent")), page.url

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [email]
    link = re.search(r"https?://\S+/confirm-email/\S+/", mailoutbox[0].body).group()
    page.goto(urlsplit(link).path)
    activate(page, "main form button[type=submit]", key="Space")
    assert page.url.endswith(url("account_login")), page.url

    type_into(page, "login", email)
    type_into(page, "password", PASSWORD)
    activate(page, "main form button[type=submit]")
    assert page.url.endswith(url("accounts:overview")), page.url
    assert email in page.locator("main").inner_text()
    recorder.assert_clean()


def test_it_switches_to_english_and_stays_in_english(page, live_server, recorder):
    page.goto("/impressum/")

    with page.expect_navigation():
        page.get_by_role("link", name="English").click()

    assert urlsplit(page.url).path == "/en/imprint/"
    assert page.locator("html").get_attribute("lang") == "en"
    links = page.locator("header a[href^='/'], footer a[href^='/']").evaluate_all(
        "links => links.filter(a => a.hreflang !== 'de').map(a => a.getAttribute('href'))"
    )
    assert links
    assert [link for link in links if not link.startswith("/en/")] == []
    with page.expect_navigation():
        page.locator("header").get_by_role("link", name="Contact").click()
    assert urlsplit(page.url).path == "/en/contact/"
    assert page.locator("html").get_attribute("lang") == "en"
    recorder.assert_clean()
