"""The curators' report: figures on a known data set, the choice of projects, the page with its tables and
charts, and a fixed number of queries whatever the data."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from regionale import report
from regionale.models import FundingLine
from tests.regionale.conftest import make_project

REPORT = "/admin/regionale/project/report/"


pytestmark = pytest.mark.usefixtures("english_admin")


@pytest.fixture
def portfolio(db):
    two_districts = make_project("Zwei Kreise", stage="star-1", municipalities=["Eslohe", "Olpe"])
    make_project("Ein Kreis, zwei Orte", municipalities=["Arnsberg", "Sundern"])
    withdrawn = make_project("Zurückgezogen", stage="withdrawn", municipalities=["Lüdenscheid"])
    nowhere = make_project("Ohne Ort", stage="star-3", municipalities=[], handlungsfeld="wirtschaft", published=True)
    FundingLine.objects.create(project=two_districts, source="efre", amount=Decimal("1000.50"), status="granted")
    FundingLine.objects.create(project=two_districts, source="efre", amount=Decimal("500"), status="prospect")
    FundingLine.objects.create(project=nowhere, source="regionale", amount=Decimal("2000000"), status="granted")
    FundingLine.objects.create(project=withdrawn, source="own", amount=Decimal("300"), status="declined")


def rows(table):
    return {row.label: (row.cells, row.total) for row in table.rows}


# stages in the order of the columns: idea, 1st, 2nd, 3rd star, implementation, completed, withdrawn


def test_it_counts_projects_per_district_and_stage(portfolio):
    table = report.build("all")["districts"]
    counted = rows(table)
    assert counted["Hochsauerlandkreis"] == ([1, 1, 0, 0, 0, 0, 0], 2)  # two places in one district count once
    assert counted["Kreis Olpe"] == ([0, 1, 0, 0, 0, 0, 0], 1)  # the project in two districts counts in both
    assert counted["Märkischer Kreis"] == ([0, 0, 0, 0, 0, 0, 1], 1)
    assert counted["No municipality given"] == ([0, 0, 0, 1, 0, 0, 0], 1)
    assert (table.total.cells, table.total.total) == ([1, 1, 0, 1, 0, 0, 1], 4)  # every project once


def test_it_counts_projects_per_field_of_action(portfolio):
    table = report.build("all")["fields"]
    counted = rows(table)
    assert counted["Space"] == ([1, 1, 0, 0, 0, 0, 1], 3)
    assert counted["Society"] == ([0, 0, 0, 0, 0, 0, 0], 0)
    assert counted["Economy and work"] == ([0, 0, 0, 1, 0, 0, 0], 1)
    assert table.total.total == 4


def test_it_sums_funding_per_source_and_status(portfolio):
    with translation.override("en"):
        table = report.build("all")["funding"]
    counted = rows(table)
    # columns: in prospect, applied for, granted, declined; the total leaves out the declined
    assert counted["EFRE/NRW"] == (["€500.00", "€0.00", "€1,000.50", "€0.00"], "€1,500.50")
    assert counted["REGIONALE budget"] == (["€0.00", "€0.00", "€2,000,000.00", "€0.00"], "€2,000,000.00")
    assert counted["Own funds"] == (["€0.00", "€0.00", "€0.00", "€300.00"], "€0.00")
    assert (table.total.cells, table.total.total) == (
        ["€500.00", "€0.00", "€2,001,000.50", "€300.00"],
        "€2,001,500.50",
    )


def test_it_formats_euros_for_the_language():
    with translation.override("de"):
        assert report.euro(Decimal("2001500.5")) == "2.001.500,50\u00a0€"
    with translation.override("en"):
        assert report.euro(Decimal("2001500.5")) == "€2,001,500.50"


def test_it_leaves_out_withdrawn_or_unpublished_projects_on_request(portfolio):
    active = report.build("active")
    assert rows(active["districts"])["Märkischer Kreis"][1] == 0
    assert active["districts"].total.total == 3
    assert rows(active["funding"])["Own funds"] == (["€0.00"] * 4, "€0.00")  # the withdrawn project's line
    published = report.build("published")
    assert published["fields"].total.total == 1
    assert rows(published["districts"])["No municipality given"][1] == 1


def test_the_page_shows_tables_charts_and_the_choice(curator_client, portfolio):
    response = curator_client.get(REPORT)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("regionale-table--numbers") == 3 and 'scope="row"' in body and 'scope="col"' in body
    assert "counts in each of them" in body  # the double counting is explained
    assert "Counted: every project" in body
    assert body.count('role="img"') == 3
    assert 'aria-labelledby="chart-districts-title chart-districts-desc"' in body
    assert '<desc id="chart-funding-desc">' in body and "REGIONALE budget: €2,000,000.00" in body
    assert 'viewBox="0 0 320 ' in body
    assert "€2,001,500.50" in body
    assert 'name="scope"' in body

    active = curator_client.get(REPORT + "?scope=active").content.decode()
    assert "Counted: every project except withdrawn ones" in active
    assert curator_client.get(REPORT + "?scope=nonsense").status_code == 200  # falls back to all projects
    assert reverse("admin:regionale_project_report") in curator_client.get("/admin/regionale/project/").content.decode()


def test_the_report_is_four_queries(portfolio, django_assert_num_queries):
    with django_assert_num_queries(4):
        report.build("active")


@pytest.mark.parametrize("count", [2, 20])
def test_the_page_needs_a_fixed_number_of_queries(curator_client, django_assert_num_queries, count):
    for number in range(count):
        project = make_project(f"Projekt {number}", municipalities=["Eslohe", "Olpe"])
        FundingLine.objects.create(project=project, source="efre", amount=10, status="granted")
    with django_assert_num_queries(9):
        assert curator_client.get(REPORT).status_code == 200
