"""Moving through a page with the keyboard only, checking on the way that focus is always visible."""

# The focused element's look compared with its look without focus (transitions finished): focus counts as
# visible when it shows an outline (not a transparent one), or changes the box-shadow, background or border.
# Measuring the resting look blurs and re-focuses the element: page scripts listening for focus would notice.
FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const look = () => {
        el.getAnimations().forEach(animation => animation.finish());
        const style = getComputedStyle(el);
        const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
            && style.outlineColor !== "transparent" && !style.outlineColor.endsWith(", 0)");
        return {
            outline: outlined ? `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}` : "none",
            boxShadow: style.boxShadow,
            background: style.backgroundColor,
            border: ["Top", "Right", "Bottom", "Left"].map(
                side => ["Width", "Style", "Color"].map(part => style[`border${side}${part}`]).join(" ")
            ).join(", "),
        };
    };
    const focusVisible = el.matches(":focus-visible");
    const focused = look();
    el.blur();
    const resting = look();
    el.focus({preventScroll: true});
    const text = (el.innerText || (el.type === "password" ? "" : el.value) || "").trim().slice(0, 40);
    return {
        description: el.tagName.toLowerCase()
            + (el.getAttribute("name") ? `[name=${el.getAttribute("name")}]` : "")
            + (el.getAttribute("href") ? `[href=${el.getAttribute("href")}]` : "")
            + (el.getAttribute("type") ? `[type=${el.getAttribute("type")}]` : "")
            + (text ? ` "${text}"` : ""),
        visible: focused.outline !== "none"
            || (focused.boxShadow !== "none" && focused.boxShadow !== resting.boxShadow)
            || focused.background !== resting.background
            || focused.border !== resting.border,
        focused: focused,
        focusVisible: focusVisible,
    };
}"""


def focused(page):
    """The focused element: a short description and whether its focus is visible; None when nothing has focus."""
    return page.evaluate(FOCUSED)


def focus_matches(page, selector):
    return page.evaluate("selector => !!document.activeElement?.matches(selector)", selector)


def assert_focus_visible(page):
    element = focused(page)
    assert element, "focus got lost (document.body is focused)"
    assert element["focusVisible"], f"{element['description']} has keyboard focus but does not match :focus-visible"
    assert element["visible"], f"focus is not visible on {element['description']}: {element['focused']}"
    return element


def tab_to(page, selector, backwards=False, limit=60):
    """Press Tab (or Shift+Tab) until the element matching `selector` has focus; every stop must show focus."""
    key = "Shift+Tab" if backwards else "Tab"
    path = []
    for _ in range(limit):
        if focus_matches(page, selector):
            return
        page.keyboard.press(key)
        path.append(assert_focus_visible(page)["description"])
    raise AssertionError(f"{selector} not reached with {limit}× {key}; focus went through:\n" + "\n".join(path))


def type_into(page, name, text):
    """Tab to the field called `name` and type."""
    tab_to(page, f"[name='{name}']")
    assert focus_matches(page, f"[name='{name}']")
    page.keyboard.type(text)


def activate(page, selector, key="Enter"):
    """Tab to the element and press Enter or Space on it; returns once the page it leads to has loaded."""
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press(key)
