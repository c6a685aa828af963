from django.urls import path

from attachments import views

app_name = "attachments"
urlpatterns = [
    path("unit/<str:code>/upload/", views.upload_to_unit, name="upload_unit"),
    path("<id:pk>/", views.download, name="download"),
    path("<id:pk>/delete/", views.delete, name="delete"),
]
