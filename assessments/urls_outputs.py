"""Outputs of the procedure: the recognition dossier as DOCX, the city matrix (HTML, XLSX)."""

from django.urls import path

from assessments import views_outputs

urlpatterns = [
    path("<id:pk>/dossier.docx", views_outputs.dossier_docx, name="dossier_docx"),
    path("rounds/<id:year>/matrix/", views_outputs.matrix, name="matrix"),
    path("rounds/<id:year>/matrix.xlsx", views_outputs.matrix_xlsx, name="matrix_xlsx"),
]
