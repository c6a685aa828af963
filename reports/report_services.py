"""Writes of the report cycle: a body fills in and submits its report, the city returns or
accepts it, and reminders go out before (and after) the deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Role, RoleAssignment, User
from accounts.permissions import Action, require
from attachments.models import Attachment
from attachments.services import attachment_create
from core.spreadsheets import Sheet, workbook_bytes
from core.worklist import items_for, reminder_for
from reports.models import Notification, Report

S = Report.State
ITEM_FIELDS = ("status", "results", "difficulties", "proposals", "figures")
# Overdue reminders stop this long after the deadline: a first run on an old database must
# not mail every body about every period of past years.


@dataclass(frozen=True)
class ItemInput:
    status: str = ""
    results: str = ""
    difficulties: str = ""
    proposals: str = ""
    figures: str = ""


def _dmy(value: Any) -> str:
    return date_format(timezone.localtime(value) if hasattr(value, "tzinfo") else value,
                       "d/m/Y")


def report_lock_reason(report: Report) -> str:
    """Why the form is read-only, and who could change that, in words for the body."""
    if report.state == S.ACCEPTED:
        return _(
            "Accepted on %(date)s by %(user)s. An accepted report is final: nobody can "
            "reopen it. The city police can send a new ad hoc request to ask for more."
        ) % {"date": _dmy(report.reviewed_at) if report.reviewed_at else "",
             "user": report.reviewed_by or "—"}
    if report.state == S.SUBMITTED:
        return _(
            "Submitted on %(date)s by %(user)s and waiting for the city police's review. "
            "Only the city coordinator can return it to you for changes."
        ) % {"date": _dmy(report.submitted_at) if report.submitted_at else "",
             "user": report.submitted_by or "—"}
    return ""


def _check_editable(actor: User, report: Report) -> None:
    require(actor, Action.REPORT_EDIT, report)
    if not report.is_editable:
        raise ValidationError(report_lock_reason(report), code="locked")


def _bump(report: Report, revision: int, **fields: Any) -> None:
    """Optimistic lock: write only if nobody saved since the form was loaded."""
    updated = Report.objects.filter(pk=report.pk, revision=revision).update(
        revision=F("revision") + 1, updated_at=timezone.now(), **fields
    )
    if not updated:
        raise ValidationError(
            _("Someone else saved this report after you opened it. Your text is still in "
              "the form: copy what you need, reload the page, and save again."),
            code="stale",
        )
    report.refresh_from_db()


def _write(report: Report, items: dict[int, ItemInput]) -> None:
    for item in report.items.all():
        data = items.get(item.pk)
        if data is None:
            continue
        changed = [f for f in ITEM_FIELDS if getattr(item, f) != getattr(data, f).strip()]
        for f in changed:
            setattr(item, f, getattr(data, f).strip())
        if changed:
            # save() (not bulk_update) so the audit trail records each item's changes.
            item.save(update_fields=changed)


@transaction.atomic
def report_save(*, actor: User, report: Report, revision: int, summary: str,
                items: dict[int, ItemInput]) -> Report:
    """Save the draft: nothing is checked for completeness, so work is never lost."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _check_editable(actor, report)
    _write(report, items)
    if report.summary != summary.strip():
        report.summary = summary.strip()
        report.save(update_fields=["summary"])
    _bump(report, revision)
    return report


def report_missing(report: Report) -> list[str]:
    """What a report still lacks before it may be submitted."""
    missing = []
    if not report.summary.strip():
        missing.append(_("the general summary"))
    for item in report.items.select_related("task").order_by("task__order", "task__pk"):
        if not item.status:
            missing.append(_("a status for task %(section)s: %(task)s")
                           % {"section": item.task.section, "task": item.task.text[:80]})
    return missing


@transaction.atomic
def report_submit(*, actor: User, report: Report, revision: int, summary: str,
                  items: dict[int, ItemInput]) -> Report:
    """Save what is in the form, then hand the report to the city police."""
    report = report_save(actor=actor, report=report, revision=revision, summary=summary,
                         items=items)
    missing = report_missing(report)
    if missing:
        raise ValidationError(
            _("The report cannot be submitted yet. Every task needs a status. Missing: "
              "%(missing)s.") % {"missing": "; ".join(missing)},
            code="incomplete",
        )
    report.state = S.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    report.save(update_fields=["state", "submitted_at", "submitted_by", "updated_at"])
    return report


@transaction.atomic
def report_write(*, actor: User, report: Report, items: dict[int, dict[str, str]],
                 summary: str | None = None, revision: int | None = None,
                 submit: bool = False) -> Report:
    """The report as another system writes it: its items named by plan task, each with only
    the fields to change (the others keep what is stored), the summary kept when not given,
    then saved, or saved and submitted, by `report_save` / `report_submit` under their rules.
    Without `revision` the stored one is taken under the row lock: the caller overwrites
    whatever is there, as it asked."""
    require(actor, Action.REPORT_EDIT, report)
    current = Report.objects.select_for_update().get(pk=report.pk)
    stored = {item.task_id: item for item in current.items.all()}
    unknown = sorted(set(items) - set(stored))
    if unknown:
        raise ValidationError({"items": _("This report has no item for the tasks %(tasks)s.")
                               % {"tasks": ", ".join(map(str, unknown))}}, code="task")
    inputs = {stored[task].pk: ItemInput(**{f: fields.get(f, getattr(stored[task], f))
                                            for f in ITEM_FIELDS})
              for task, fields in items.items()}
    action = report_submit if submit else report_save
    return action(actor=actor, report=current,
                  revision=current.revision if revision is None else revision,
                  summary=current.summary if summary is None else summary, items=inputs)


def _check_review(actor: User, report: Report) -> None:
    require(actor, Action.REPORT_REVIEW, report)
    if report.state != S.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be reviewed."), code="state")


@transaction.atomic
def report_return(*, actor: User, report: Report, comment: str) -> Report:
    """Send the report back to its body with what to change; the body edits and resubmits."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _check_review(actor, report)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the body should change.")})
    report.state = S.RETURNED
    report.review_comment = comment.strip()
    report.reviewed_at = timezone.now()
    report.reviewed_by = actor
    report.revision += 1
    report.save()
    _notify_reporters(report, key=f"report-{report.pk}-returned-{report.revision}",
                      text=_("Your report “%(report)s” was returned: %(comment)s")
                      % {"report": report.period, "comment": report.review_comment[:300]})
    return report


@transaction.atomic
def report_accept(*, actor: User, report: Report) -> Report:
    """Accept the report; from now on it is final."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _check_review(actor, report)
    report.state = S.ACCEPTED
    report.reviewed_at = timezone.now()
    report.reviewed_by = actor
    report.revision += 1
    report.save()
    return report


@transaction.atomic
def report_attach(*, actor: User, report: Report, uploaded_file: UploadedFile,
                  description: str = "") -> Attachment:
    report = Report.objects.select_for_update().get(pk=report.pk)
    _check_editable(actor, report)
    attachment = attachment_create(actor=actor, uploaded_file=uploaded_file,
                                   agency=report.agency, description=description)
    report.attachments.add(attachment)
    return attachment


# --- Reminders ---------------------------------------------------------------------------

def _reporters(agency_ids: set[int]) -> dict[int, list[Any]]:
    by_agency: dict[int, list[Any]] = {}
    for assignment in RoleAssignment.objects.filter(
        role=Role.AGENCY_REPORTER, agency_id__in=agency_ids, revoked_at__isnull=True,
        user__is_active=True,
    ).select_related("user"):
        by_agency.setdefault(assignment.agency_id, []).append(assignment.user)  # type: ignore[arg-type]
    return by_agency


def _send(users: list[Any], *, key: str, text: str, url: str) -> int:
    """One notification (and e-mail) per user, never twice for the same key."""
    already = set(Notification.objects.filter(user__in=users, key=key)
                  .values_list("user_id", flat=True))
    sent = 0
    for user in users:
        if user.pk in already:
            continue
        Notification.objects.create(user=user, key=key, text=text[:500], url=url)
        if user.email:
            send_mail(text[:150], f"{text}\n\n{url}", None, [user.email], fail_silently=True)
        sent += 1
    return sent


def _notify_reporters(report: Report, *, key: str, text: str) -> int:
    users = _reporters({report.agency_id}).get(report.agency_id, [])
    return _send(users, key=key, text=text, url=reverse("reports:report", args=[report.pk]))


@transaction.atomic
def worklist_reminders_send(*, today: date) -> int:
    """Notify (and e-mail) every user of the worklist items whose deadline is near or has
    passed (core.worklist.reminder_for): the same items the home page lists, once per item
    and kind ("-due", "-overdue"). Returns the notifications created."""
    users = (User.objects.filter(is_active=True, role_assignments__revoked_at__isnull=True)
             .distinct().order_by("pk"))
    sent = 0
    for user in users:
        for item in items_for(user, today):
            kind = reminder_for(item, today)
            if kind is None:
                continue
            words = {"text": item.text, "date": _dmy(item.due)}
            text = (_("Overdue (due on %(date)s): %(text)s") if kind == "overdue"
                    else _("Reminder (due on %(date)s): %(text)s")) % words
            sent += _send([user], key=f"{item.key}-{kind}", text=text, url=item.url)
    return sent


@transaction.atomic
def notifications_mark_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now())


def overdue_xlsx(*, actor: User, period: Any, reports: list[Report], today: date) -> bytes:
    """The bodies that have not submitted, for the coordinator's follow-up."""
    rows = [[n, report.agency.name, str(report.get_state_display()),
             max((today - period.due_date).days, 0)] for n, report in enumerate(reports, 1)]
    return workbook_bytes(Sheet(
        _("Overdue"), [_("No."), _("Body"), _("State"), _("Days overdue")], rows,
        caption=actor.export_caption(_("Bodies that have not sent their report"),
                                     scope=str(period)),
        preamble=[[_("Due date"), period.due_date], []],
        widths=(6, 60, 20, 14)))
