from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import Request
from accounts.permissions import Action, can, require
from core.documents import DOCX_CONTENT_TYPE
from core.forms import add_service_errors
from core.imports import ImportErrors
from core.spreadsheets import XLSX_CONTENT_TYPE
from core.views import PROGRAMME_FIRST_YEAR, download, programme_year, year_asked
from force import documents, force_io, selectors, services
from force.forms import (
    AttendanceForm,
    CommendationForm,
    CourseForm,
    DecideForm,
    DisciplineForm,
    FileForm,
    PlanForm,
    ProgrammeReviewForm,
    ReviewStepForm,
    StaffingForm,
)
from force.models import Commendation, Discipline
from force.review_figures import review_figures
from force.rules import STAFFING_COUNTS
from indicators.dashboard_selectors import dashboard_province_for_user, own_ward_code
from units.models import OrgUnit

FIRST_YEAR = PROGRAMME_FIRST_YEAR
DOCX = DOCX_CONTENT_TYPE


def _province(request: Request) -> OrgUnit:
    """The province a page is about: a city user's (or the one asked for), a ward user's
    own ward's."""
    own = own_ward_code(request.user)
    if own:
        ward = selectors.ward_get_for_user(request.user, own)
        province = ward.province or ward.parent
    else:
        province = dashboard_province_for_user(request.user, request.GET.get("province", ""))
    if province is None:
        raise Http404
    return province


@login_required
def overview(request: Request) -> HttpResponse:
    """The city's view of every ward's force; a ward user goes to the ward's page."""
    require(request.user, Action.FORCE_VIEW)
    year = year_asked(request)
    own = own_ward_code(request.user)
    if own:
        return redirect("force:ward", own, year)
    province = _province(request)
    today = timezone.localdate()
    return render(request, "force/overview.html", {
        "year": year, "years": range(today.year, FIRST_YEAR - 1, -1), "province": province,
        "rows": selectors.province_force(request.user, province, year),
        "plan": selectors.plan_for(province, year),
        "can_import": can(request.user, Action.FORCE_EDIT),
        "can_read_reviews": can(request.user, Action.PLAN_VIEW),
    })


def _ward_context(request: Request, ward: OrgUnit, year: int, **forms: Any) -> dict[str, Any]:
    staffing = selectors.staffing_of(ward, year)
    plan = selectors.published_plan_for(ward, year)
    courses = selectors.plan_courses(plan) if plan else []
    attendance = selectors.ward_attendance(ward, plan) if plan else {}
    discipline = selectors.ward_discipline(ward, year)
    can_edit = can(request.user, Action.FORCE_EDIT, ward)
    if "staffing_form" not in forms:
        initial: dict[str, Any] = {}
        if staffing is not None:
            initial = {name: getattr(staffing, name) for name in
                       ("establishment", "headcount", "average_age", *STAFFING_COUNTS)}
        forms["staffing_form"] = StaffingForm(initial=initial)
    if "attendance_form" not in forms:
        initial = {}
        for course_id, row in attendance.items():
            initial[f"t{course_id}"], initial[f"p{course_id}"] = row.trained, row.passed
        forms["attendance_form"] = AttendanceForm(courses=courses, initial=initial)
    if "discipline_form" not in forms:
        initial = {}
        for level, counted in discipline.items():
            initial[f"violations_{level}"] = counted.violations
            initial[f"officers_{level}"] = counted.officers
        forms["discipline_form"] = DisciplineForm(initial=initial)
    attendance_form = forms["attendance_form"]
    today = timezone.localdate()
    return {
        "ward": ward, "year": year, "staffing": staffing, "plan": plan,
        "course_rows": [{"course": c, "trained": attendance_form[f"t{c.pk}"],
                         "passed": attendance_form[f"p{c.pk}"],
                         "started": c.starts_on <= today} for c in courses],
        "can_edit": can_edit, "years": range(today.year, FIRST_YEAR - 1, -1),
        "discipline_rows": [{"label": label, "violations": forms["discipline_form"][
            f"violations_{level}"], "officers": forms["discipline_form"][f"officers_{level}"]}
            for level, label in Discipline.Level.choices],
        "trained": selectors.trained_in(ward, year),
        "commendations": selectors.commendations(request.user, year=year).filter(
            proposer_unit=ward),
        "can_propose": can(request.user, Action.COMMENDATION_PROPOSE, ward),
        **forms,
    }


@login_required
def ward(request: Request, code: str, year: int) -> HttpResponse:
    ward = selectors.ward_get_for_user(request.user, code)
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        return redirect("force:ward", ward.code, timezone.localdate().year)
    return render(request, "force/ward.html", _ward_context(request, ward, year))


@login_required
@require_POST
def staffing(request: Request, code: str, year: int) -> HttpResponse:
    year = programme_year(year)
    ward = selectors.ward_get_for_user(request.user, code, Action.FORCE_EDIT)
    form = StaffingForm(request.POST)
    if form.is_valid():
        try:
            services.staffing_save(actor=request.user, ward=ward, year=year,
                                   values=form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The staffing was saved."))
            return redirect("force:ward", ward.code, year)
    return render(request, "force/ward.html",
                  _ward_context(request, ward, year, staffing_form=form))


@login_required
@require_POST
def attendance(request: Request, code: str, year: int) -> HttpResponse:
    year = programme_year(year)
    ward = selectors.ward_get_for_user(request.user, code, Action.FORCE_EDIT)
    plan = selectors.published_plan_for(ward, year)
    if plan is None:
        raise Http404
    courses = selectors.plan_courses(plan)
    form = AttendanceForm(request.POST, courses=courses)
    today = timezone.localdate()
    if form.is_valid():
        data = form.cleaned_data
        try:
            for course in courses:
                if course.starts_on > today:  # its cells are not shown; nothing to record
                    continue
                try:
                    services.attendance_save(actor=request.user, ward=ward, course=course,
                                             trained=data.get(f"t{course.pk}"),
                                             passed=data.get(f"p{course.pk}"))
                except ValidationError as error:
                    for field, problems in error.message_dict.items():
                        name = f"{'p' if field == 'passed' else 't'}{course.pk}"
                        form.add_error(name, problems)
            if form.errors:
                raise ValidationError("")
        except ValidationError:
            pass
        else:
            messages.success(request, _("The training results were saved."))
            return redirect("force:ward", ward.code, year)
    return render(request, "force/ward.html",
                  _ward_context(request, ward, year, attendance_form=form))


@login_required
@require_POST
def discipline(request: Request, code: str, year: int) -> HttpResponse:
    year = programme_year(year)
    ward = selectors.ward_get_for_user(request.user, code, Action.FORCE_EDIT)
    form = DisciplineForm(request.POST)
    if form.is_valid():
        try:
            services.discipline_save(actor=request.user, ward=ward, year=year,
                                     counts=form.counts())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The discipline figures were saved."))
            return redirect("force:ward", ward.code, year)
    return render(request, "force/ward.html",
                  _ward_context(request, ward, year, discipline_form=form))


# --- The training plan --------------------------------------------------------------------

@login_required
def plan(request: Request, year: int) -> HttpResponse:
    year = programme_year(year, ahead=1)
    require(request.user, Action.FORCE_VIEW)
    province = _province(request)
    current = selectors.plan_for(province, year)
    can_manage = can(request.user, Action.TRAINING_MANAGE, province)
    if current is not None and not current.is_published and not can_manage:
        current = None  # the wards see a plan once it is published
    plan_form = PlanForm(request.POST if "title" in request.POST else None,
                         initial={"title": current.title if current else
                                  f"Kế hoạch đào tạo, bồi dưỡng năm {year}"})
    course_form = CourseForm(request.POST if "course-subject" in request.POST else None,
                             prefix="course")
    if request.method == "POST":
        require(request.user, Action.TRAINING_MANAGE, province)
        try:
            if plan_form.is_bound and plan_form.is_valid():
                services.training_plan_save(actor=request.user, province=province, year=year,
                                            title=plan_form.cleaned_data["title"])
                messages.success(request, _("The plan was saved."))
                return redirect("force:plan", year)
            if course_form.is_bound and course_form.is_valid() and current is not None:
                services.course_save(actor=request.user, plan=current,
                                     data=services.CourseInput(**course_form.cleaned_data))
                messages.success(request, _("The course was added."))
                return redirect("force:plan", year)
        except ValidationError as error:
            add_service_errors(course_form if course_form.is_bound else plan_form, error)
    return render(request, "force/plan.html", {
        "year": year, "plan": current, "can_manage": can_manage, "plan_form": plan_form,
        "course_form": course_form,
        "courses": list(enumerate(selectors.plan_courses(current), start=1)) if current else [],
    })


@login_required
@require_POST
def plan_publish(request: Request, pk: int) -> HttpResponse:
    current = selectors.plan_get_for_user(request.user, pk)
    try:
        services.training_plan_publish(actor=request.user, plan=current)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The plan was published to the wards."))
    return redirect("force:plan", current.year)


@login_required
def course_edit(request: Request, pk: int) -> HttpResponse:
    course = selectors.course_get_for_user(request.user, pk)
    require(request.user, Action.TRAINING_MANAGE, course.plan.province)
    form = CourseForm(request.POST or None, initial={
        name: getattr(course, name) for name in CourseForm.base_fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.course_save(actor=request.user, plan=course.plan, course=course,
                                 data=services.CourseInput(**form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The course was saved."))
            return redirect("force:plan", course.plan.year)
    return render(request, "force/course_form.html", {"course": course, "form": form})


# --- Spreadsheets -------------------------------------------------------------------------

@login_required
def staffing_xlsx(request: Request, year: int) -> HttpResponse:
    year = programme_year(year)
    require(request.user, Action.FORCE_VIEW)
    province = _province(request)
    rows = [(r.ward.code, r.ward.name, {name: getattr(r.staffing, name) for name in
                                        force_io.STAFFING_COLUMNS} if r.staffing else {})
            for r in selectors.province_force(request.user, province, year)]
    body = force_io.staffing_xlsx(rows, request.user.export_caption(
        f"Biên chế, quân số Công an phường năm {year}"))
    return download(body, XLSX_CONTENT_TYPE, f"bien-che-quan-so-{year}.xlsx")


@login_required
def attendance_xlsx(request: Request, year: int) -> HttpResponse:
    year = programme_year(year)
    require(request.user, Action.FORCE_VIEW)
    province = _province(request)
    current = selectors.plan_for(province, year)
    if current is None or not current.is_published:
        raise Http404
    rows = selectors.attendance_rows(request.user, current)
    body = force_io.attendance_xlsx(rows, request.user.export_caption(
        f"Kết quả đào tạo, bồi dưỡng năm {year}"))
    return download(body, XLSX_CONTENT_TYPE, f"ket-qua-dao-tao-{year}.xlsx")


@login_required
def figures_import(request: Request, year: int, what: str) -> HttpResponse:
    year = programme_year(year)
    require(request.user, Action.FORCE_EDIT)
    if what not in ("staffing", "attendance"):
        raise Http404
    province = _province(request)
    form = FileForm(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        try:
            if what == "staffing":
                count = services.staffing_import(actor=request.user, province=province,
                                                 year=year,
                                                 uploaded_file=form.cleaned_data["file"])
            else:
                current = selectors.plan_for(province, year)
                if current is None:
                    raise ValidationError(_("There is no training plan for %(year)s.")
                                          % {"year": year})
                count = services.attendance_import(actor=request.user, plan=current,
                                                   uploaded_file=form.cleaned_data["file"])
        except ImportErrors as invalid:
            problems = invalid.errors
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(count)d rows imported.") % {"count": count})
            return redirect(reverse("force:overview") + f"?year={year}")
    return render(request, "force/import.html", {"year": year, "what": what, "form": form,
                                                 "errors": problems})


# --- Commendation -------------------------------------------------------------------------

@login_required
def commendations(request: Request) -> HttpResponse:
    require(request.user, Action.FORCE_VIEW)
    year = year_asked(request)
    today = timezone.localdate()
    return render(request, "force/commendations.html", {
        "year": year, "years": range(today.year, FIRST_YEAR - 1, -1),
        "rows": selectors.commendations(request.user, year=year),
        "can_propose": can(request.user, Action.COMMENDATION_PROPOSE),
        "can_list": can(request.user, Action.COMMENDATION_REVIEW),
    })


def _proposer_unit(request: Request) -> OrgUnit:
    own = own_ward_code(request.user)
    if own:
        return selectors.ward_get_for_user(request.user, own, Action.COMMENDATION_PROPOSE)
    province = _province(request)
    require(request.user, Action.COMMENDATION_PROPOSE, province)
    return province


@login_required
def commendation_new(request: Request) -> HttpResponse:
    require(request.user, Action.COMMENDATION_PROPOSE)
    unit = _proposer_unit(request)
    form = CommendationForm(request.POST or None, request.FILES or None,
                            initial={"unit_name": f"Công an {unit.name}"
                                     if unit.kind != OrgUnit.Kind.PROVINCE else ""})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        document = data.pop("document")
        try:
            created = services.commendation_propose(
                actor=request.user, proposer_unit=unit,
                data=services.CommendationInput(**data), document=document)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The proposal was sent to the city police."))
            return redirect("force:commendation", created.pk)
    return render(request, "force/commendation_form.html", {"form": form, "unit": unit})


@login_required
def commendation(request: Request, pk: int) -> HttpResponse:
    row = selectors.commendation_get_for_user(request.user, pk)
    can_review = can(request.user, Action.COMMENDATION_REVIEW, row)
    review_form = ReviewStepForm(request.POST if "agree" in request.POST else None)
    decide_form = DecideForm(request.POST if "approve" in request.POST else None)
    if request.method == "POST":
        require(request.user, Action.COMMENDATION_REVIEW, row)
        try:
            if review_form.is_bound and review_form.is_valid():
                services.commendation_review(
                    actor=request.user, commendation=row,
                    agree=review_form.cleaned_data["agree"] == "yes",
                    note=review_form.cleaned_data["note"])
                return redirect("force:commendation", row.pk)
            if decide_form.is_bound and decide_form.is_valid():
                data = decide_form.cleaned_data
                services.commendation_decide(
                    actor=request.user, commendation=row, approve=data["approve"] == "yes",
                    number=data["number"], decided_on=data["decided_on"], note=data["note"])
                messages.success(request, _("The decision was recorded."))
                return redirect("force:commendation", row.pk)
        except ValidationError as error:
            add_service_errors(decide_form if decide_form.is_bound else review_form, error)
    return render(request, "force/commendation.html", {
        "c": row, "can_review": can_review, "review_form": review_form,
        "decide_form": decide_form, "S": Commendation.State})


@login_required
def commendation_docx(request: Request, pk: int) -> HttpResponse:
    row = selectors.commendation_get_for_user(request.user, pk)
    return download(documents.commendation_docx(row), DOCX, f"to-trinh-khen-thuong-{pk}.docx")


@login_required
def commendations_docx(request: Request, year: int) -> HttpResponse:
    year = programme_year(year)
    require(request.user, Action.COMMENDATION_REVIEW)
    province = _province(request)
    body = documents.commendation_list_docx(province, year,
                                            selectors.commended_list(province, year))
    return download(body, DOCX, f"danh-sach-khen-thuong-{year}.docx")


# --- Programme reviews --------------------------------------------------------------------

@login_required
def reviews(request: Request) -> HttpResponse:
    require(request.user, Action.PLAN_VIEW)
    province = _province(request)
    can_manage = can(request.user, Action.PLAN_MANAGE, province)
    form = ProgrammeReviewForm(request.POST or None,
                               initial={"year": timezone.localdate().year})
    if request.method == "POST":
        require(request.user, Action.PLAN_MANAGE, province)
        if form.is_valid():
            try:
                created = services.programme_review_save(actor=request.user, province=province,
                                                         **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("force:review", created.pk)
    return render(request, "force/reviews.html", {
        "rows": selectors.reviews(request.user, province), "form": form if can_manage else None})


@login_required
def review(request: Request, pk: int) -> HttpResponse:
    row = selectors.review_get_for_user(request.user, pk)
    can_manage = can(request.user, Action.PLAN_MANAGE, row.province)
    form = ProgrammeReviewForm(request.POST or None, initial={
        "kind": row.kind, "title": row.title, "year": row.year, "held_on": row.held_on,
        "lessons": row.lessons})
    if request.method == "POST":
        require(request.user, Action.PLAN_MANAGE, row.province)
        if form.is_valid():
            try:
                services.programme_review_save(actor=request.user, province=row.province,
                                               review=row, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The review was saved."))
                return redirect("force:review", row.pk)
    return render(request, "force/review.html", {
        "r": row, "form": form if can_manage else None,
        "figures": review_figures(request.user, row.province, row.year,
                                  min(row.held_on, timezone.localdate())),
    })


@login_required
def review_docx(request: Request, pk: int) -> HttpResponse:
    row = selectors.review_get_for_user(request.user, pk)
    figures = review_figures(request.user, row.province, row.year,
                             min(row.held_on, timezone.localdate()))
    return download(documents.review_docx(row, figures), DOCX, f"bao-cao-so-ket-{pk}.docx")

