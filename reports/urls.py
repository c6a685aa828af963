from django.urls import include, path

app_name = "reports"
urlpatterns: list = [
    path("", include("reports.urls_plans")),
    path("", include("reports.urls_reports")),
    path("", include("reports.urls_consolidation")),
]
