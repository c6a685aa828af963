from django.urls import path

from assessments import views_self

urlpatterns = [
    path("<id:pk>/", views_self.assessment_detail, name="detail"),
    path("<id:pk>/gap/", views_self.gap, name="gap"),
    path("<id:pk>/values/<id:criterion_pk>/", views_self.save_value, name="save_value"),
    path("<id:pk>/values/<id:criterion_pk>/correct/", views_self.override_value,
         name="override_value"),
    path("<id:pk>/refresh/", views_self.refresh_sources, name="refresh_sources"),
    path("<id:pk>/values/<id:criterion_pk>/evidence/", views_self.evidence_upload,
         name="evidence_upload"),
    path("<id:pk>/values/<id:criterion_pk>/evidence/<id:attachment_pk>/remove/",
         views_self.evidence_remove, name="evidence_remove"),
]
