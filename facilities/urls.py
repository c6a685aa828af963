from django.urls import include, path

app_name = "facilities"
urlpatterns: list = [
    path("", include("facilities.urls_headquarters")),
    path("", include("facilities.urls_equipment")),
    path("", include("facilities.urls_roadmap")),
]
