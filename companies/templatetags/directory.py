from django import template

from companies import search

register = template.Library()


@register.filter
def highlight(text, query):
    """The text with the words matching the search query marked (escaped; safe to output)."""
    return search.highlight(text, query)


@register.filter
def snippet(text, query):
    """The part of a long text around the first word matching the query, highlighted; "" when none matches."""
    return search.snippet(text, query)


@register.filter
def matches(text, query):
    return search.has_match(text, query)
