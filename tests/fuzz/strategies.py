"""Hostile input for every form and query string, and the raw bodies that carry it.

A field's value is text (any code point, surrogates included), or raw bytes that are no UTF-8 at all. Bodies are
built by hand (`urlencoded`, `multipart`) so that what no browser would send still reaches the server: unpaired
surrogates as their raw UTF-8-style bytes, invalid UTF-8, a field sent twice or not at all.
"""

from datetime import date, timedelta
from urllib.parse import quote

from hypothesis import strategies as st

MARKER = "<script>alert("
# What must never appear unescaped in an HTML page: the script marker and an attribute-breaking image.
UNESCAPED = [b"<script>alert(", b"<img src=x onerror=alert"]
INJECTIONS = [
    "<script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "javascript:alert(1)",
    "' OR '1'='1",
    "'; DROP TABLE companies_organisation; --",
    '" OR ""="',
    "1; SELECT pg_sleep(0)--",
    "%s%s%s%n",
    "{{ 7|add:7 }}{% debug %}",
    "${7*7}",
    "../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "\r\nSet-Cookie: injected=1",
    "\x00",
    "a\x00b",
    "\ud800",
    "x\udfffy",
    "\u202eevil",
    "\ufeff",
    "\u200b",
    "İstanbul ß ǅ ﬀ",
    "😀" * 5,
    "NaN",
    "Infinity",
    "-0",
    "1e308",
    "0x1F",
    "null",
    "[]",
    "{}",
    "",
    " ",
    "\t\n\r",
]
CONTROLS = [chr(code) for code in [*range(0x00, 0x20), *range(0x7F, 0xA0)]]
# Bytes that are no UTF-8: stray continuation, overlong, surrogate and truncated sequences.
RAW_BYTES = [b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xe2\x82", b"\xc0\xaf", b"a\x00b", b"\xf4\x90\x80\x80"]

short_text = st.text(max_size=30)  # every code point, unpaired surrogates and controls included
hostile_text = st.one_of(
    short_text,
    st.sampled_from(INJECTIONS),
    st.builds(lambda a, b, c: a + b + c, short_text, st.sampled_from(INJECTIONS), short_text),
    st.builds(lambda a, c, b: a + c + b, short_text, st.text(st.sampled_from(CONTROLS), min_size=1), short_text),
    # very long: far beyond every max_length, cheap to build
    st.builds(
        lambda text, times: text * times,
        st.sampled_from(["x", "ü ", "\x00", "<script>alert(1)</script>", "a,", "9"]),
        st.integers(50, 12_000),
    ),
)
# Text a form may well accept, so that the success path (storing, the page that shows it) is fuzzed too.
plain = st.text(st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=30).filter(str.strip)
injected = st.builds(
    lambda a, b, c: a + b + c,
    plain,
    st.sampled_from(["<script>alert(1)</script>", "'><img src=x onerror=alert(1)>", "' OR '1'='1", "{{ x }}"]),
    st.text(max_size=5),
)
# What a field gets: plausible, injected or hostile text, now and then bytes that are not UTF-8.
hostile = st.one_of(plain, injected, hostile_text, hostile_text, st.sampled_from(RAW_BYTES))

huge_numbers = st.one_of(
    st.integers(-(10**40), 10**40).map(str),
    st.sampled_from(["9" * 400, "-1", "0", "1.5", "1e9", "1_000", "٣", "１２", " 7 ", "+5", "0x10", "NaN", "inf"]),
)
numbers = st.one_of(st.integers(-3, 60).map(str), huge_numbers, hostile)
BAD_DATES = [
    "2026-02-30",
    "2026-13-01",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "-2026-01-01",
    "31.12.99999",
    "29.02.2027",
    "2026-W53",
    "2026-W99",
    "1.1.1",
    "today",
    "2026-03-29T02:30",
    "99999999999999999999-01-01",
]


def dates(today=None):
    """Real days around today in both notations the portal reads, mixed with impossible and far ones."""
    today = today or date.today()
    near = st.integers(-5, 800).map(lambda offset: today + timedelta(days=offset))
    return st.one_of(
        near.map(date.isoformat),
        near.map(lambda day: day.strftime("%d.%m.%Y")),
        st.dates().map(date.isoformat),
        st.sampled_from(BAD_DATES),
        hostile,
    )


times = st.one_of(
    st.times().map(lambda value: value.strftime("%H:%M")),
    st.sampled_from(["24:00", "23:60", "25:00", "-1:00", "7", "07:00:00.5", "12:00 PM", "00:00"]),
    hostile,
)
booleans = st.one_of(st.sampled_from(["on", "true", "false", "1", "0", "", "off"]), hostile)
emails = st.one_of(
    st.sampled_from(["fuzz@example.org", "a.b+c@example.de"]),
    st.emails().map(str),
    st.sampled_from(["a@b", "@example.org", "a@@example.org", "a\x00@example.org", "<script>alert(1)</script>@x.de"]),
    st.builds(lambda local: local + "@example.org", hostile_text),
    hostile,
)
urls = st.one_of(
    st.sampled_from(["https://example.org", "javascript:alert(1)", "http://", "ftp://x", "https://" + "a" * 300]),
    hostile,
)


def ids(pks):
    """Database ids: the real ones, absent ones, and anything that is no id."""
    return st.one_of(st.sampled_from([str(pk) for pk in pks] or ["1"]), huge_numbers, hostile)


def field(valid, bad=None):
    """A field's (valid, hostile) strategies: most examples send valid values with one or two hostile ones, so
    that the success path (storing, the page that shows the data) is fuzzed too."""
    return (valid, st.one_of(valid, bad if bad is not None else hostile))


text = field(st.one_of(plain, injected))
number = field(st.integers(0, 50).map(str), numbers)
email = field(st.sampled_from(["fuzz@example.org", "a.b+c@example.de"]), emails)
url = field(st.sampled_from(["https://example.org", ""]), urls)
boolean = field(st.sampled_from(["on", ""]), booleans)


def pick(values):
    return field(st.sampled_from([str(value) for value in values] or [""]))


def pick_id(pks, optional=False):
    return field(st.sampled_from([str(pk) for pk in pks] + [""] * (optional or not pks)), ids(pks))


@st.composite
def form_data(draw, spec, always=()):
    """[(name, value), ...] from {name: strategy or field(...)}. Gentle examples send every field once, valid but
    for up to two hostile ones; rough ones send hostile values, fields missing or repeated, and unknown fields.
    Fields in `always` are sent once with a valid value (e.g. the button pressed)."""
    spec = {name: value if isinstance(value, tuple) else (value, value) for name, value in spec.items()}
    pairs = []
    if draw(st.booleans()):
        names = sorted(set(spec) - set(always))
        bad = set(draw(st.lists(st.sampled_from(names), max_size=2))) if names else set()
        return [(name, draw(strategies[1] if name in bad else strategies[0])) for name, strategies in spec.items()]
    for name, (valid, bad) in spec.items():
        if name in always:
            pairs.append((name, draw(valid)))
            continue
        how = draw(st.sampled_from(["once"] * 4 + ["missing", "twice"]))
        pairs += [(name, draw(bad)) for _ in range({"missing": 0, "once": 1, "twice": 2}[how])]
    extra = st.sampled_from(["x", "id", "pk", "csrfmiddlewaretoken", "__proto__"])
    pairs += draw(st.lists(st.tuples(extra, hostile), max_size=2))
    return pairs


def encode(value):
    raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
    return quote(raw, safe="")


def urlencoded(pairs):
    return "&".join(f"{encode(name)}={encode(value)}" for name, value in pairs).encode()


BOUNDARY = "----fuzzboundary7MA4YWxkTrZu0gW"


def multipart(pairs, files=()):
    """A multipart body; files are (field, filename, content type, bytes) with whatever the filename holds."""
    lines = []
    for name, value in pairs:
        raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
        lines += [
            f"--{BOUNDARY}".encode(),
            b'Content-Disposition: form-data; name="' + name.encode("utf-8", "surrogatepass") + b'"',
            b"",
            raw,
        ]
    for field, filename, content_type, content in files:
        raw_name = filename if isinstance(filename, bytes) else filename.encode("utf-8", "surrogatepass")
        lines += [
            f"--{BOUNDARY}".encode(),
            f'Content-Disposition: form-data; name="{field}"; filename="'.encode() + raw_name + b'"',
            b"Content-Type: " + content_type.encode("utf-8", "surrogatepass"),
            b"",
            content,
        ]
    lines += [f"--{BOUNDARY}--".encode(), b""]
    return b"\r\n".join(lines)


MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


@st.composite
def query_strings(draw, spec):
    """A raw query string from {name: strategy}: values repeated, missing, raw bytes, unknown names."""
    pairs = draw(form_data(spec))
    flood = draw(st.sampled_from([0] * 15 + [1200]))  # more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS
    if flood and spec:
        pairs += [(draw(st.sampled_from(sorted(spec))), "1")] * flood
    return urlencoded(pairs).decode("ascii")


# --- uploads ----------------------------------------------------------------------------------------------


def _png(width=2, height=2):
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (width, height), "teal").save(out, "PNG")
    return out.getvalue()


def _png_claiming(width, height):
    """A valid PNG signature and IHDR (correct CRC) that claims width × height pixels, with no pixel data."""
    import struct
    import zlib

    header = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + header + struct.pack(">I", zlib.crc32(header)) + b"\0" * 16


PNG = _png()
UPLOADS = [
    PNG,
    PNG[: len(PNG) // 2],  # truncated
    PNG + b"<script>alert(1)</script><html>",  # polyglot: an image with a page appended
    b"GIF89a<script>alert(1)</script>",
    _png_claiming(100_000, 100_000),
    _png_claiming(2**31 - 1, 1),
    _png_claiming(0, 0),
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",  # a JPEG that stops after its first marker
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    b"%PDF-1.4\n",
    b"",
    b"\x00" * 64,
]
FILENAMES = [
    "logo.png",
    "../../../etc/passwd.png",
    "..\\..\\x.png",
    "a\x00.png.html",
    "<script>alert(1)</script>.png",
    "x" * 500 + ".png",
    "\ud800.png",
    "",
    "logo.php.png",
    "/absolute/logo.png",
]
CONTENT_TYPES = ["image/png", "image/jpeg", "text/html", "application/octet-stream", "image/svg+xml", "\x00", ""]
# (content, filename, content type): a good image half of the time, so that storing it is fuzzed too
upload_files = st.tuples(
    st.one_of(st.just(PNG), st.sampled_from(UPLOADS), st.binary(max_size=200)),
    st.one_of(st.just("logo.png"), st.sampled_from(FILENAMES), hostile_text),
    st.one_of(
        st.just("image/png"),
        st.sampled_from(CONTENT_TYPES),
        hostile_text.map(lambda t: t.replace("\r", "").replace("\n", "")),
    ),
)


# Characters that str.isdigit() accepts but int() refuses (superscripts, circled digits), and decimal digits of other
# scripts that int() reads: an id check with isdigit() alone lets the first kind through to int(), a ValueError.
DIGIT_LOOKALIKES = ["²", "¹²", "⑤", "٣", "１２", "𝟗", "1²"]


def tricky_ids(pks):
    return st.one_of(ids(pks), st.sampled_from(DIGIT_LOOKALIKES))


def pick_tricky_id(pks, optional=False):
    return (pick_id(pks, optional)[0], tricky_ids(pks))
