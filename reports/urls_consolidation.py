from django.urls import URLPattern, path

from reports import views_consolidation as views

urlpatterns: list[URLPattern] = [
    path("periods/<id:pk>/consolidated/", views.consolidated, name="consolidated"),
    path("periods/<id:pk>/consolidated/redraft/", views.consolidated_redraft,
         name="consolidated_redraft"),
    path("periods/<id:pk>/consolidated/docx/", views.consolidated_docx,
         name="consolidated_docx"),
    path("progress/", views.progress, name="progress"),
]
