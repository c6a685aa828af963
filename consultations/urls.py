from django.urls import path

from consultations import views

app_name = "consultations"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/close/", views.campaign_close, name="close"),
    path("<int:pk>/extend/", views.campaign_extend, name="extend"),
    path("<int:pk>/groups/<int:group_pk>/qr/", views.qr_sheet, name="qr_sheet"),
    path("<int:pk>/groups/<int:group_pk>/codes/", views.code_slips, name="code_slips"),
    path("<int:pk>/groups/<int:group_pk>/tally/", views.tally, name="tally"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/comments/<int:answer_pk>/hide/", views.comment_hide, name="comment_hide"),
    path("<int:pk>/comments/<int:answer_pk>/show/", views.comment_show, name="comment_show"),
    path("<int:pk>/contacts/", views.contacts, name="contacts"),
    path("<int:pk>/summary.docx", views.summary_docx, name="summary_docx"),
    path("<int:pk>/attach/", views.attach, name="attach"),
]
