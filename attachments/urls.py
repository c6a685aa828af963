from django.urls import path

from attachments import views

app_name = "attachments"
urlpatterns = [
    path("unit/<str:code>/upload/", views.upload_to_unit, name="upload_unit"),
    path("<int:pk>/", views.download, name="download"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
