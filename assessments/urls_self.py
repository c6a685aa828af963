from django.urls import path

from assessments import views_self

urlpatterns = [
    path("<int:pk>/", views_self.assessment_detail, name="detail"),
    path("<int:pk>/gap/", views_self.gap, name="gap"),
    path("<int:pk>/values/<int:criterion_pk>/", views_self.save_value, name="save_value"),
    path("<int:pk>/values/<int:criterion_pk>/evidence/", views_self.evidence_upload,
         name="evidence_upload"),
    path("<int:pk>/values/<int:criterion_pk>/evidence/<int:attachment_pk>/remove/",
         views_self.evidence_remove, name="evidence_remove"),
]
