"""Routes of the assessments app, one module per area so each can grow on its own."""

from django.urls import include, path

app_name = "assessments"
urlpatterns = [
    path("", include("assessments.urls_rounds")),
    path("", include("assessments.urls_self")),
    path("", include("assessments.urls_procedure")),
    path("", include("assessments.urls_outputs")),
]
