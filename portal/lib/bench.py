"""What `manage.py bench` seeds and measures. Each app names its steps and key pages in its own `bench.py`
(found by autodiscovery when the command runs), so this core module knows none of them.

A seed step builds its part of the data set from the number of organisations and a random seed; a page gives the
addresses to load (several, which the load tool takes in turn, so a page is not one cached row) and, for the
personal pages, the user who is logged in.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Seed:
    order: int
    name: str
    run: object  # callable(organisations, seed, write) -> None


@dataclass(frozen=True)
class Page:
    order: int
    key: str
    label: str
    paths: object  # callable() -> list of paths, in the default language
    user: object = None  # callable() -> the user logged in for this page, or None for a visitor
    growth: bool = False  # also measured at 1,000 / 10,000 / 100,000 organisations


SEEDS = []
PAGES = []


def seed(order, name):
    def decorator(function):
        SEEDS.append(Seed(order, name, function))
        return function

    return decorator


def page(order, key, label, user=None, growth=False):
    def decorator(function):
        PAGES.append(Page(order, key, label, function, user, growth))
        return function

    return decorator


def seeds():
    return sorted(SEEDS, key=lambda step: step.order)


def pages():
    return sorted(PAGES, key=lambda item: item.order)
