"""Blocks that feature apps add to an organisation's profile page, so that the core never imports them.

A feature app registers a partial in its AppConfig.ready(), e.g. matching/apps.py:

    from companies import sections
    sections.register("matching/_organisation_needs.html", position=10)

The profile page includes every registered partial in position order with `organisation` in its context;
a partial that has nothing to show for this organisation renders nothing.
"""

_sections = []


def register(template_name, position=100):
    if template_name not in [name for _position, name in _sections]:
        _sections.append((position, template_name))
        _sections.sort()


def unregister(template_name):
    _sections[:] = [(position, name) for position, name in _sections if name != template_name]


def templates():
    return [name for _position, name in _sections]


# --- directory cards --------------------------------------------------------------------------------------
# A feature app may add a line to an organisation's card in the directory (its spaces, its open needs). It
# registers a partial (rendered with `organisation`) and a Prefetch that loads what the partial shows for the
# whole page in one query, e.g. coworking/apps.py:
#
#     sections.register_card("coworking/_directory_card.html", Prefetch("spaces", queryset=..., to_attr=...))

_cards = []


def register_card(template_name, prefetch):
    if template_name not in [name for name, _prefetch in _cards]:
        _cards.append((template_name, prefetch))


def card_templates():
    return [name for name, _prefetch in _cards]


def card_prefetches():
    return [prefetch for _name, prefetch in _cards]
