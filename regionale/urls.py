from django.urls import path
from django.utils.translation import pgettext_lazy

from . import idea_views, views

app_name = "regionale"
urlpatterns = [
    path(pgettext_lazy("URL", "regionale-2025/"), views.portfolio, name="portfolio"),
    path(pgettext_lazy("URL", "regionale-2025/projects/<slug:slug>/"), views.project, name="project"),
    path(pgettext_lazy("URL", "regionale-2025/submit-an-idea/"), idea_views.submit_idea, name="submit_idea"),
    path(pgettext_lazy("URL", "regionale-2025/projects/<slug:slug>/add-a-need/"), idea_views.add_need, name="add_need"),
    path(pgettext_lazy("URL", "account/regionale-ideas/"), idea_views.my_ideas, name="my_ideas"),
]
