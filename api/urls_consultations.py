"""Addresses of the residents' consultations' operations (under /api/v1/)."""

from django.urls import path

from api import views_consultations as views

urlpatterns = [
    path("consultations/", views.ConsultationList.as_view(), name="consultation_list"),
    path("consultations/<id:id>/results/", views.ConsultationResults.as_view(),
         name="consultation_results"),
]
