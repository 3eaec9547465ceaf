"""{% load regionale_projects %}: what the REGIONALE pages and the organisation page's section need.

{{ project.stars|star_symbols }}     "★★☆" (decoration only: the stars are always written out beside it)
{{ line.amount|euros }}              "€1,250,000" / "1.250.000 €", in the language of the page
{% organisation_projects organisation as projects %}   its published projects as lead or further sponsor
"""

from decimal import Decimal

from django import template
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from regionale.models import Project, Stage

register = template.Library()

MAX_STARS = 3


@register.filter
def star_symbols(stars):
    stars = max(0, min(MAX_STARS, int(stars or 0)))
    return "★" * stars + "☆" * (MAX_STARS - stars)


@register.filter
def euros(amount):
    """An amount in euros for the current language; cents only when there are any."""
    if amount is None:
        return ""
    amount = Decimal(amount)  # sums of no lines are the int 0
    whole = amount == amount.to_integral_value()
    number = formats.number_format(amount, decimal_pos=0 if whole else 2, force_grouping=True)
    return _("€%(amount)s") % {"amount": number}


@register.simple_tag
def organisation_projects(organisation):
    """The published projects (not withdrawn) the organisation leads or sponsors, in one query."""
    sponsored = Project.sponsors.through.objects.filter(organisation_id=organisation.pk).values("project_id")
    return list(
        Project.objects.published()
        .exclude(stage=Stage.WITHDRAWN)
        .filter(Q(lead_sponsor_id=organisation.pk) | Q(pk__in=sponsored))
        .only("title", "slug", "stage", "is_example", "lead_sponsor_id")
        .order_by("title", "pk")
    )
