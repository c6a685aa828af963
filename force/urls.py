from django.urls import path

from force import views

app_name = "force"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("ward/<str:code>/<id:year>/", views.ward, name="ward"),
    path("ward/<str:code>/<id:year>/staffing/", views.staffing, name="staffing"),
    path("ward/<str:code>/<id:year>/attendance/", views.attendance, name="attendance"),
    path("ward/<str:code>/<id:year>/discipline/", views.discipline, name="discipline"),
    path("training/<id:year>/", views.plan, name="plan"),
    path("training/plan/<id:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("training/course/<id:pk>/", views.course_edit, name="course_edit"),
    path("<id:year>/staffing.xlsx", views.staffing_xlsx, name="staffing_xlsx"),
    path("<id:year>/attendance.xlsx", views.attendance_xlsx, name="attendance_xlsx"),
    path("<id:year>/import/<str:what>/", views.figures_import, name="import"),
    path("commendations/", views.commendations, name="commendations"),
    path("commendations/new/", views.commendation_new, name="commendation_new"),
    path("commendations/<id:pk>/", views.commendation, name="commendation"),
    path("commendations/<id:pk>/proposal.docx", views.commendation_docx,
         name="commendation_docx"),
    path("commendations/<id:year>/list.docx", views.commendations_docx,
         name="commendations_docx"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/<id:pk>/", views.review, name="review"),
    path("reviews/<id:pk>/report.docx", views.review_docx, name="review_docx"),
]
