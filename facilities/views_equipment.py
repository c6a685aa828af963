"""Equipment pages: catalogue, ward inventory, procurement plans, city overview, XLSX."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import Request
from accounts.permissions import Action, can, require
from core.spreadsheets import XLSX_CONTENT_TYPE, Caption, Sheet, workbook_bytes
from facilities import equipment_io, equipment_selectors, equipment_services
from facilities.equipment_io import ImportErrors, RowError
from facilities.forms_equipment import InventoryForm, ProcurementForm, UploadForm
from facilities.models import ProcurementPlan
from facilities.selectors import catalogue as catalogue_items
from facilities.selectors import facility_wards


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _need(request: Request, action: Action) -> None:
    require(request.user, action)


@login_required
def catalogue(request: Request) -> HttpResponse:
    _need(request, Action.FACILITY_VIEW)
    return render(request, "facilities/equipment_catalogue.html", {
        "items": catalogue_items(),
        "may_manage": can(request.user, Action.CATALOGUE_MANAGE),
    })


@login_required
def catalogue_import(request: Request) -> HttpResponse:
    _need(request, Action.CATALOGUE_MANAGE)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[RowError] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = equipment_services.catalogue_import(
                actor=request.user, uploaded_file=form.cleaned_data["file"])
        except ImportErrors as exc:
            errors = exc.errors
        else:
            messages.success(request, _(
                "Catalogue imported: %(created)d added, %(updated)d updated, "
                "%(unchanged)d unchanged.") % vars(result))
            return redirect("facilities:catalogue")
    return render(request, "facilities/equipment_import.html", {
        "form": form, "errors": errors, "kind": "catalogue",
    })


@login_required
def catalogue_export(request: Request) -> HttpResponse:
    _need(request, Action.FACILITY_VIEW)
    rows = [(i.code, i.name, i.category, i.unit_of_measure, i.norm_per_unit)
            for i in catalogue_items()]
    return _xlsx(workbook_bytes(Sheet(
        "Danh mục", equipment_io.CATALOGUE_HEADINGS, rows, widths=(20, 50, 20, 14, 10),
        caption=request.user.export_caption(
            "Danh mục trang thiết bị và định mức cho mỗi Công an phường, xã", scope=""),
    )), "danh-muc-trang-thiet-bi.xlsx")


@login_required
def catalogue_template(request: Request) -> HttpResponse:
    _need(request, Action.CATALOGUE_MANAGE)
    return _xlsx(workbook_bytes(Sheet(
        "Danh mục", equipment_io.CATALOGUE_HEADINGS, [], widths=(20, 50, 20, 14, 10),
        caption=Caption("Mẫu nhập danh mục trang thiết bị và định mức"),
    )), "mau-danh-muc-trang-thiet-bi.xlsx")


@login_required
def inventory(request: Request, code: str) -> HttpResponse:
    ward = equipment_selectors.equipment_ward_get_for_user(request.user, code)
    rows = equipment_selectors.inventory_rows(ward)
    may_edit = can(request.user, Action.FACILITY_EDIT, ward)
    form = InventoryForm(request.POST or None, rows=rows)
    if request.method == "POST":
        # Re-fetched with the edit right: 403 for those who may only read.
        ward = equipment_selectors.equipment_ward_get_for_user(
            request.user, code, Action.FACILITY_EDIT)
        if form.is_valid():
            equipment_services.inventory_update(actor=request.user, ward=ward,
                                                lines=form.lines())
            messages.success(request, _("The inventory is saved."))
            return redirect("facilities:inventory", code=ward.code)
    return render(request, "facilities/equipment_inventory.html", {
        "ward": ward, "form": form, "grid": form.grid(), "may_edit": may_edit,
        "equipped": equipment_selectors.is_equipped(rows),
        "gap_items": sum(1 for r in rows if r.gap),
    }, status=400 if form.errors else 200)


@login_required
def procurement(request: Request, code: str) -> HttpResponse:
    ward = equipment_selectors.equipment_ward_get_for_user(request.user, code)
    form = ProcurementForm(request.POST or None, items=catalogue_items())
    if request.method == "POST":
        ward = equipment_selectors.equipment_ward_get_for_user(
            request.user, code, Action.FACILITY_EDIT)
        if form.is_valid():
            equipment_services.procurement_create(actor=request.user, ward=ward,
                                                  **form.cleaned_data)
            messages.success(request, _("The procurement line is added."))
            return redirect("facilities:procurement", code=ward.code)
    return render(request, "facilities/equipment_procurement.html", {
        "ward": ward, "form": form, "plans": equipment_selectors.ward_procurements(ward),
        "may_edit": can(request.user, Action.FACILITY_EDIT, ward),
    }, status=400 if form.errors else 200)


@login_required
def procurement_edit(request: Request, code: str, pk: int) -> HttpResponse:
    ward = equipment_selectors.equipment_ward_get_for_user(request.user, code)
    plan = equipment_selectors.procurement_get_for_user(request.user, ward, pk,
                                                        Action.FACILITY_EDIT)
    initial = {"item": plan.item, "year": plan.year, "quantity": plan.quantity,
               "budget": plan.budget, "expected_delivery": plan.expected_delivery,
               "delivered": plan.delivered}
    form = ProcurementForm(request.POST or None, items=catalogue_items(), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            equipment_services.procurement_update(actor=request.user, plan=plan,
                                                  **form.cleaned_data)
        except ValidationError as exc:  # the form checks the same rules; kept for safety
            form.add_error(None, exc)
        else:
            messages.success(request, _("The procurement line is saved."))
            return redirect("facilities:procurement", code=ward.code)
    return render(request, "facilities/equipment_procurement_edit.html", {
        "ward": ward, "plan": plan, "form": form,
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def procurement_delete(request: Request, code: str, pk: int) -> HttpResponse:
    ward = equipment_selectors.equipment_ward_get_for_user(request.user, code)
    plan: ProcurementPlan = equipment_selectors.procurement_get_for_user(
        request.user, ward, pk, Action.FACILITY_EDIT)
    equipment_services.procurement_delete(actor=request.user, plan=plan)
    messages.success(request, _("The procurement line is deleted."))
    return redirect("facilities:procurement", code=ward.code)


@login_required
def overview(request: Request) -> HttpResponse:
    _need(request, Action.FACILITY_VIEW)
    return render(request, "facilities/equipment_overview.html", {
        "overview": equipment_selectors.equipment_overview(request.user),
        "may_import": can(request.user, Action.FACILITY_EDIT),
    })


@login_required
def overview_export(request: Request) -> HttpResponse:
    _need(request, Action.FACILITY_VIEW)
    data = equipment_selectors.equipment_overview(request.user)
    rows = [(r.ward.code, r.ward.name, r.items_with_gap, r.gap_units, r.planned_units,
             float(r.budget), "x" if data.item_count and r.equipped else "")
            for r in data.rows]
    headings = ("Mã phường", "Tên phường", "Số loại còn thiếu", "Số lượng còn thiếu",
                "Số lượng dự kiến mua", "Kinh phí (triệu đồng)", "Đủ định mức")
    return _xlsx(workbook_bytes(Sheet(
        "Tổng hợp", headings, rows, text_columns=("A",), widths=(12, 36, 16, 16, 18, 18, 12),
        caption=request.user.export_caption(
            "Tổng hợp trang thiết bị còn thiếu so với định mức của các Công an phường, xã"),
    )), "tong-hop-trang-thiet-bi.xlsx")


@login_required
def inventory_export(request: Request) -> HttpResponse:
    _need(request, Action.FACILITY_VIEW)
    wards = facility_wards(actor=request.user)
    items = list(catalogue_items())
    lines = equipment_selectors.inventory_lines_by_ward(wards)
    rows = []
    for ward in wards:
        for item in items:
            line = lines.get((ward.pk, item.pk))
            rows.append((ward.code, ward.name, item.code, item.name,
                         line.usable if line else 0, line.unusable if line else 0,
                         line.notes if line else ""))
    return _xlsx(workbook_bytes(Sheet(
        "Kiểm kê", equipment_io.INVENTORY_HEADINGS, rows, text_columns=("A", "C"),
        widths=(12, 30, 20, 40, 12, 14, 30),
        caption=request.user.export_caption("Kiểm kê trang thiết bị của Công an phường, xã"),
    )), "kiem-ke-trang-thiet-bi.xlsx")


@login_required
def inventory_import(request: Request) -> HttpResponse:
    _need(request, Action.FACILITY_EDIT)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[RowError] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = equipment_services.inventory_import(
                actor=request.user, uploaded_file=form.cleaned_data["file"])
        except ImportErrors as exc:
            errors = exc.errors
        else:
            messages.success(request, _(
                "Inventory imported: %(created)d lines added, %(updated)d updated, "
                "%(unchanged)d unchanged.") % vars(result))
            return redirect("facilities:equipment_overview")
    return render(request, "facilities/equipment_import.html", {
        "form": form, "errors": errors, "kind": "inventory",
    })
