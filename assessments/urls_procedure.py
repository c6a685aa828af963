from django.urls import path

from assessments import views_procedure as views

urlpatterns = [
    path("<int:pk>/procedure/", views.procedure_detail, name="procedure"),
    path("<int:pk>/transition/<str:target>/", views.transition, name="transition"),
    path("<int:pk>/return/", views.return_to_ward, name="return"),
    path("<int:pk>/opinions/", views.attach_opinions, name="attach_opinions"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
    path("<int:pk>/extend/", views.extend, name="extend"),
]
