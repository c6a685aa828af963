"""Writes about plans: loading the bundled plan of a province and importing another from XLSX."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import Action, require
from core.imports import ImportErrors, RowError
from reports import plan_io
from reports.models import Plan, PlanTask
from units.models import Agency, OrgUnit

DATA_DIR = Path(__file__).resolve().parent / "data"
# Province code → its bundled plan; another province adds its file here.
PLAN_FILES = {"01": DATA_DIR / "hanoi_plan.toml"}


@dataclass(frozen=True)
class PlanLoadResult:
    plan: Plan
    plan_created: bool
    created: int
    updated: int
    unchanged: int


def _province(province_code: str) -> OrgUnit:
    province = OrgUnit.objects.filter(
        kind=OrgUnit.Kind.PROVINCE, code=province_code, valid_to__isnull=True
    ).first()
    if province is None:
        raise ValidationError(_(
            "Province %(code)s is not loaded yet. Run “manage.py load_units --province "
            "%(code)s” first.") % {"code": province_code})
    return province


def _unknown_codes(tasks: list[plan_io.TaskRow], agencies: dict[str, Agency],
                   lead_column: str, coordinating_column: str) -> list[RowError]:
    errors = []
    for task in tasks:
        if task.lead and task.lead not in agencies:
            errors.append(RowError(task.row, lead_column or f"{task.where}.lead", _(
                "No body has the code “%(code)s”.") % {"code": task.lead[:40]}))
        unknown = [c for c in task.coordinating if c not in agencies]
        if unknown:
            errors.append(RowError(task.row, coordinating_column or f"{task.where}.coordinating",
                                   _("No body has the code(s): %(codes)s.")
                                   % {"codes": ", ".join(c[:40] for c in unknown)}))
    return errors


def _task_fields(task: plan_io.TaskRow, order: int, agencies: dict[str, Agency]) -> dict:
    lead = agencies[task.lead]
    kind = (PlanTask.Kind.REQUEST if lead.kind in PlanTask.REQUESTED_BODIES
            else PlanTask.Kind.ORDER)
    return {"section": task.section, "order": order, "text": task.text,
            "lead": lead, "due_date": task.due_date, "kind": kind,
            "recurring": task.recurring, "expected_output": task.expected_output}


def _coordinating(task: plan_io.TaskRow, agencies: dict[str, Agency]) -> set[int]:
    # The lead is never also its own coordinating body.
    return {agencies[c].pk for c in task.coordinating if c != task.lead}


@transaction.atomic
def plan_load(*, province_code: str, path: Path | None = None) -> PlanLoadResult:
    """Create or update the province's plan and its tasks from its data file (idempotent).

    A task is matched by (section, position within the section): reports refer to tasks,
    so a reload edits them in place and never deletes one.
    """
    province = _province(province_code)
    if path is None:
        if province_code not in PLAN_FILES:
            raise ValidationError(_("There is no plan data file for province %(code)s.")
                                  % {"code": province_code})
        path = PLAN_FILES[province_code]
    agencies = {a.code: a for a in Agency.objects.filter(province=province)}
    if not agencies:
        raise ValidationError(_(
            "The bodies of province %(code)s are not loaded yet. Run “manage.py load_agencies "
            "--province %(code)s” first.") % {"code": province_code})
    try:
        head, tasks = plan_io.read_toml(path)
    except ImportErrors as exc:
        raise ValidationError([f"{e.column}: {e.message}" for e in exc.errors]) from None
    problems = _unknown_codes(tasks, agencies, "", "")
    if problems:
        raise ValidationError([f"{e.column}: {e.message}" for e in problems] + [_(
            "Load the bodies first: “manage.py load_agencies --province %(code)s”.")
            % {"code": province_code}])
    fields = {"issuer": head.issuer, "title": head.title, "year_from": head.year_from,
              "year_to": head.year_to}
    if head.issued_on is not None:
        fields["issued_on"] = head.issued_on
    plan = Plan.objects.filter(province=province, number=head.number).first()
    if plan is None and not Plan.NUMBER_PATTERN.match(head.number):
        # The file holds a placeholder: the plan whose real number an official has entered
        # since (plan_identity_update) is this one, found by its title, never a second plan.
        plan = Plan.objects.filter(province=province, title=head.title).first()
    plan_created = plan is None
    if plan is None:
        plan = Plan.objects.create(province=province, number=head.number, **fields)
    elif any(getattr(plan, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(plan, name, value)
        plan.save(update_fields=list(fields))
    existing: dict[tuple[str, int], PlanTask] = {}
    seen: dict[str, int] = {}
    for old in plan.tasks.prefetch_related("coordinating").order_by("order", "pk"):
        seen[old.section] = seen.get(old.section, 0) + 1
        existing[(old.section, seen[old.section])] = old
    created = updated = unchanged = 0
    seen = {}
    for order, task in enumerate(tasks, start=1):
        seen[task.section] = seen.get(task.section, 0) + 1
        fields = _task_fields(task, order, agencies)
        coordinating = _coordinating(task, agencies)
        current = existing.get((task.section, seen[task.section]))
        if current is None:
            current = PlanTask.objects.create(plan=plan, **fields)
            current.coordinating.set(coordinating)
            created += 1
            continue
        changed = [k for k, v in fields.items() if getattr(current, k) != v]
        for name in changed:
            setattr(current, name, fields[name])
        if changed:
            current.save(update_fields=changed)
        if {a.pk for a in current.coordinating.all()} != coordinating:
            current.coordinating.set(coordinating)
            changed.append("coordinating")
        if changed:
            updated += 1
        else:
            unchanged += 1
    return PlanLoadResult(plan=plan, plan_created=plan_created, created=created,
                          updated=updated, unchanged=unchanged)


@transaction.atomic
def plan_import(*, actor: User, province: OrgUnit, uploaded_file: Any) -> Plan:
    """A new plan of `province` from an XLSX workbook; ImportErrors lists every problem
    and nothing is stored unless the whole workbook is right."""
    require(actor, Action.PLAN_MANAGE, province)
    head, tasks, errors = plan_io.parse_workbook(uploaded_file)
    task_sheet = plan_io.TASK_SHEET
    if tasks:
        agencies = {a.code: a for a in Agency.objects.filter(province=province, is_active=True)}
        errors += _unknown_codes(
            tasks, agencies, f"{task_sheet}: {plan_io.TASK_COLUMNS['lead'][0]}",
            f"{task_sheet}: {plan_io.TASK_COLUMNS['coordinating'][0]}",
        )
    if head is not None and head.number and Plan.objects.filter(
            province=province, number=head.number).exists():
        errors.append(RowError(2, f"{plan_io.PLAN_SHEET}: {plan_io.PLAN_COLUMNS['number'][0]}",
                               _("A plan numbered “%(number)s” already exists.")
                               % {"number": head.number}))
    if errors or head is None:
        # The plan sheet's problems first, then the tasks' row by row.
        raise ImportErrors(sorted(errors, key=lambda e: (
            not e.column.startswith(plan_io.PLAN_SHEET), e.row or 0)))
    plan = Plan.objects.create(
        province=province, number=head.number, issuer=head.issuer, title=head.title,
        issued_on=head.issued_on, year_from=head.year_from, year_to=head.year_to,
    )
    for order, task in enumerate(tasks, start=1):
        created = PlanTask.objects.create(plan=plan, **_task_fields(task, order, agencies))
        created.coordinating.set(_coordinating(task, agencies))
    return plan


@transaction.atomic
def plan_identity_update(*, actor: User, plan: Plan, number: str,
                         issued_on: date | None, signer: str = "") -> Plan:
    """Set the signed plan's number and date: documents cite the plan by them (a plan
    loaded before its number was known carries a placeholder they never print)."""
    require(actor, Action.PLAN_MANAGE)
    number = number.strip()
    errors: dict[str, str] = {}
    if not number:
        errors["number"] = _("The plan's number is missing.")
    elif len(number) > plan_io.NUMBER_MAX:
        errors["number"] = _("Longer than %(max)d characters.") % {"max": plan_io.NUMBER_MAX}
    elif not Plan.NUMBER_PATTERN.match(number):
        errors["number"] = _("Write the number as it is printed on the plan, for example "
                             "123/KH-UBND.")
    elif Plan.objects.filter(province=plan.province, number=number).exclude(
            pk=plan.pk).exists():
        errors["number"] = _("Another plan of this province has that number.")
    if issued_on is not None and issued_on > timezone.localdate():
        errors["issued_on"] = _("The date cannot be in the future.")
    if len(signer.strip()) > 200:
        errors["signer"] = _("Longer than %(max)d characters.") % {"max": 200}
    if errors:
        raise ValidationError(errors)
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    locked.number, locked.issued_on, locked.signer = number, issued_on, signer.strip()
    locked.save(update_fields=["number", "issued_on", "signer"])
    plan.refresh_from_db()
    return locked
