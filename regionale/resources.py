"""CSV import and export of REGIONALE projects (django-import-export) for the curators.

Columns: slug, title, summary, description, lead_sponsor (an organisation's slug), sponsors (slugs separated by
";"), municipalities (names separated by ";"), handlungsfeld (raum, gesellschaft, wirtschaft), themenfeld (slug),
dna_digital, dna_sustainable, dna_authentic (1/0), website, is_example (1/0). Export only: stage, stage_since,
published, featured, districts, funding_total (the funding lines that are not declined).

Every row is validated; the admin imports nothing while one row fails. The stage is never imported: the column
may stay (empty, or the project's current stage), since stages change only through the stage workflow. New rows
start as unpublished ideas, their first transition recorded for the importing curator.

Files: UTF-8 with or without BOM, or Windows-1252 (what German Excel writes as "CSV"), separated by commas or
semicolons. The export is UTF-8 with a BOM (Excel then shows the umlauts) and every cell that a spreadsheet would
take for a formula (=, +, -, @, tab, CR) starts with an apostrophe; the import removes it again.
"""

from decimal import Decimal

import tablib
from diff_match_patch import diff_match_patch
from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.utils.encoding import force_str
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export import resources, widgets
from import_export.fields import Field
from import_export.formats.base_formats import CSV
from import_export.resources import Diff
from tablib.exceptions import InvalidDimensions

from companies.models import Municipality, Organisation

from . import services
from .models import Handlungsfeld, Project, Stage, Themenfeld
from .report import COUNTED_FUNDING

# A spreadsheet takes a cell starting with one of these for a formula (OWASP "CSV injection"); an apostrophe before
# it keeps it text. Cells that start with an apostrophe get one more, so that the import gives back the original.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPED_STARTS = (*FORMULA_STARTS, "'")
LIST_SEPARATOR = ";"


def escape_formula(value):
    if isinstance(value, str) and value.startswith(ESCAPED_STARTS):
        return "'" + value
    return value


def unescape_formula(value):
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(ESCAPED_STARTS):
        return value[1:]
    return value


class ReadError(ValueError):
    """A file that cannot be read as CSV; its message is shown to the curator as it is."""


class ProjectCSV(CSV):
    """CSV as spreadsheets read and write it. Declared binary so that the admin hands over the file's bytes and
    the encoding can be recognised here."""

    CONTENT_TYPE = "text/csv; charset=utf-8"

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def get_title(self):
        return "csv"

    def create_dataset(self, in_stream, **kwargs):
        text = _decode(in_stream)
        header = text.lstrip("\ufeff").split("\n", 1)[0]
        delimiter = ";" if header.count(";") > header.count(",") else ","
        try:
            return tablib.import_set(text, format="csv", delimiter=delimiter)
        except InvalidDimensions:
            raise ReadError(_("A line of the file has more cells than the header line has columns.")) from None

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + dataset.export("csv")


def _decode(data):
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")  # German Excel's "CSV (Trennzeichen-getrennt)"
    except UnicodeDecodeError:
        raise ReadError(_("The file is not a text file in UTF-8 or Windows-1252 encoding.")) from None


# --- widgets: each refuses what it does not know with a message for the curator -----------------------------


class FlagWidget(widgets.Widget):
    """1/0 (also yes/no, ja/nein, true/false, wahr/falsch); empty means no."""

    TRUE = {"1", "yes", "ja", "true", "wahr", "x"}
    FALSE = {"0", "no", "nein", "false", "falsch", ""}

    def clean(self, value, row=None, **kwargs):
        text = force_str(value if value is not None else "").strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("Enter 1 (yes) or 0 (no), not “%(value)s”.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "1" if value else "0"


class ChoiceWidget(widgets.Widget):
    def __init__(self, choices, message):
        self.choices, self.message = choices, message
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        text = force_str(value if value is not None else "").strip().lower()
        if text not in self.choices.values:
            raise ValueError(self.message % {"value": value, "choices": ", ".join(self.choices.values)})
        return text


class LookupWidget(widgets.ForeignKeyWidget):
    """One object by a unique text field (an organisation's slug, a topic field's slug); empty for none."""

    def __init__(self, model, field, message):
        self.message = message
        super().__init__(model, field=field)

    def clean(self, value, row=None, **kwargs):
        text = force_str(value if value is not None else "").strip()
        if not text:
            return None
        found = self.model.objects.filter(**{self.field: text}).first()
        if found is None:
            raise ValueError(self.message % {"value": text})
        return found


class LookupListWidget(widgets.ManyToManyWidget):
    """Several objects by a unique text field, separated by semicolons; every one must exist."""

    def __init__(self, model, field, message):
        self.message = message
        super().__init__(model, separator=LIST_SEPARATOR, field=field)

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in force_str(value if value is not None else "").split(self.separator)]
        names = [name for name in names if name]
        found = list(self.model.objects.filter(**{f"{self.field}__in": names}))
        missing = sorted(set(names) - {getattr(obj, self.field) for obj in found})
        if missing:
            raise ValueError(self.message % {"value": ", ".join(missing)})
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return self.separator.join(sorted(str(getattr(item, self.field)) for item in value.all()))


class PlainDiff(Diff):
    """The preview's changes as <del>/<ins> without the inline styles of diff_match_patch (the site's CSP
    refuses those)."""

    def as_html(self):
        cells = []
        for old, new in zip(self.left, self.right, strict=False):
            old, new = force_str(old), force_str(new)
            if self.new or old == new:
                cells.append(format_html("{}", new))
                continue
            parts = diff_match_patch().diff_main(old, new)
            cells.append(
                format_html(
                    "<del>{}</del> <ins>{}</ins>",
                    "".join(text for op, text in parts if op <= 0),
                    "".join(text for op, text in parts if op >= 0),
                )
            )
        return cells


# --- the resource ----------------------------------------------------------------------------------------------

IMPORT_COLUMNS = [
    "slug", "title", "summary", "description", "lead_sponsor", "sponsors", "municipalities", "handlungsfeld",
    "themenfeld", "dna_digital", "dna_sustainable", "dna_authentic", "website", "is_example",
]  # fmt: skip
EXPORT_ONLY_COLUMNS = ["stage", "stage_since", "published", "featured", "districts", "funding_total"]


class ProjectResource(resources.ModelResource):
    title = Field(attribute="title", column_name="title", widget=widgets.CharWidget(allow_blank=True))
    lead_sponsor = Field(
        attribute="lead_sponsor",
        column_name="lead_sponsor",
        widget=LookupWidget(Organisation, "slug", _("No organisation has the short name (slug) “%(value)s”.")),
    )
    sponsors = Field(
        attribute="sponsors",
        column_name="sponsors",
        widget=LookupListWidget(Organisation, "slug", _("No organisation has the short name (slug) “%(value)s”.")),
    )
    municipalities = Field(
        attribute="municipalities",
        column_name="municipalities",
        widget=LookupListWidget(Municipality, "name", _("Unknown municipality: %(value)s.")),
    )
    handlungsfeld = Field(
        attribute="handlungsfeld",
        column_name="handlungsfeld",
        widget=ChoiceWidget(Handlungsfeld, _("“%(value)s” is not a field of action; use one of %(choices)s.")),
    )
    themenfeld = Field(
        attribute="themenfeld",
        column_name="themenfeld",
        widget=LookupWidget(Themenfeld, "slug", _("No topic field has the short name (slug) “%(value)s”.")),
    )
    dna_digital = Field(attribute="dna_digital", column_name="dna_digital", widget=FlagWidget())
    dna_sustainable = Field(attribute="dna_sustainable", column_name="dna_sustainable", widget=FlagWidget())
    dna_authentic = Field(attribute="dna_authentic", column_name="dna_authentic", widget=FlagWidget())
    is_example = Field(attribute="is_example", column_name="is_example", widget=FlagWidget())
    stage = Field(attribute="stage", column_name="stage", readonly=True)
    stage_since = Field(
        attribute="stage_since", column_name="stage_since", readonly=True, widget=widgets.DateWidget("%Y-%m-%d")
    )
    published = Field(attribute="published", column_name="published", readonly=True, widget=FlagWidget())
    featured = Field(attribute="featured", column_name="featured", readonly=True, widget=FlagWidget())
    districts = Field(column_name="districts", readonly=True)
    funding_total = Field(column_name="funding_total", readonly=True)

    class Meta:
        model = Project
        fields = [*IMPORT_COLUMNS, *EXPORT_ONLY_COLUMNS]
        import_id_fields = ["slug"]
        clean_model_instances = True  # full_clean(): lengths, URL, Themenfeld within the Handlungsfeld, unique slug
        skip_unchanged = True  # re-importing an export changes nothing and leaves no history behind
        report_skipped = True
        use_transactions = True

    @classmethod
    def get_diff_class(cls):
        return PlainDiff

    def get_queryset(self):
        return Project.objects.all()

    def get_user_visible_fields(self):
        return [field for field in self.get_import_fields() if field.column_name in IMPORT_COLUMNS + ["stage"]]

    # --- export ---------------------------------------------------------------------------------------------

    def filter_export(self, queryset, **kwargs):
        counted = Q(funding__status__in=COUNTED_FUNDING)
        return (
            queryset.select_related("lead_sponsor", "themenfeld")
            .prefetch_related("sponsors", "municipalities")
            .annotate(funding_sum=Sum("funding__amount", filter=counted))
        )

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    def dehydrate_districts(self, project):
        districts = {m.get_district_display() for m in project.municipalities.all()}
        return LIST_SEPARATOR.join(sorted(districts))

    def dehydrate_funding_total(self, project):
        total = getattr(project, "funding_sum", None)
        if total is None:
            total = project.funding.filter(status__in=COUNTED_FUNDING).aggregate(s=Sum("amount"))["s"]
        return f"{(total or Decimal(0)):.2f}"

    # --- import ---------------------------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        """Column names as written in the export (spaces and case forgiven), the optional slug column added,
        rows that are entirely empty (spreadsheets write ";;;;") dropped, unknown columns refused."""
        headers = [force_str(header or "").strip().lower() for header in dataset.headers or []]
        unknown = [header for header in headers if header and header not in IMPORT_COLUMNS + EXPORT_ONLY_COLUMNS]
        if unknown:
            raise ReadError(
                _("Unknown columns: %(unknown)s. The file may have these columns: %(known)s.")
                % {"unknown": ", ".join(unknown), "known": ", ".join(IMPORT_COLUMNS + EXPORT_ONLY_COLUMNS)}
            )
        rows = [list(row) for row in dataset if any(force_str(cell or "").strip() for cell in row)]
        dataset.wipe()
        dataset.headers = headers
        for row in rows:
            dataset.append(row)
        if "slug" not in headers:
            dataset.append_col([""] * len(rows), header="slug")

    def before_import_row(self, row, **kwargs):
        for column, value in row.items():
            row[column] = unescape_formula(value.strip() if isinstance(value, str) else value)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Many-to-many values are stored after the project; check them now, so their errors count like the others.
        for name in ("sponsors", "municipalities"):
            field = self.fields[name]
            if field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[name] = [ValidationError(str(error), code="invalid")]
        expected = instance.stage if instance.pk else Stage.IDEA
        given = force_str(row.get("stage") or "").strip()
        if given and given != expected:
            errors["stage"] = [
                ValidationError(
                    _(
                        "The stage changes only through the stage workflow: “%(given)s” differs from the project's "
                        "stage “%(stage)s”. Leave the column empty or use the stage workflow."
                    )
                    % {"given": given, "stage": expected},
                    code="stage",
                )
            ]
        if not instance.slug and instance.title:
            instance.slug = services.unique_project_slug(instance.title)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        instance._history_user = kwargs.get("user")
        instance._change_reason = str(_("CSV import"))
        instance._imported_new = instance.pk is None

    def after_save_instance(self, instance, row, **kwargs):
        if getattr(instance, "_imported_new", False):
            services.record_creation(instance, by=kwargs.get("user"))
