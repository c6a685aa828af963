"""Downloads and overviews built from the dossiers: the DOCX report, the city matrix."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.http import Request
from assessments import documents, output_selectors
from assessments.models import Assessment
from assessments.selectors import assessment_get_for_user
from core.documents import DOCX_CONTENT_TYPE
from core.spreadsheets import XLSX_CONTENT_TYPE
from core.views import download


class MatrixFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=gettext_lazy("State"), required=False,
        choices=[("", gettext_lazy("All states")), *Assessment.State.choices],
    )


@login_required
@require_GET
def dossier_docx(request: Request, pk: int) -> HttpResponse:
    assessment = assessment_get_for_user(request.user, pk)
    return download(documents.recognition_dossier_docx(assessment),
                     DOCX_CONTENT_TYPE, documents.dossier_filename(assessment))


def _matrix_for(request: Request, year: int) -> tuple[output_selectors.Matrix, MatrixFilterForm]:
    round_ = output_selectors.round_for_matrix(request.user, year)
    filters = MatrixFilterForm(request.GET or None)
    state = filters.cleaned_data["state"] if filters.is_valid() else ""
    return output_selectors.matrix_rows(round_, actor=request.user, state=state), filters


@login_required
@require_GET
def matrix(request: Request, year: int) -> HttpResponse:
    table, filters = _matrix_for(request, year)
    context = {"matrix": table, "filters": filters, "year": year,
               "query": request.GET.urlencode()}
    template = "assessments/matrix.html#matrix-table" if request.htmx else "assessments/matrix.html"
    return render(request, template, context)


@login_required
@require_GET
def matrix_xlsx(request: Request, year: int) -> HttpResponse:
    table, _filters = _matrix_for(request, year)
    content = documents.matrix_xlsx(
        table,
        caption=request.user.export_caption(
            _("Self-assessment results %(year)s — %(province)s")
            % {"year": year, "province": table.round.province.name},
            scope=_("Criteria set: %(set)s") % {"set": table.round.criteria_set}),
        labels={
            "ward_code": _("Code"), "ward": _("Ward"), "state": _("State"),
            "total": _("Total score"), "passes": _("Passes"), "yes_pass": _("Yes"),
            "no_pass": _("No"), "value": _("Result"), "score": _("Score"),
        },
    )
    return download(content, XLSX_CONTENT_TYPE, f"ma-tran-tu-danh-gia-{year}.xlsx")
