from django.urls import URLPattern, path, register_converter

from facilities import views_headquarters as views


class WardCodeConverter:
    """GSO ward codes are digits. Matching only digits keeps "<code>/" from swallowing the
    equipment and roadmap pages, which facilities/urls.py includes after this module."""

    regex = r"\d{1,10}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(WardCodeConverter, "hq_ward_code")

urlpatterns: list[URLPattern] = [
    path("", views.headquarters_list, name="list"),
    path("headquarters.xlsx", views.headquarters_export, name="hq_export"),
    path("headquarters/import/", views.headquarters_import, name="hq_import"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("<hq_ward_code:code>/", views.ward_facilities, name="ward"),
    path("<hq_ward_code:code>/headquarters/", views.headquarters_update, name="hq_update"),
    path("<hq_ward_code:code>/projects/new/", views.project_new, name="project_new"),
]
