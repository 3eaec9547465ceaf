"""Members submit project ideas and follow them. (Placeholder until idea submission lands.)"""

from django.http import Http404


def submit_idea(request):
    raise Http404


def add_need(request, slug):
    raise Http404


def my_ideas(request):
    raise Http404
