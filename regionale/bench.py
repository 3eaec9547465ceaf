"""REGIONALE 2025 in `manage.py bench` (portal/lib/bench.py): 100 projects, the portfolio and the project pages."""

from django.urls import reverse

from portal.lib import bench

from . import bulk


@bench.seed(7, "clear REGIONALE projects")
def clear(organisations, seed, write):
    bulk.delete()


@bench.seed(40, "REGIONALE projects (seed_regionale_bulk)")
def seed_projects(organisations, seed, write):
    result = bulk.generate(100, seed=seed)
    write(f"  {result.projects:,} projects in {result.seconds:.1f} s")


@bench.page(70, "portfolio", "REGIONALE list")
def portfolio():
    return [reverse("regionale:portfolio")]


@bench.page(80, "project", "REGIONALE project page (all published ones)")
def project():
    slugs = bulk.bulk_projects().filter(published=True).order_by("pk").values_list("slug", flat=True)
    return [reverse("regionale:project", args=[slug]) for slug in slugs]
