"""Writes of the "An toàn về ANTT" standard and of the movement's models.

Each starts with `require` and runs in one transaction; every model here is audited
(MovementConfig.ready). Rules about dates and judgements are in movement/standard_rules.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import Action, require
from assessments import sources
from assessments.models import CriteriaSet, Criterion
from assessments.services import parse_value
from attachments.services import attachment_create
from core.forms import signed_document_errors
from core.imports import ImportErrors, RowError
from indicators.services import indicator_year_figure_record
from movement.models import (
    ModelReview,
    ModelType,
    MovementModel,
    SafetyAssessment,
    SafetyDecision,
    SafetyValue,
)
from movement.selectors import criteria_of, criteria_set_for, ward_year
from movement.standard_rules import meets, standard
from units.models import OrgUnit
from units.selectors import groups_on

NUMBER_MAX = SafetyDecision._meta.get_field("number").max_length or 100
SIGNER_MAX = SafetyDecision._meta.get_field("signer").max_length or 200
EVIDENCE_MAX = 2000


def _registration_refusal(year: int, today: date) -> str | None:
    deadline = standard().registration_deadline(year)
    if year != today.year:
        return _("Registration is for the current year (%(year)s) only.") % {"year": today.year}
    if today > deadline:
        return _("Registration for %(year)s closed on %(day)s: a unit registers at the start "
                 "of the year and is recognised only for a year it registered for.") % {
            "year": year, "day": f"{deadline:%d/%m/%Y}"}
    return None


def registration_refusal(year: int) -> str | None:
    """Why nobody can register for `year` today (Hanoi's calendar), or None."""
    return _registration_refusal(year, timezone.localdate())


def _set_or_refuse(purpose: str, year: int) -> CriteriaSet:
    criteria_set = criteria_set_for(purpose, year)
    if criteria_set is None:
        raise ValidationError(_(
            "No criteria set “%(purpose)s” applies to %(year)s; the city police loads one on "
            "the Criteria sets page.") % {
            "purpose": CriteriaSet.Purpose(purpose).label, "year": year}, code="no_set")
    return criteria_set


@transaction.atomic
def safety_register(*, actor: User, ward: OrgUnit, year: int, groups: list[OrgUnit],
                    include_ward: bool = False) -> int:
    """Register residential groups (and, with `include_ward`, the commune or ward itself)
    for the year's standard; registering twice changes nothing. Returns how many were new."""
    require(actor, Action.MOVEMENT_EDIT, ward)
    today = timezone.localdate()
    refusal = _registration_refusal(year, today)
    if refusal:
        raise ValidationError(refusal, code="closed")
    if not groups and not include_ward:
        raise ValidationError(_("Choose at least one %(noun)s to register.")
                              % {"noun": ward.group_noun}, code="empty")
    current = {g.pk for g in groups_on(ward, today)}
    strangers = [g.name for g in groups if g.pk not in current]
    if strangers:
        raise ValidationError(_("These are not current groups of %(ward)s: %(names)s.")
                              % {"ward": ward.name, "names": ", ".join(strangers)})
    created = 0
    targets: list[tuple[OrgUnit, str]] = [(g, CriteriaSet.Purpose.SAFE_GROUP) for g in groups]
    if include_ward:
        targets.append((ward, CriteriaSet.Purpose.SAFE_COMMUNE))
    for unit, purpose in targets:
        criteria_set = _set_or_refuse(purpose, year)
        _row, new = SafetyAssessment.objects.get_or_create(
            unit=unit, year=year, defaults={
                "ward": ward, "criteria_set": criteria_set, "registered_on": today,
                "registered_by": actor})
        created += int(new)
    return created


@transaction.atomic
def safety_assessment_for_group(*, actor: User, ward: OrgUnit, group: OrgUnit, year: int
                                ) -> SafetyAssessment:
    """The group's assessment for the year; a group that replaced registered groups during
    the year gets its own, carrying their registration. Refuses a group never registered."""
    require(actor, Action.MOVEMENT_EDIT, ward)
    situation = ward_year(ward, year, timezone.localdate())
    row = next((r for r in situation.rows if r.group.pk == group.pk), None)
    if row is None:
        raise ValidationError(_("%(group)s is not a group of %(ward)s in %(year)s.") % {
            "group": group.name, "ward": ward.name, "year": year}, code="stranger")
    if row.assessment is not None:
        return row.assessment
    if row.inherited is None:
        raise ValidationError(_("%(group)s did not register for %(year)s, so it cannot be "
                                "assessed or recognised this year.") % {
            "group": group.name, "year": year}, code="unregistered")
    return SafetyAssessment.objects.create(
        unit=group, ward=ward, year=year, criteria_set=row.inherited.criteria_set,
        registered_on=row.inherited.registered_on, registered_by=row.inherited.registered_by,
        inherited_from=row.inherited)


@dataclass(frozen=True)
class ComputedValue:
    value: str
    note: str


def computed_values(assessment: SafetyAssessment, criteria: list[Criterion]
                    ) -> dict[int, ComputedValue]:
    """The values the system sets (criteria with a registered source), read now."""
    found: dict[int, ComputedValue] = {}
    for criterion in criteria:
        if criterion.value_source == Criterion.ValueSource.ENTERED or not sources.reads(
                criterion.value_source):
            continue
        reading = sources.read(criterion.value_source, assessment.ward, assessment.year,
                               criterion.source_key)
        if isinstance(reading, sources.Reading):
            found[criterion.pk] = ComputedValue(reading.value, reading.note)
        else:
            found[criterion.pk] = ComputedValue("", reading.reason)
    return found


def _recognised_refusal(assessment: SafetyAssessment) -> None:
    if assessment.is_recognised:
        raise ValidationError(_("%(unit)s was recognised for %(year)s; its assessment no longer "
                                "changes.") % {"unit": assessment.unit.name,
                                               "year": assessment.year}, code="recognised")


@transaction.atomic
def safety_assessment_save(*, actor: User, assessment: SafetyAssessment,
                           raw: dict[int, str], evidence: dict[int, str]) -> SafetyAssessment:
    """Record the values of the criteria (by criterion id) and their evidence, all or
    nothing; computed criteria are read from their source, never typed. Raises a
    ValidationError keyed "c<criterion id>" for every wrong cell."""
    require(actor, Action.MOVEMENT_EDIT, assessment)
    assessment = SafetyAssessment.objects.select_for_update(of=("self",)).select_related(
        "unit", "ward", "criteria_set", "decision").get(pk=assessment.pk)
    _recognised_refusal(assessment)
    if assessment.year > timezone.localdate().year:
        raise ValidationError(_("%(year)s has not begun.") % {"year": assessment.year})
    criteria = criteria_of(assessment.criteria_set)
    computed = computed_values(assessment, criteria)
    parents = {c.parent_id for c in criteria if c.parent_id}
    values: dict[int, str] = {}
    errors: dict[str, str] = {}
    for criterion in criteria:
        if criterion.pk in computed:
            values[criterion.pk] = computed[criterion.pk].value
            continue
        if criterion.pk in parents:
            continue
        try:
            values[criterion.pk] = parse_value(criterion, raw.get(criterion.pk, ""))
        except ValidationError as error:
            errors[f"c{criterion.pk}"] = error.messages[0]
        if len(evidence.get(criterion.pk, "")) > EVIDENCE_MAX:
            errors[f"e{criterion.pk}"] = _("The evidence is longer than %(max)s characters.") % {
                "max": EVIDENCE_MAX}
    if errors:
        raise ValidationError(errors)
    for criterion_id, value in values.items():
        SafetyValue.objects.update_or_create(
            assessment=assessment, criterion_id=criterion_id, defaults={
                "value": value, "evidence": evidence.get(criterion_id, "").strip(),
                "source_note": computed[criterion_id].note if criterion_id in computed else ""})
    assessment.meets = meets(criteria, values, assessment.criteria_set.pass_score)
    assessment.assessed_at, assessment.assessed_by = timezone.now(), actor
    assessment.save(update_fields=["meets", "assessed_at", "assessed_by"])
    return assessment


@dataclass
class DecisionInput:
    number: str = ""
    signed_on: date | None = None
    signer: str = ""
    document: UploadedFile | None = None


def decision_errors(data: DecisionInput, year: int) -> dict[str, str]:
    """What the decision lacks, by field; the form shows them all at once."""
    errors = signed_document_errors(
        number=("number", data.number, NUMBER_MAX, _("Enter the number of the decision.")),
        day=("signed_on", data.signed_on, _("Enter the date it was signed (dd/mm/yyyy).")),
        document=("document", data.document, _("Attach the signed decision.")))
    if data.signed_on is not None and "signed_on" not in errors and (
            data.signed_on.year not in (year, year + 1)):
        errors["signed_on"] = _("A recognition for %(year)s is signed in %(year)s or early in "
                                "the next year.") % {"year": year}
    if not data.signer.strip():
        errors["signer"] = _("Enter who signed it.")
    elif len(data.signer.strip()) > SIGNER_MAX:
        errors["signer"] = _("The name is longer than %(max)s characters.") % {"max": SIGNER_MAX}
    return errors


def _decision_create(*, actor: User, ward: OrgUnit, year: int, level: str,
                     data: DecisionInput, description: str) -> SafetyDecision:
    assert data.document is not None and data.signed_on is not None
    document = attachment_create(actor=actor, uploaded_file=data.document, org_unit=ward,
                                 description=description)
    return SafetyDecision.objects.create(
        ward=ward, level=level, year=year, number=data.number.strip(),
        signed_on=data.signed_on, signer=data.signer.strip(), document=document,
        recorded_by=actor)


def _publish(*, actor: User, ward: OrgUnit, year: int) -> None:
    """The ward's year figures for the dashboards and the map (indicators)."""
    situation = ward_year(ward, year, timezone.localdate())
    for code, value in (("residential-groups", situation.total),
                        ("safe-residential-groups", situation.recognised),
                        ("effective-movement-models", situation.effective_models)):
        indicator_year_figure_record(actor=actor, ward=ward, code=code, year=year,
                                     value=Decimal(value))


@transaction.atomic
def safety_groups_recognise(*, actor: User, ward: OrgUnit, year: int,
                            assessments: list[SafetyAssessment], data: DecisionInput
                            ) -> SafetyDecision:
    """Record the chairman's decision recognising the groups it names; only groups assessed
    as meeting the standard may be named. Updates the ward's figures on the dashboards."""
    require(actor, Action.SAFETY_RECOGNISE, ward)
    errors = decision_errors(data, year)
    if not assessments:
        errors["groups"] = _("Choose the groups the decision recognises.")
    fresh = list(SafetyAssessment.objects.select_for_update().select_related("unit").filter(
        pk__in=[a.pk for a in assessments]))
    wrong = [a.unit.name for a in fresh if a.ward_id != ward.pk or a.year != year
             or a.unit.kind != OrgUnit.Kind.RESIDENTIAL_GROUP]
    if wrong:
        errors["groups"] = _("Not groups of %(ward)s for %(year)s: %(names)s.") % {
            "ward": ward.name, "year": year, "names": ", ".join(wrong)}
    failing = [a.unit.name for a in fresh if a.meets is not True]
    if failing:
        errors["groups"] = _("Only groups assessed as meeting the standard can be recognised; "
                             "not: %(names)s.") % {"names": ", ".join(failing)}
    done = [a.unit.name for a in fresh if a.is_recognised]
    if done:
        errors["groups"] = _("Already recognised: %(names)s.") % {"names": ", ".join(done)}
    if errors:
        raise ValidationError(errors)
    decision = _decision_create(
        actor=actor, ward=ward, year=year, level=SafetyDecision.Level.GROUP, data=data,
        description=_("Decision recognising residential groups “An toàn về ANTT” %(year)s")
        % {"year": year})
    for assessment in fresh:
        assessment.decision = decision
        assessment.save(update_fields=["decision"])
    _publish(actor=actor, ward=ward, year=year)
    return decision


@transaction.atomic
def safety_commune_decide(*, actor: User, assessment: SafetyAssessment, data: DecisionInput
                          ) -> SafetyDecision:
    """Record the recognition of a commune or ward. Its computed criteria are read again
    first: a share that fell since the assessment refuses the decision."""
    require(actor, Action.SAFETY_DECIDE, assessment.ward)
    if assessment.unit_id != assessment.ward_id:
        raise ValidationError(_("This is a group's assessment; its ward People's Committee "
                                "recognises it."), code="level")
    _recognised_refusal(assessment)
    errors = decision_errors(data, assessment.year)
    if errors:
        raise ValidationError(errors)
    stored = {v.criterion_id: v for v in assessment.values.all()}
    criteria = criteria_of(assessment.criteria_set)
    values = {pk: v.value for pk, v in stored.items()}
    for criterion_id, computed in computed_values(assessment, criteria).items():
        values[criterion_id] = computed.value
        SafetyValue.objects.update_or_create(
            assessment=assessment, criterion_id=criterion_id,
            defaults={"value": computed.value, "source_note": computed.note})
    assessment.meets = meets(criteria, values, assessment.criteria_set.pass_score)
    assessment.save(update_fields=["meets"])
    if assessment.meets is not True:
        raise ValidationError(_("%(unit)s does not meet the standard for %(year)s as its "
                                "figures stand today; it cannot be recognised.") % {
            "unit": assessment.unit.name, "year": assessment.year}, code="fails")
    decision = _decision_create(
        actor=actor, ward=assessment.ward, year=assessment.year,
        level=SafetyDecision.Level.COMMUNE, data=data,
        description=_("Decision recognising %(unit)s “An toàn về ANTT” %(year)s") % {
            "unit": assessment.unit.name, "year": assessment.year})
    assessment.decision = decision
    assessment.save(update_fields=["decision"])
    return decision


# --- The movement's models ----------------------------------------------------------------

@dataclass
class ModelInput:
    type: ModelType | None = None
    name: str = ""
    started_on: date | None = None
    groups: list[OrgUnit] | None = None
    participants: int = 0
    results: str = ""


def _model_errors(ward: OrgUnit, data: ModelInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.type is None:
        errors["type"] = _("Choose the kind of model.")
    if not data.name.strip():
        errors["name"] = _("Enter the name of the model.")
    if data.started_on is None:
        errors["started_on"] = _("Enter the date it started (dd/mm/yyyy).")
    elif data.started_on > timezone.localdate():
        errors["started_on"] = _("The date cannot be in the future.")
    current = {g.pk for g in groups_on(ward, timezone.localdate())}
    strangers = [g.name for g in data.groups or [] if g.pk not in current]
    if strangers:
        errors["groups"] = _("Not groups of %(ward)s: %(names)s.") % {
            "ward": ward.name, "names": ", ".join(strangers)}
    return errors


@transaction.atomic
def movement_model_save(*, actor: User, ward: OrgUnit, data: ModelInput,
                        model: MovementModel | None = None,
                        photos: list[UploadedFile] | None = None) -> MovementModel:
    """Create or update a model of the ward's register."""
    require(actor, Action.MOVEMENT_EDIT, model or ward)
    errors = _model_errors(ward, data)
    if errors:
        raise ValidationError(errors)
    target = model or MovementModel(ward=ward, created_by=actor)
    target.type = data.type  # type: ignore[assignment]
    target.name = data.name.strip()
    target.started_on = data.started_on  # type: ignore[assignment]
    target.participants = data.participants
    target.results = data.results.strip()
    target.save()
    target.groups.set(data.groups or [])
    for photo in photos or []:
        target.photos.add(attachment_create(
            actor=actor, uploaded_file=photo, org_unit=ward,
            description=_("Photo of the model “%(name)s”") % {"name": target.name}))
    return target


@transaction.atomic
def model_review_save(*, actor: User, model: MovementModel, year: int, verdict: str,
                      note: str = "") -> ModelReview:
    """The year's review of a model; a second review of the same year replaces the first.
    "Stopped" ends the model on the last day of the year reviewed."""
    require(actor, Action.MOVEMENT_EDIT, model)
    errors: dict[str, str] = {}
    if verdict not in ModelReview.Verdict.values:
        errors["verdict"] = _("Choose the verdict.")
    if year > timezone.localdate().year:
        errors["year"] = _("%(year)s has not begun.") % {"year": year}
    elif year < model.started_on.year:
        errors["year"] = _("The model started in %(start)s.") % {"start": model.started_on.year}
    if errors:
        raise ValidationError(errors)
    review, _created = ModelReview.objects.update_or_create(
        model=model, year=year, defaults={"verdict": verdict, "note": note.strip(),
                                          "reviewed_by": actor})
    stopped = ModelReview.objects.filter(model=model, verdict=ModelReview.Verdict.STOPPED
                                         ).order_by("year").first()
    model.stopped_on = date(stopped.year, 12, 31) if stopped else None
    model.save(update_fields=["stopped_on"])
    _publish(actor=actor, ward=model.ward, year=year)
    return review


@transaction.atomic
def model_type_save(*, actor: User, name: str, description: str = "", is_active: bool = True,
                    model_type: ModelType | None = None) -> ModelType:
    require(actor, Action.MOVEMENT_MANAGE)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter the name of the kind.")})
    clash = ModelType.objects.filter(name__iexact=name)
    if model_type is not None:
        clash = clash.exclude(pk=model_type.pk)
    if clash.exists():
        raise ValidationError({"name": _("This kind is already in the list.")})
    target = model_type or ModelType(order=(ModelType.objects.count() + 1) * 10)
    target.name, target.description, target.is_active = name, description.strip(), is_active
    target.save()
    return target


def model_types_load() -> int:
    """The kinds of models of movement/data/standard.toml that are not in the list yet."""
    created = 0
    for order, (name, description) in enumerate(standard().model_types, start=1):
        _row, new = ModelType.objects.get_or_create(
            name=name, defaults={"description": description, "order": order * 10})
        created += int(new)
    return created


def standard_sets_load(created_by: Any = None) -> list[CriteriaSet]:
    """The sample criteria sets of the standard (groups, communes), unless loaded."""
    from assessments.criteria_services import criteria_set_load_sample

    settings = standard()
    return [criteria_set_load_sample(created_by=created_by, path=path)[0]
            for path in (settings.group_criteria_file, settings.commune_criteria_file)]


# --- The groups' results from a spreadsheet -----------------------------------------------

def entered_criteria(criteria: list[Criterion]) -> list[Criterion]:
    """The criteria a person fills in: neither computed nor made of sub-criteria."""
    parents = {c.parent_id for c in criteria if c.parent_id}
    return [c for c in criteria if not c.is_computed and c.pk not in parents]


@transaction.atomic
def safety_results_import(*, actor: User, ward: OrgUnit, year: int, uploaded_file: Any
                          ) -> int:
    """Assess the ward's registered groups from a file, all or nothing; returns how many
    groups were assessed. Raises ImportErrors listing every problem (a bad value, a group
    that is not the ward's, did not register or was already recognised)."""
    from movement.results_io import parse_results

    require(actor, Action.MOVEMENT_EDIT, ward)
    criteria_set = _set_or_refuse(CriteriaSet.Purpose.SAFE_GROUP, year)
    criteria = entered_criteria(criteria_of(criteria_set))
    parsed, errors = parse_results(uploaded_file, criteria)
    situation = ward_year(ward, year, timezone.localdate())
    by_code = {row.group.code: row for row in situation.rows}
    to_assess = []
    for result in parsed:
        row = by_code.get(result.code)
        if row is None:
            errors.append(RowError(result.row, "Mã tổ", _(
                "%(ward)s has no group with the code %(code)s in %(year)s.") % {
                "ward": ward.name, "code": result.code, "year": year}))
        elif result.blank:
            continue  # listed but not assessed (an export of the whole ward, say)
        elif not row.registered:
            errors.append(RowError(result.row, "Mã tổ", _(
                "%(group)s did not register for %(year)s.") % {
                "group": row.group.name, "year": year}))
        elif row.recognised:
            assert row.assessment is not None
            stored = {v.criterion_id: v.value for v in row.assessment.values.all()}
            if any(stored.get(pk, "") != value for pk, value in result.values.items()):
                errors.append(RowError(result.row, "Mã tổ", _(
                    "%(group)s was already recognised; its results no longer change.") % {
                    "group": row.group.name}))
        elif row.assessment is not None and row.assessment.criteria_set_id != criteria_set.pk:
            errors.append(RowError(result.row, "Mã tổ", _(
                "%(group)s is assessed against another criteria set; use its page.") % {
                "group": row.group.name}))
        elif result.valid:
            to_assess.append((result, row))
    if errors:
        raise ImportErrors(sorted(errors, key=lambda e: e.row or 0))
    for result, row in to_assess:
        assessment = row.assessment or safety_assessment_for_group(
            actor=actor, ward=ward, group=row.group, year=year)
        safety_assessment_save(actor=actor, assessment=assessment, raw=dict(result.values),
                               evidence=dict.fromkeys(result.values, result.evidence))
    return len(to_assess)
