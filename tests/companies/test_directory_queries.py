"""The directory page issues a fixed number of queries, however many organisations there are.

The numbers are pinned: a change (an N+1 in a template, a facet that grew a query) should be noticed and the
constant changed on purpose. The data comes from the benchmark generator (companies/bulk.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from companies import bulk
from companies.models import Topic
from tests.companies.helpers import url
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db

# municipalities, topics, all facet counts and the total (one query), keyword names, page, the page's topics,
# the page's co-working spaces (a card line registered by coworking); PostgreSQL adds one for the search term: the
# stemmed forms of its words and their near spellings.
PLAIN_QUERIES = 7
THREE_FILTERS_AND_SEARCH_QUERIES = 8 if connection.vendor == "postgresql" else 7

THREE_FILTERS_AND_SEARCH = {
    "district": ["kreis-olpe", "maerkischer-kreis"],
    "topic": "process-erp",
    "kind": "firm",
    "q": "digitalisierung",
}


@pytest.fixture
def anchor():
    """One organisation that every scenario finds, so that no page is empty (an empty result costs other queries:
    spelling suggestions and relaxed filters)."""
    organisation = make_organisation(
        "Olper Prozessdigitalisierung GmbH",
        municipality="Olpe",
        status="published",
        pitch="Digitalisierung der Auftragsabwicklung für den Mittelstand.",
    )
    organisation.topics.set(Topic.objects.filter(slug="process-erp"))
    organisation.keywords.set(["erp-einführung"])
    return organisation


def queries_for(client, params):
    client.get(url("companies:directory"), params)  # warm-up: per-process caches (content types, the site)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("companies:directory"), params)
    assert response.status_code == 200
    return [query["sql"] for query in queries], response.context["page"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [({}, PLAIN_QUERIES), (THREE_FILTERS_AND_SEARCH, THREE_FILTERS_AND_SEARCH_QUERIES)],
    ids=["plain", "three-filters-and-a-search-term"],
)
def test_the_number_of_queries_is_the_same_for_10_and_for_1000_organisations(client, anchor, params, expected):
    counts, results = {}, {}
    for size in (10, 1000):
        bulk.generate(size, seed=1)
        queries, page = queries_for(client, params)
        counts[size], results[size] = len(queries), page.paginator.count
        assert counts[size] == expected, f"{size} organisations, {len(queries)} queries:\n" + "\n\n".join(queries)

    assert counts[10] == counts[1000]
    assert 1 <= results[10] < results[1000], "the larger data set gives more results, on more than one page"
    assert results[1000] > 24
