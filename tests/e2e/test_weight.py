"""Front-end weight (issue 8, point 4): the first view of each key page, in a fresh browser (empty cache), transfers
at most 100 KB compressed, runs no render-blocking script, and loads nothing but the portal's own files.

What goes over the wire is counted as production sends it: the live server here serves neither compressed nor
hashed files (tests/conftest.py sets plain StaticFilesStorage, and pytest-django's live server serves /static/
from the finders), so HTML counts at its gzip size at level 6 (what nginx sends, deploy/nginx.conf), a static text
file (CSS, JS, SVG) at the size of WhiteNoise's pre-compressed Brotli file (every current browser asks for br; the
portal depends on Brotli for it), and images at their size.
Uploaded images count too: the pages get logos and photos made by Pillow and stored through portal.lib.images
as an upload would be; the browser gets them from MEDIA_ROOT (nginx serves /media/ in production).

The table of figures (and every response of every page) is printed to the terminal when the module ends.
"""

import gzip
import random
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlsplit

import brotli
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from coworking.forms import PHOTO_SIZES
from portal.lib.images import MB, process_image, save_image
from regionale.admin_forms import PROJECT_IMAGE_SIZES
from tests.e2e.conftest import DESKTOP
from tests.e2e.pages import (
    Page,
    coworking_space_page,
    directory_with_organisations,
    matching_entries,
    published_organisation,
    regionale_member,
    regionale_project,
)

BUDGET = 100_000  # bytes over the wire for the first view, all responses together
# Served compressed (nginx gzip for HTML, WhiteNoise's .gz/.br for static files); images as they are.
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
NOT_SCRIPT_TYPES = ("application/json", "application/ld+json", "importmap", "speculationrules")


# --- uploads, made by Pillow and stored as the upload forms store them ----------------------------------------


def encoded(image, fmt, **params):
    out = BytesIO()
    image.save(out, fmt, **params)
    return SimpleUploadedFile(f"upload.{fmt.lower()}", out.getvalue())


@cache
def logo():
    """A firm's logo: a coloured mark and its initials on white, 600 px square."""
    image = Image.new("RGB", (600, 600), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((60, 60, 300, 300), fill="#0b4f6c")
    draw.rectangle((240, 240, 540, 540), fill="#e07a1f")
    draw.text((90, 360), "SSG", fill="#1d1d1b", font=ImageFont.load_default(size=160))
    return process_image(encoded(image, "PNG"))


@cache
def photo(sizes):
    """A camera photo, 2400 × 1600: soft shapes at several scales and a little grain. Its WebP variants come out
    at about 23 KB (400 px), 54 KB (800 px) and 123 KB (1600 px), in the range of a real photo of a room."""
    rng = random.Random(1)
    size = width, height = 2400, 1600
    image = Image.new("RGB", size, "grey")
    for cells, weight in [(3, 1), (12, 0.5), (48, 0.3), (160, 0.2)]:
        rows = cells * height // width
        pattern = Image.frombytes("RGB", (cells, rows), rng.randbytes(3 * cells * rows))
        image = Image.blend(image, pattern.resize(size, Image.Resampling.BICUBIC), weight)
    image = Image.blend(image, Image.effect_noise(size, 20).convert("RGB"), 0.06)
    return process_image(encoded(image, "JPEG", quality=90), sizes=sizes, max_bytes=8 * MB)


def with_logos(setup):
    """The setup, then a logo for every organisation (each its own file, as each firm uploads its own)."""

    def setup_with_logos(client, user):
        from companies.models import Organisation

        kwargs = setup(client, user)
        for organisation in Organisation.objects.all():
            organisation.logo = save_image(logo(), "logos/")
            organisation.save(update_fields=["logo"])
        return kwargs

    return setup_with_logos


def space_with_photos(client, user):
    """The space page of the gate, with three photos as a host would show the space."""
    from coworking.models import Space, SpacePhoto

    kwargs = coworking_space_page(client, user)
    space = Space.objects.get(slug=kwargs["slug"])
    for position, alt_text in enumerate(["Der Coworking-Raum", "Die Teeküche", "Der Besprechungsraum"]):
        SpacePhoto.objects.create(
            space=space, image=save_image(photo(PHOTO_SIZES), "spaces/"), alt_text=alt_text, position=position
        )
    return kwargs


def project_with_images(client, user):
    """The project page of the gate, with two images as the REGIONALE office adds them."""
    from regionale.models import Project, ProjectImage

    kwargs = regionale_project(client, user)
    project = Project.objects.get(slug=kwargs["slug"])
    for position, alt_text in enumerate(["Der leerstehende Ortskern", "Die Bürgerwerkstatt"]):
        ProjectImage.objects.create(
            project=project,
            image=save_image(photo(PROJECT_IMAGE_SIZES), "regionale/"),
            alt_text=alt_text,
            position=position,
        )
    return kwargs


def directory_filtered(client, user):
    """Thirty organisations with logos; three filters and a search term that leave the firms of Arnsberg."""
    from companies.models import Topic

    with_logos(directory_with_organisations)(client, user)
    topic = Topic.objects.order_by("position").first()
    return {"?": f"district=hochsauerlandkreis&topic={topic.slug}&kind=firm&q=Sensoren"}


def matching_network(client, user):
    """The entries of the gate (alice's need and offer among them) among thirty organisations with a public need or
    offer each on the same topics: a full list of needs, ten matches for alice's need and three for each entry of
    hers on her personal page."""
    from companies.models import Organisation
    from tests.matching.conftest import make_entry

    directory_with_organisations(client, user)
    found = matching_entries(client, user)
    titles = [
        "Predictive Maintenance für Pressen",
        "ERP-Einführung",
        "Dashboards für die Fertigung",
        "OPC-UA-Anbindung",
    ]
    types = ["technology", "business", "research", "pilot", "thesis"]
    for number, organisation in enumerate(Organisation.objects.filter(name__startswith="Organisation ")):
        make_entry(
            organisation,
            "need" if number % 2 else "offer",
            title=f"{titles[number % len(titles)]} ({organisation.municipality.name})",
            type=types[number % len(types)],
            topics=["process-erp", "data-analytics"][: 1 + number % 2],
            keywords=["opc ua", "predictive maintenance"][: 1 + number % 2],
        )
    return found


def matching_network_need(client, user):
    return {"pk": matching_network(client, user)["need"].pk}


def matching_network_member(client, user):
    matching_network(client, user)
    return {}


@dataclass(frozen=True)
class KeyPage:
    """label: the row of the table; shows: a CSS selector of content the page must show (measured full, not empty)."""

    label: str
    page: Page
    shows: str


KEY_PAGES = [
    KeyPage("home", Page("portal:home"), "main h1"),
    KeyPage("directory, filtered", Page("companies:directory", setup=directory_filtered), "img.result__logo"),
    KeyPage("organisation", Page("companies:detail", setup=with_logos(published_organisation)), "img.profile__logo"),
    KeyPage("needs", Page("matching:needs", setup=matching_network_member), ".entry-card"),
    KeyPage("matches of a need", Page("matching:matches", setup=matching_network_need), ".match-card"),
    KeyPage("my matches", Page("matching:my_matches", signed_in=True, setup=matching_network_member), ".match-card"),
    KeyPage("co-working space", Page("coworking:space", setup=space_with_photos), ".space__photos img"),
    KeyPage("REGIONALE projects", Page("regionale:portfolio", setup=regionale_member), ".project-card"),
    KeyPage(
        "REGIONALE project", Page("regionale:project", setup=project_with_images), ".regionale-project__images img"
    ),
]


# --- measuring --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transfer:
    url: str
    status: int
    content_type: str
    raw: int
    compressed: int


def transfer(response):
    content_type = response.headers.get("content-type", "").split(";")[0].strip()
    body = b"" if 300 <= response.status < 400 else response.body()
    compressed = len(body)
    if content_type.startswith(COMPRESSED_TYPES):
        if "/static/" in response.url:  # WhiteNoise: the .br file it made at collectstatic (quality 11)
            compressed = min(compressed, len(brotli.compress(body, quality=11)))
        else:  # nginx: gzip level 6
            compressed = min(compressed, len(gzip.compress(body, compresslevel=6)))
    return Transfer(response.url, response.status, content_type, len(body), compressed)


class Markup(HTMLParser):
    """The scripts and style sheets of a page, as the HTML parser meets them."""

    def __init__(self):
        super().__init__()
        self.scripts = []
        self.stylesheets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs)
        elif tag == "link" and "stylesheet" in (attrs.get("rel") or "").lower().split():
            self.stylesheets.append(attrs.get("href") or "")


def render_blocking(script):
    kind = (script.get("type") or "").strip().lower()
    if kind in NOT_SCRIPT_TYPES or kind == "module":
        return False
    if "src" not in script:
        return True  # an inline classic script stops the parser; the portal has none (and its CSP forbids them)
    return "defer" not in script and "async" not in script


def foreign_stylesheet(href):
    """Anything but a style sheet of the portal's own static/ folder, from its own origin."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith(settings.STATIC_URL):
        return True
    return not (Path(settings.STATICFILES_DIRS[0]) / unquote(parts.path.removeprefix(settings.STATIC_URL))).is_file()


def serve_media(route):
    """nginx's /media/ location: the uploaded files, straight from MEDIA_ROOT."""
    name = unquote(urlsplit(route.request.url).path.removeprefix(settings.MEDIA_URL))
    path = Path(settings.MEDIA_ROOT) / name
    if path.is_file():
        route.fulfill(path=path)
    else:
        route.fulfill(status=404)


# --- the figures, printed once for the lead to quote ----------------------------------------------------


@pytest.fixture(scope="module")
def figures(pytestconfig):
    rows = {}
    yield rows
    window = f"{DESKTOP['width']} × {DESKTOP['height']}"
    lines = ["", f"Front-end weight of the first view (empty cache, {window}), compressed as production sends it:", ""]
    lines.append(f"{'page':<22} {'requests':>8} {'raw bytes':>10} {'compressed':>10}  verdict")
    for label, transfers in rows.items():
        raw = sum(item.raw for item in transfers)
        compressed = sum(item.compressed for item in transfers)
        verdict = "ok" if compressed <= BUDGET else f"OVER {BUDGET:,}"
        lines.append(f"{label:<22} {len(transfers):>8} {raw:>10,} {compressed:>10,}  {verdict}")
    lines += ["", "Each response (compressed bytes, raw bytes, type, path):"]
    for label, transfers in rows.items():
        lines.append(f"  {label}")
        for item in sorted(transfers, key=lambda item: -item.compressed):
            lines.append(f"    {item.compressed:>8,} {item.raw:>8,}  {item.content_type:<24} {urlsplit(item.url).path}")
    capture = pytestconfig.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print("\n".join(lines))


@pytest.mark.parametrize("key", KEY_PAGES, ids=lambda key: key.label)
def test_its_first_view_is_light(
    page, live_server, recorder, client, sign_in, share_session, alice, settings, tmp_path, figures, key
):
    settings.MEDIA_ROOT = tmp_path
    entry = key.page
    if entry.signed_in:
        sign_in(alice)
    kwargs = entry.setup(client, alice) if entry.setup else entry.kwargs
    share_session()
    page.context.route(f"{live_server.url}{settings.MEDIA_URL}**", serve_media)
    responses = []
    page.on("response", lambda response: responses.append(response))
    page_url = entry.url("de", kwargs)

    document = page.goto(page_url)
    page.wait_for_load_state("networkidle")

    assert document.status == 200, f"{page_url} answered {document.status}"
    assert page.locator(key.shows).count(), f"{page_url} shows no {key.shows}: the setup did not fill it"
    transfers = [transfer(response) for response in responses]
    figures[key.label] = transfers
    failed = [f"{item.status} {item.url}" for item in transfers if item.status >= 400]
    assert not failed, f"failed responses on {page_url}: {failed}"
    origin = urlsplit(live_server.url)[:2]
    foreign = [item.url for item in transfers if urlsplit(item.url)[:2] != origin] + recorder.foreign_requests
    assert not foreign, f"requests to other hosts than the portal on {page_url}: {foreign}"
    markup = Markup()
    markup.feed(document.text())
    blocking = [script.get("src", "(inline)") for script in markup.scripts if render_blocking(script)]
    assert not blocking, f"render-blocking scripts (without defer, async or type=module) on {page_url}: {blocking}"
    foreign_css = [href for href in markup.stylesheets if foreign_stylesheet(href)]
    assert not foreign_css, f"style sheets that are not the portal's own on {page_url}: {foreign_css}"
    compressed = sum(item.compressed for item in transfers)
    heaviest = ", ".join(
        f"{urlsplit(item.url).path} {item.compressed:,}"
        for item in sorted(transfers, key=lambda item: -item.compressed)[:5]
    )
    assert compressed <= BUDGET, (
        f"{page_url}: {compressed:,} bytes compressed (budget {BUDGET:,}); heaviest: {heaviest}"
    )
