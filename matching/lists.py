"""The public lists of needs and of offers (filters in matching/filters.py) and the Atom feed of new needs."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django_htmx.http import push_url

from companies.directory import page_links, query_params
from portal.lib.pagecache import cache_for_visitors

from .filters import EntrySearch, Sort
from .models import Entry, Side, Visibility

FEED_LENGTH = 50
FEED_SUMMARY_LENGTH = 300
PROVIDER = "Brückenschlag"


@cache_for_visitors("entries", bucket=3600)  # an entry runs out at the end of a day
def entry_list(request, side):
    """The current needs (or offers) the visitor may see; htmx requests get the filters and results part only."""
    params = query_params(request)
    search = EntrySearch(params, side=side, user=request.user)
    page = search.page(params.get("page"))
    if not request.htmx and not search.notes and "" in params.dict().values():
        # The filter form sent without JavaScript also sends its empty fields: show the tidy, shareable address.
        return redirect(request.path + _query(search.url_with(page=page.number)))
    context = {
        "side": side,
        "is_needs": side == Side.NEED,
        "search": search,
        "page": page,
        "facets": search.facets,
        "sort_choices": Sort.choices,
        "list_url": request.path,
        **page_links(page, search.url_with),
    }
    if request.htmx and not request.htmx.history_restore_request:
        # The address bar shows the cleaned query (no empty fields, no ignored values), so it can be shared.
        response = render(request, "matching/_entry_results.html", context)
        return push_url(response, request.path + _query(search.url_with(page=page.number)))
    return render(request, "matching/entry_list.html", context)


def anonymous_publisher(entry):
    """What an anonymous entry shows instead of its organisation, as on its own page: the organisation's district."""
    return entry.anonymous_publisher


def _query(query):
    return query if query != "?" else ""


class NewNeedsFeed(Feed):
    """The newest current needs that anyone may see; anonymous ones without the organisation's name."""

    feed_type = Atom1Feed
    author_name = PROVIDER

    def title(self):
        return _("New needs on Brückenschlag")

    def subtitle(self):
        return _("What firms, research institutes and start-ups of Südwestfalen and Dortmund are looking for.")

    def link(self):
        return settings.SITE_URL + reverse("matching:needs")

    def feed_url(self):
        return settings.SITE_URL + reverse("matching:needs_feed")

    def items(self):
        needs = (
            Entry.objects.current()
            .needs()
            .filter(visibility__in=[Visibility.PUBLIC, Visibility.ANONYMOUS])
            .select_related("organisation__municipality", "municipality")
            .prefetch_related("topics")
        )
        return needs.order_by("-created", "-pk")[:FEED_LENGTH]

    def item_title(self, entry):
        return entry.title  # Atom titles are text: the XML writer escapes them

    def item_description(self, entry):
        return escape(Truncator(entry.description).chars(FEED_SUMMARY_LENGTH))  # sent as type="html"

    def item_link(self, entry):
        return settings.SITE_URL + entry.get_absolute_url()

    def item_author_name(self, entry):
        return entry.organisation.name if not entry.is_anonymous else anonymous_publisher(entry)

    def item_pubdate(self, entry):
        return entry.created

    def item_updateddate(self, entry):
        return entry.updated

    def item_categories(self, entry):
        return [entry.get_type_display(), *(topic.name for topic in entry.topics.all())]


def organisation_entries(organisation, user):
    """(needs, offers): the organisation's current entries the user may see, without the anonymous ones, which must
    not be linked to the organisation on its profile. One query."""
    entries = (
        Entry.objects.visible_to(user)
        .current()
        .filter(organisation=organisation)
        .exclude(visibility=Visibility.ANONYMOUS)
        .only("pk", "side", "title", "type", "deadline")
        .order_by("-created", "-pk")
    )
    needs, offers = [], []
    for entry in entries:
        (needs if entry.side == Side.NEED else offers).append(entry)
    return needs, offers
