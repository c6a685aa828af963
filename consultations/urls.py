from django.urls import path

from consultations import views

app_name = "consultations"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("<id:pk>/", views.campaign_detail, name="detail"),
    path("<id:pk>/close/", views.campaign_close, name="close"),
    path("<id:pk>/extend/", views.campaign_extend, name="extend"),
    path("<id:pk>/groups/<id:group_pk>/qr/", views.qr_sheet, name="qr_sheet"),
    path("<id:pk>/groups/<id:group_pk>/codes/", views.code_slips, name="code_slips"),
    path("<id:pk>/groups/<id:group_pk>/tally/", views.tally, name="tally"),
    path("<id:pk>/results/", views.results, name="results"),
    path("<id:pk>/comments/<id:answer_pk>/hide/", views.comment_hide, name="comment_hide"),
    path("<id:pk>/comments/<id:answer_pk>/show/", views.comment_show, name="comment_show"),
    path("<id:pk>/contacts/", views.contacts, name="contacts"),
    path("<id:pk>/summary.docx", views.summary_docx, name="summary_docx"),
    path("<id:pk>/attach/", views.attach, name="attach"),
]
