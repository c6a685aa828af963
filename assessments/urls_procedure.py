from django.urls import path

from assessments import views_procedure as views

urlpatterns = [
    path("<id:pk>/procedure/", views.procedure_detail, name="procedure"),
    path("<id:pk>/transition/<str:target>/", views.transition, name="transition"),
    path("<id:pk>/return/", views.return_to_ward, name="return"),
    path("<id:pk>/opinions/", views.attach_opinions, name="attach_opinions"),
    path("<id:pk>/endorse/", views.endorse, name="endorse"),
    path("<id:pk>/vote/", views.vote, name="vote"),
    path("<id:pk>/decide/", views.decide, name="decide"),
    path("<id:pk>/revoke/", views.revoke, name="revoke"),
    path("<id:pk>/extend/", views.extend, name="extend"),
]
