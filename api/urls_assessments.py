"""Addresses of the recognition chain's operations (under /api/v1/)."""

from django.urls import path

from api import views_assessments as views

urlpatterns = [
    path("criteria-sets/", views.CriteriaSetList.as_view(), name="criteria_set_list"),
    path("criteria-sets/<id:id>/", views.CriteriaSetDetail.as_view(), name="criteria_set_detail"),
    path("rounds/", views.RoundList.as_view(), name="round_list"),
    path("rounds/<id:id>/", views.RoundDetail.as_view(), name="round_detail"),
    path("dossiers/", views.DossierList.as_view(), name="dossier_list"),
    path("dossiers/<id:id>/", views.DossierDetail.as_view(), name="dossier_detail"),
]
