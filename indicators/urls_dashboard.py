from django.urls import URLPattern, path

import units.converters  # noqa: F401 — registers <ward_code:…>
from indicators import views_dashboard as views

urlpatterns: list[URLPattern] = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("values/", views.values, name="values"),
    # Ward codes are digits, so /indicators/map/ and the other pages stay reachable.
    path("<ward_code:code>/", views.ward, name="ward"),
]
