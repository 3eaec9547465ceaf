"""The public REGIONALE 2025 pages: the portfolio and a project's page. (Placeholder until the public pages land.)"""

from django.http import Http404


def portfolio(request):
    raise Http404


def project(request, slug):
    raise Http404
