"""The figures of the curators' REGIONALE report: projects per district and stage, per field of action and stage,
funding per source and status. Everything is counted and summed in the database, four queries whatever the
number of projects; this module only arranges the numbers into tables and bar charts."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import formats, translation
from django.utils.translation import gettext as _

from companies.models import District

from .models import FundingLine, FundingSource, FundingStatus, Handlungsfeld, Project, Stage

SCOPES = ("all", "active", "published")
# The statuses whose amounts add up to a project's funding; declined lines are shown but not counted.
COUNTED_FUNDING = [FundingStatus.PROSPECT, FundingStatus.APPLIED, FundingStatus.GRANTED]


def counted_projects(scope):
    """all: every project; active: all but withdrawn ones; published: what the public pages show."""
    projects = Project.objects.all()
    if scope == "active":
        projects = projects.exclude(stage=Stage.WITHDRAWN)
    elif scope == "published":
        projects = projects.filter(published=True)
    return projects


@dataclass
class Row:
    label: str
    cells: list
    total: object


@dataclass
class Table:
    columns: list
    rows: list
    total: Row
    chart: "Chart" = None


@dataclass
class Bar:
    label: str
    display: str
    label_y: int
    y: int
    length: int
    value_x: int
    value_y: int


@dataclass
class Chart:
    """A horizontal bar chart drawn by the template: each row's label above its bar, the value as text beside it,
    within a 320 units wide view box that scales with the page."""

    title: str
    bars: list = field(default_factory=list)
    height: int = 0
    width: int = 320
    row_height: int = 44


def build(scope="all"):
    projects = counted_projects(scope)
    per_stage = dict(projects.values_list("stage").annotate(n=Count("pk")).order_by())
    stage_total = Row(_("All projects"), [per_stage.get(stage, 0) for stage in Stage.values], sum(per_stage.values()))
    return {
        "districts": districts_by_stage(projects, stage_total),
        "fields": fields_by_stage(projects, stage_total),
        "funding": funding_by_source(projects),
    }


def districts_by_stage(projects, stage_total):
    """A project in municipalities of two districts counts in both rows; the total row counts it once."""
    counts = {}
    for district, stage, number in (
        projects.values_list("municipalities__district", "stage").annotate(n=Count("pk", distinct=True)).order_by()
    ):
        counts[(district, stage)] = number
    labels = [(value, label) for value, label in District.choices] + [(None, _("No municipality given"))]
    rows = [_count_row(label, [counts.get((value, stage), 0) for stage in Stage.values]) for value, label in labels]
    table = Table([label for label in Stage.labels], rows, stage_total)
    table.chart = _chart(_("Projects per district"), [(row.label, row.total, str(row.total)) for row in rows])
    return table


def fields_by_stage(projects, stage_total):
    counts = {
        (fld, stage): n
        for fld, stage, n in projects.values_list("handlungsfeld", "stage").annotate(n=Count("pk")).order_by()
    }
    rows = [
        _count_row(label, [counts.get((value, stage), 0) for stage in Stage.values])
        for value, label in Handlungsfeld.choices
    ]
    table = Table([label for label in Stage.labels], rows, stage_total)
    table.chart = _chart(_("Projects per field of action"), [(row.label, row.total, str(row.total)) for row in rows])
    return table


def funding_by_source(projects):
    sums = {
        (source, status): amount
        for source, status, amount in FundingLine.objects.filter(project__in=projects)
        .values_list("source", "status")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    rows = []
    for source, label in FundingSource.choices:
        amounts = [sums.get((source, status), Decimal(0)) for status in FundingStatus.values]
        rows.append(Row(label, amounts, _counted(amounts)))
    totals = [sum((row.cells[i] for row in rows), Decimal(0)) for i in range(len(FundingStatus.values))]
    total = Row(_("All sources"), totals, _counted(totals))
    table = Table([label for label in FundingStatus.labels], rows, total)
    table.chart = _chart(_("Funding per source"), [(row.label, row.total, euro(row.total)) for row in rows])
    for row in [*rows, total]:
        row.cells, row.total = [euro(amount) for amount in row.cells], euro(row.total)
    return table


def euro(amount):
    """1.234.567,00 € in German, €1,234,567.00 in English."""
    number = formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"€{number}" if translation.get_language() == "en" else f"{number}\u00a0€"


def _count_row(label, cells):
    return Row(label, cells, sum(cells))


def _counted(amounts):
    return sum((amounts[FundingStatus.values.index(status)] for status in COUNTED_FUNDING), Decimal(0))


def _chart(title, values):
    """values: [(label, number, the number as shown)]."""
    chart = Chart(title)
    longest = max((len(display) for _label, _number, display in values), default=1)
    room = chart.width - 8 * longest - 8  # what is left for the longest bar beside its value
    top = max((number for _label, number, _display in values), default=0)
    for index, (label, number, display) in enumerate(values):
        y = index * chart.row_height
        length = round(room * number / top) if top else 0
        chart.bars.append(Bar(label, display, y + 14, y + 20, length, length + 6, y + 33))
    chart.height = len(values) * chart.row_height
    return chart
