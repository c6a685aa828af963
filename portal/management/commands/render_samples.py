"""`manage.py render_samples DIR`: every document and export the system produces, from the
current database, as the person downloading it would get it.

Each file is fetched through its own page (the same URL, permission layer and builder a
user's browser goes through), signed in as `--as` (the demo's city coordinator by
default, who sees the whole city), and saved under a name that says what it is. For
reviewers, for officials who want to see the forms before using them, and for the tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import reverse

# (file name, URL name, URL args, query) for each download that needs no record.
FIXED: tuple[tuple[str, str, tuple[Any, ...], str], ...] = (
    ("mau-nhap-to-dan-pho.csv", "units:groups_template_csv", (), ""),
    ("mau-nhap-to-dan-pho.xlsx", "units:groups_template_xlsx", (), ""),
    ("mau-bo-tieu-chi.xlsx", "criteria:template", (), ""),
    ("tru-so-cac-phuong.xlsx", "facilities:hq_export", (), ""),
    ("trang-thiet-bi-tong-hop.xlsx", "facilities:equipment_overview_export", (), ""),
    ("danh-muc-trang-thiet-bi.xlsx", "facilities:catalogue_export", (), ""),
    ("mau-danh-muc-trang-thiet-bi.xlsx", "facilities:catalogue_template", (), ""),
    ("trang-thiet-bi-tung-phuong.xlsx", "facilities:inventory_export", (), ""),
    ("mau-nhap-ke-hoach.xlsx", "reports:plan_template", (), ""),
    ("mau-nhap-chi-tieu.csv", "indicators:import_template_csv", (), ""),
    ("mau-nhap-chi-tieu.xlsx", "indicators:import_template_xlsx", (), ""),
    ("so-lieu-chi-tieu.xlsx", "indicators:values", (), "format=xlsx"),
    ("so-lieu-chi-tieu.csv", "indicators:values", (), "format=csv"),
    ("nhat-ky-he-thong.csv", "audit:list", (), "format=csv"),
)


def _per_record() -> Iterator[tuple[str, str, tuple[Any, ...], str]]:
    """The downloads of each record: dossiers, summaries, matrices, reports, sets."""
    from assessments.models import Assessment, CriteriaSet, RecognitionRound
    from consultations.models import Campaign
    from force.models import Commendation, ProgrammeReview, Staffing, TrainingPlan
    from movement.models import SafetyAssessment
    from reports.models import ConsolidatedReport, ReportingPeriod

    for assessment in Assessment.objects.select_related("ward", "round").order_by("pk"):
        yield (f"ho-so-de-nghi-cong-nhan-{assessment.ward.code}-{assessment.round.year}.docx",
               "assessments:dossier_docx", (assessment.pk,), "")
    for year in RecognitionRound.objects.values_list("year", flat=True).order_by("year"):
        yield f"ma-tran-ket-qua-{year}.xlsx", "assessments:matrix_xlsx", (year,), ""
    # The proposal exists while the council's approved units wait to be sent to the Ministry.
    for year in (Assessment.objects.filter(state=Assessment.State.PROPOSED,
                                           proposal__isnull=True)
                 .values_list("round__year", flat=True).distinct().order_by("round__year")):
        yield (f"to-trinh-de-nghi-cong-nhan-{year}.docx", "assessments:proposal_docx", (year,),
               "")
    for criteria_set in CriteriaSet.objects.order_by("pk"):
        yield (f"bo-tieu-chi-{criteria_set.pk}-v{criteria_set.version}.xlsx", "criteria:export",
               (criteria_set.pk,), "")
    for campaign in Campaign.objects.select_related("ward").order_by("pk"):
        yield (f"tong-hop-y-kien-{campaign.ward.code}-{campaign.year}.docx",
               "consultations:summary_docx", (campaign.pk,), "")
    drafted = set(ConsolidatedReport.objects.values_list("period_id", flat=True))
    for period in ReportingPeriod.objects.order_by("due_date", "pk"):
        name = f"{period.kind}-{period.year}-{period.pk}"
        if period.pk in drafted:  # the city's report exists once the coordinator drafts it
            yield (f"bao-cao-tong-hop-{name}.docx", "reports:consolidated_docx", (period.pk,),
                   "")
        yield f"danh-sach-chua-bao-cao-{name}.xlsx", "reports:overdue_xlsx", (period.pk,), ""
    for code, year in (SafetyAssessment.objects.filter(unit__kind="residential_group")
                       .values_list("ward__code", "year").distinct().order_by("ward__code",
                                                                              "year")):
        yield (f"an-toan-antt-{code}-{year}.xlsx", "movement:results_xlsx", (code, year), "")
    for year in Staffing.objects.values_list("year", flat=True).distinct().order_by("year"):
        yield f"bien-che-quan-so-{year}.xlsx", "force:staffing_xlsx", (year,), ""
    for year in (TrainingPlan.objects.filter(published_at__isnull=False)
                 .values_list("year", flat=True).order_by("year")):
        yield f"ket-qua-dao-tao-{year}.xlsx", "force:attendance_xlsx", (year,), ""
    for pk in Commendation.objects.values_list("pk", flat=True).order_by("pk"):
        yield f"to-trinh-khen-thuong-{pk}.docx", "force:commendation_docx", (pk,), ""
    for year in (Commendation.objects.filter(state=Commendation.State.APPROVED)
                 .values_list("year", flat=True).distinct().order_by("year")):
        yield f"danh-sach-khen-thuong-{year}.docx", "force:commendations_docx", (year,), ""
    for pk in ProgrammeReview.objects.values_list("pk", flat=True).order_by("pk"):
        yield f"bao-cao-so-ket-{pk}.docx", "force:review_docx", (pk,), ""


class Command(BaseCommand):
    help = "Write every document and export the system can produce, from this database."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("directory")
        parser.add_argument("--as", dest="username", default="dieuphoi",
                            help="Whose downloads to fetch (default: the demo coordinator).")

    def handle(self, *args: object, **options: Any) -> None:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from accounts.models import User

        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {options['username']!r}; load the demo first "
                               "(manage.py load_demo) or name a user with --as.")
        folder = Path(options["directory"])
        folder.mkdir(parents=True, exist_ok=True)
        client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
        client.force_login(user)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:  # past the second factor, as after a real login
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        written = refused = 0
        for filename, url_name, url_args, query in (*FIXED, *_per_record()):
            url = reverse(url_name, args=url_args) + (f"?{query}" if query else "")
            response = client.get(url)
            if response.status_code != 200:
                refused += 1
                self.stderr.write(f"  {filename}: {url} answered {response.status_code}")
                continue
            content = (b"".join(response.streaming_content)  # type: ignore[attr-defined]
                       if response.streaming else response.content)
            (folder / filename).write_bytes(content)
            written += 1
        self.stdout.write(f"{written} files written to {folder}"
                          + (f", {refused} refused (see above)" if refused else "") + ".")
        if refused:
            raise CommandError(f"{refused} downloads failed for {user.username}.")
