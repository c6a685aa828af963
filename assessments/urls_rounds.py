from django.urls import path

from assessments import views_rounds

urlpatterns = [
    path("", views_rounds.rounds, name="rounds"),
    path("rounds/<id:year>/", views_rounds.round_detail, name="round_detail"),
    path("rounds/<id:year>/register/<str:code>/", views_rounds.register, name="register"),
    path("rounds/<id:year>/proposal.docx", views_rounds.proposal_docx, name="proposal_docx"),
    path("rounds/<id:year>/proposal/send/", views_rounds.proposal_send, name="proposal_send"),
]
