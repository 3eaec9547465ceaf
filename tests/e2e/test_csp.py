"""The recorder sees what the Content-Security-Policy blocks (tests/e2e/conftest.py), so every browser test would
fail on an inline script, an inline style or a style attribute that slipped into a page."""

from django.urls import reverse

INJECT = """() => {
  document.querySelector("main").setAttribute("style", "outline: 1px solid red");
  const script = document.createElement("script");
  script.textContent = "window.ran = true";
  document.body.append(script);
}"""


def test_the_recorder_catches_inline_script_and_style(page, recorder):
    page.goto(reverse("portal:home"))
    page.evaluate(INJECT)  # evaluate() itself runs outside the CSP; what it adds to the page does not
    page.wait_for_function("() => true")  # one more round trip: the reports have arrived
    assert page.evaluate("window.ran") is None

    events = [text for text in recorder.csp_violations if "blocked inline" in text]  # securitypolicyviolation
    console = [text for text in recorder.csp_violations if "Content Security Policy directive" in text]
    assert [text.split(" (at")[0] for text in events] == [
        "style-src-attr blocked inline",
        "script-src-elem blocked inline",
    ]
    assert len(console) == 2 and "inline style" in console[0] and "inline script" in console[1], console
    recorder.csp_violations.clear()  # seen on purpose; the fixture would otherwise fail the test
