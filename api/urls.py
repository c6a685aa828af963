from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from api import problems, views_units

app_name = "api"

urlpatterns = [
    # The description at a stable address, and the browsable documentation (Swagger UI
    # from drf-spectacular-sidecar, served by this server).
    path("v1/openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("v1/docs/", SpectacularSwaggerSplitView.as_view(
        url_name="api:schema", template_name="api/docs.html",
        title="Kiểu Mẫu API — tài liệu"), name="docs"),
    path("v1/units/", views_units.UnitList.as_view(), name="unit_list"),
    path("v1/units/<id:id>/", views_units.UnitDetail.as_view(), name="unit_detail"),
    path("v1/agencies/", views_units.AgencyList.as_view(), name="agency_list"),
    path("v1/", include("api.urls_assessments")),
    path("v1/", include("api.urls_consultations")),
    path("v1/", include("api.urls_indicators")),
    path("v1/", include("api.urls_reports")),
    path("v1/", include("api.urls_facilities")),
    # Anything else under /api/: a problem in JSON, not the HTML page.
    re_path(r"^.*$", problems.not_found),
]
