from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.overview, name="overview"),
    path(pgettext_lazy("URL", "data/"), views.your_data, name="data"),
    path(pgettext_lazy("URL", "delete/"), views.delete, name="delete"),
]
