from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    # First: residents' answers are the busiest requests, and Django tries the patterns in
    # order (the "" include below would otherwise be searched through for every answer).
    path("y/", include("consultations.urls_public")),
    path("api/", include("api.urls")),
    path("", include("portal.urls")),
    path("accounts/", include("accounts.urls")),
    path("users/", include("accounts.urls_users")),
    path("units/", include("directory.urls")),
    path("agencies/", include("directory.urls_agencies")),
    path("audit/", include("accounts.urls_audit")),
    path("files/", include("attachments.urls")),
    path("criteria/", include("assessments.urls_criteria")),
    path("assessments/", include("assessments.urls")),
    path("public/", include("assessments.urls_public")),
    path("consultations/", include("consultations.urls")),
    path("facilities/", include("facilities.urls")),
    path("reports/", include("reports.urls")),
    path("indicators/", include("indicators.urls")),
    path("movement/", include("movement.urls")),
    path("force/", include("force.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
