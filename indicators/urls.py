from django.urls import include, path

app_name = "indicators"
urlpatterns: list = [
    path("", include("indicators.urls_entry")),
    path("", include("indicators.urls_dashboard")),
    path("", include("indicators.urls_map")),
]
