from django.urls import URLPattern, path

import units.converters  # noqa: F401 — registers <ward_code:…>
from facilities import views_headquarters as views

urlpatterns: list[URLPattern] = [
    path("", views.headquarters_list, name="list"),
    path("headquarters.xlsx", views.headquarters_export, name="hq_export"),
    path("headquarters/import/", views.headquarters_import, name="hq_import"),
    path("projects/<id:pk>/edit/", views.project_edit, name="project_edit"),
    path("<ward_code:code>/", views.ward_facilities, name="ward"),
    path("<ward_code:code>/headquarters/", views.headquarters_update, name="hq_update"),
    path("<ward_code:code>/projects/new/", views.project_new, name="project_new"),
]
