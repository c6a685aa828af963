"""The one permission layer. Every view asks here; none invents its own check.

A user holds role assignments (role + scope). A role grants a set of actions
(ROLE_ACTIONS). An action on an object is allowed when some assignment grants the
action and the object lies inside that assignment's scope:

- global (system administrator): everything;
- province (city roles): units of the province and the province's agencies;
- ward (ward roles): the ward, its residential groups, and the units merged into it
  (their history is the ward's history);
- agency (agency reporter): that agency's objects.

Each scoped model is listed in SCOPE_PATHS with the lookups that lead from it to the
OrgUnit and the Agency it belongs to. `scope()` turns that into one SQL condition,
`can()` evaluates the same rule on one object, and `get_for_user()` fetches an object
for a view: 404 when the object is outside every scope that may see it, 403 when the
user may see it but not do the action.
"""

from __future__ import annotations

import operator
from enum import StrEnum
from functools import reduce
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, RoleAssignment, ScopeKind, User

M = TypeVar("M", bound=models.Model)
# Whoever makes a request: an account, or nobody yet (the permission layer says no).
Person = User | AnonymousUser


class Action(StrEnum):
    UNIT_VIEW = "unit.view"
    UNIT_MANAGE_GROUPS = "unit.manage_groups"
    UNIT_MERGE = "unit.merge"
    AGENCY_VIEW = "agency.view"
    USER_VIEW = "user.view"
    USER_MANAGE = "user.manage"
    AUDIT_VIEW = "audit.view"
    ATTACHMENT_VIEW = "attachment.view"
    ATTACHMENT_UPLOAD = "attachment.upload"
    ATTACHMENT_DELETE = "attachment.delete"
    CRITERIA_VIEW = "criteria.view"
    CRITERIA_MANAGE = "criteria.manage"
    ROUND_MANAGE = "round.manage"
    ASSESSMENT_VIEW = "assessment.view"
    ASSESSMENT_REGISTER = "assessment.register"
    ASSESSMENT_EDIT = "assessment.edit"
    ASSESSMENT_SUBMIT = "assessment.submit"
    # Late submission of a self-assessment, by a recorded extension (the city's call).
    ASSESSMENT_EXTEND = "assessment.extend"
    ASSESSMENT_REVIEW = "assessment.review"
    ASSESSMENT_ATTACH_OPINIONS = "assessment.attach_opinions"
    # The ward People's Committee's opinion on the dossier (and the Party committee's,
    # whose document its office relays), before the ward police submits.
    ASSESSMENT_ENDORSE = "assessment.endorse"
    ASSESSMENT_DECIDE = "assessment.decide"
    COUNCIL_VOTE = "council.vote"
    CONSULTATION_VIEW = "consultation.view"
    CONSULTATION_MANAGE = "consultation.manage"
    # Answers after 30 November, by a recorded extension (the city's call).
    CONSULTATION_EXTEND = "consultation.extend"
    FACILITY_VIEW = "facility.view"
    FACILITY_EDIT = "facility.edit"
    CATALOGUE_MANAGE = "catalogue.manage"
    PLAN_VIEW = "plan.view"
    PLAN_MANAGE = "plan.manage"
    REPORT_VIEW = "report.view"
    REPORT_EDIT = "report.edit"
    REPORT_REVIEW = "report.review"
    INDICATOR_VIEW = "indicator.view"
    INDICATOR_EDIT = "indicator.edit"
    INDICATOR_MANAGE = "indicator.manage"
    # The "An toàn về ANTT" standard (Circular 124/2021) and the mass movement's models.
    MOVEMENT_VIEW = "movement.view"
    MOVEMENT_EDIT = "movement.edit"
    MOVEMENT_MANAGE = "movement.manage"
    # A residential group is recognised by the commune-level People's Committee chairman.
    SAFETY_RECOGNISE = "safety.recognise"
    # A commune or ward, by the level the province's rules name; the city records it.
    SAFETY_DECIDE = "safety.decide"
    # Building the force: staffing, training, discipline; emulation and commendation.
    FORCE_VIEW = "force.view"
    FORCE_EDIT = "force.edit"
    TRAINING_MANAGE = "training.manage"
    COMMENDATION_PROPOSE = "commendation.propose"
    COMMENDATION_REVIEW = "commendation.review"


# What each action is, as the refusal names it ("Only … may <label>.").
ACTION_LABELS: dict[Action, Any] = {
    Action.UNIT_VIEW: gettext_lazy("see administrative units"),
    Action.UNIT_MANAGE_GROUPS: gettext_lazy("manage residential groups"),
    Action.UNIT_MERGE: gettext_lazy("record mergers of units"),
    Action.AGENCY_VIEW: gettext_lazy("see the registry of agencies"),
    Action.USER_VIEW: gettext_lazy("see user accounts"),
    Action.USER_MANAGE: gettext_lazy("manage user accounts and roles"),
    Action.AUDIT_VIEW: gettext_lazy("read the audit log"),
    Action.ATTACHMENT_VIEW: gettext_lazy("open evidence files"),
    Action.ATTACHMENT_UPLOAD: gettext_lazy("upload evidence files"),
    Action.ATTACHMENT_DELETE: gettext_lazy("delete evidence files"),
    Action.CRITERIA_VIEW: gettext_lazy("see criteria sets"),
    Action.CRITERIA_MANAGE: gettext_lazy("manage criteria sets"),
    Action.ROUND_MANAGE: gettext_lazy("open and manage recognition rounds"),
    Action.ASSESSMENT_VIEW: gettext_lazy("see self-assessments"),
    Action.ASSESSMENT_REGISTER: gettext_lazy("register a ward for recognition"),
    Action.ASSESSMENT_EDIT: gettext_lazy("fill in the self-assessment"),
    Action.ASSESSMENT_SUBMIT: gettext_lazy("submit the self-assessment"),
    Action.ASSESSMENT_EXTEND: gettext_lazy("extend a submission deadline"),
    Action.ASSESSMENT_REVIEW: gettext_lazy("review dossiers"),
    Action.ASSESSMENT_ATTACH_OPINIONS: gettext_lazy("attach residents' opinions to a dossier"),
    Action.ASSESSMENT_ENDORSE: gettext_lazy("record the ward's opinion on a dossier"),
    Action.ASSESSMENT_DECIDE: gettext_lazy("record recognition decisions"),
    Action.COUNCIL_VOTE: gettext_lazy("vote in the appraisal council"),
    Action.CONSULTATION_VIEW: gettext_lazy("see residents' consultations"),
    Action.CONSULTATION_MANAGE: gettext_lazy("run the residents' consultation"),
    Action.CONSULTATION_EXTEND: gettext_lazy("extend a consultation"),
    Action.FACILITY_VIEW: gettext_lazy("see headquarters and equipment"),
    Action.FACILITY_EDIT: gettext_lazy("record headquarters and equipment"),
    Action.CATALOGUE_MANAGE: gettext_lazy("manage the equipment catalogue"),
    Action.PLAN_VIEW: gettext_lazy("read the plan"),
    Action.PLAN_MANAGE: gettext_lazy("manage the plan"),
    Action.REPORT_VIEW: gettext_lazy("read periodic reports"),
    Action.REPORT_EDIT: gettext_lazy("write a body's periodic report"),
    Action.REPORT_REVIEW: gettext_lazy("review periodic reports"),
    Action.INDICATOR_VIEW: gettext_lazy("see indicators"),
    Action.INDICATOR_EDIT: gettext_lazy("enter indicator figures"),
    Action.INDICATOR_MANAGE: gettext_lazy("manage indicator definitions"),
    Action.MOVEMENT_VIEW: gettext_lazy("see the “An toàn về ANTT” standard and the "
                                       "movement's models"),
    Action.MOVEMENT_EDIT: gettext_lazy("register and assess residential groups and record "
                                       "the movement's models"),
    Action.MOVEMENT_MANAGE: gettext_lazy("manage the kinds of the movement's models"),
    Action.SAFETY_RECOGNISE: gettext_lazy("recognise residential groups “An toàn về ANTT”"),
    Action.SAFETY_DECIDE: gettext_lazy("record the recognition of communes and wards "
                                       "“An toàn về ANTT”"),
    Action.FORCE_VIEW: gettext_lazy("see the staffing, training and discipline of the force"),
    Action.FORCE_EDIT: gettext_lazy("record the staffing, training and discipline of a ward "
                                    "police unit"),
    Action.TRAINING_MANAGE: gettext_lazy("make and publish the training plan"),
    Action.COMMENDATION_PROPOSE: gettext_lazy("propose a commendation"),
    Action.COMMENDATION_REVIEW: gettext_lazy("review commendation proposals and record the "
                                             "decisions"),
}

# What each action needs in order to *see* the object at all; used to tell 404 from 403.
VIEW_ACTION: dict[Action, Action] = {
    Action.UNIT_MANAGE_GROUPS: Action.UNIT_VIEW,
    Action.UNIT_MERGE: Action.UNIT_VIEW,
    Action.USER_MANAGE: Action.USER_VIEW,
    Action.ATTACHMENT_UPLOAD: Action.UNIT_VIEW,
    Action.ATTACHMENT_DELETE: Action.ATTACHMENT_VIEW,
    Action.CRITERIA_MANAGE: Action.CRITERIA_VIEW,
    Action.ASSESSMENT_REGISTER: Action.ASSESSMENT_VIEW,
    Action.ASSESSMENT_EDIT: Action.ASSESSMENT_VIEW,
    Action.ASSESSMENT_SUBMIT: Action.ASSESSMENT_VIEW,
    Action.ASSESSMENT_EXTEND: Action.ASSESSMENT_VIEW,
    Action.ASSESSMENT_REVIEW: Action.ASSESSMENT_VIEW,
    Action.ASSESSMENT_ATTACH_OPINIONS: Action.ASSESSMENT_VIEW,
    Action.ASSESSMENT_ENDORSE: Action.ASSESSMENT_VIEW,
    Action.ASSESSMENT_DECIDE: Action.ASSESSMENT_VIEW,
    Action.COUNCIL_VOTE: Action.ASSESSMENT_VIEW,
    Action.CONSULTATION_MANAGE: Action.CONSULTATION_VIEW,
    Action.CONSULTATION_EXTEND: Action.CONSULTATION_VIEW,
    Action.FACILITY_EDIT: Action.FACILITY_VIEW,
    Action.CATALOGUE_MANAGE: Action.FACILITY_VIEW,
    Action.PLAN_MANAGE: Action.PLAN_VIEW,
    Action.REPORT_EDIT: Action.REPORT_VIEW,
    Action.REPORT_REVIEW: Action.REPORT_VIEW,
    Action.INDICATOR_EDIT: Action.INDICATOR_VIEW,
    Action.INDICATOR_MANAGE: Action.INDICATOR_VIEW,
    Action.MOVEMENT_EDIT: Action.MOVEMENT_VIEW,
    Action.MOVEMENT_MANAGE: Action.MOVEMENT_VIEW,
    Action.SAFETY_RECOGNISE: Action.MOVEMENT_VIEW,
    Action.SAFETY_DECIDE: Action.MOVEMENT_VIEW,
    Action.FORCE_EDIT: Action.FORCE_VIEW,
    Action.TRAINING_MANAGE: Action.FORCE_VIEW,
    Action.COMMENDATION_PROPOSE: Action.FORCE_VIEW,
    Action.COMMENDATION_REVIEW: Action.FORCE_VIEW,
}

_WARD_READ = {Action.UNIT_VIEW, Action.AGENCY_VIEW, Action.ATTACHMENT_VIEW,
              Action.CRITERIA_VIEW, Action.ASSESSMENT_VIEW, Action.CONSULTATION_VIEW,
              Action.FACILITY_VIEW, Action.INDICATOR_VIEW, Action.MOVEMENT_VIEW,
              Action.FORCE_VIEW}
_WARD_WRITE = _WARD_READ | {Action.ATTACHMENT_UPLOAD, Action.ATTACHMENT_DELETE}

ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.SYSADMIN: frozenset(Action),
    Role.CITY_COORDINATOR: frozenset(set(Action) - {Action.COUNCIL_VOTE}),
    Role.CITY_LEADER: frozenset(
        _WARD_READ | {Action.USER_VIEW, Action.PLAN_VIEW, Action.REPORT_VIEW}
    ),
    Role.COUNCIL_MEMBER: frozenset(_WARD_READ | {Action.COUNCIL_VOTE}),
    # The officer prepares the dossier; the chief answers for it: registers and submits.
    # Neither attaches the residents' opinions: the unit being judged never sets the figure
    # that judges it (the Front does, or the city coordinator for a paper summary).
    Role.WARD_CHIEF: frozenset(
        _WARD_WRITE | {Action.UNIT_MANAGE_GROUPS, Action.ASSESSMENT_EDIT,
                       Action.ASSESSMENT_REGISTER, Action.ASSESSMENT_SUBMIT,
                       Action.FACILITY_EDIT, Action.INDICATOR_EDIT, Action.MOVEMENT_EDIT,
                       Action.FORCE_EDIT, Action.COMMENDATION_PROPOSE}
    ),
    Role.WARD_OFFICER: frozenset(
        _WARD_WRITE | {Action.UNIT_MANAGE_GROUPS, Action.ASSESSMENT_EDIT, Action.FACILITY_EDIT,
                       Action.INDICATOR_EDIT, Action.MOVEMENT_EDIT, Action.FORCE_EDIT}
    ),
    # The ward's People's Committee also writes its own periodic report (plan item 25).
    Role.WARD_COMMITTEE: frozenset(
        _WARD_WRITE | {Action.UNIT_MANAGE_GROUPS, Action.ASSESSMENT_ENDORSE,
                       Action.SAFETY_RECOGNISE, Action.PLAN_VIEW, Action.REPORT_VIEW,
                       Action.REPORT_EDIT}),
    # The Fatherland Front runs the residents' consultation and sends its summary.
    Role.WARD_FRONT: frozenset(
        _WARD_WRITE | {Action.ASSESSMENT_ATTACH_OPINIONS, Action.CONSULTATION_MANAGE}
    ),
    Role.AGENCY_REPORTER: frozenset(
        {Action.AGENCY_VIEW, Action.ATTACHMENT_VIEW, Action.ATTACHMENT_UPLOAD,
         Action.ATTACHMENT_DELETE, Action.PLAN_VIEW, Action.REPORT_VIEW, Action.REPORT_EDIT}
    ),
}

# model label → (lookup to its OrgUnit, lookup to its Agency); "" means the object
# itself, None means the model has no such link.
SCOPE_PATHS: dict[str, tuple[str | None, str | None]] = {
    "units.orgunit": ("", None),
    "units.agency": (None, ""),
    "units.unitmerger": ("successor", None),
    "accounts.roleassignment": ("org_unit", "agency"),
    "accounts.user": ("role_assignments__org_unit", "role_assignments__agency"),
    "attachments.attachment": ("org_unit", "agency"),
    # Criteria sets are shared reference data: anyone granted the action sees them all.
    "assessments.criteriaset": (None, None),
    "assessments.recognitionround": ("province", None),
    "assessments.registration": ("ward", None),
    "assessments.assessment": ("ward", None),
    "assessments.assessmentvalue": ("assessment__ward", None),
    "assessments.councilvote": ("assessment__ward", None),
    "assessments.submissionextension": ("assessment__ward", None),
    "assessments.opinionsrecord": ("assessment__ward", None),
    "assessments.endorsement": ("assessment__ward", None),
    "assessments.recognitionproposal": ("round__province", None),
    "consultations.campaign": ("ward", None),
    "consultations.papertally": ("campaign__ward", None),
    "consultations.campaignextension": ("campaign__ward", None),
    "consultations.answer": ("response__campaign__ward", None),
    "consultations.householdcode": ("campaign__ward", None),
    "consultations.response": ("campaign__ward", None),
    "consultations.contactrequest": ("campaign__ward", None),
    "facilities.headquartersrecord": ("ward", None),
    "facilities.investmentproject": ("ward", None),
    "facilities.inventoryline": ("ward", None),
    "facilities.procurementplan": ("ward", None),
    # The equipment catalogue and its norms are the same for every unit.
    "facilities.equipmentitem": (None, None),
    # A plan is the province's reference text: every body reads all of it.
    "reports.plan": (None, None),
    "reports.plantask": (None, None),
    "reports.reportingperiod": (None, None),
    # A ward People's Committee's report lies in its ward's scope too.
    "reports.report": ("agency__org_unit", "agency"),
    "reports.reportitem": ("report__agency__org_unit", "report__agency"),
    "reports.consolidatedreport": (None, None),
    "indicators.indicatordefinition": (None, None),
    "indicators.indicatorvalue": ("ward", None),
    "indicators.wardboundary": ("ward", None),
    "movement.safetyassessment": ("ward", None),
    "movement.safetyvalue": ("assessment__ward", None),
    "movement.safetydecision": ("ward", None),
    # The kinds of models are one list for the province, like the equipment catalogue.
    "movement.modeltype": (None, None),
    "movement.movementmodel": ("ward", None),
    "movement.modelreview": ("model__ward", None),
    "force.staffing": ("ward", None),
    # The city's training plan is reference text for its wards, like the plan itself;
    # writes check the province (`require(…, plan.province)`).
    "force.trainingplan": (None, None),
    "force.course": (None, None),
    "force.attendance": ("ward", None),
    "force.discipline": ("ward", None),
    # The ward that proposed, or the province when the city police did.
    "force.commendation": ("proposer_unit", None),
    "force.programmereview": ("province", None),
}


# Models whose path crosses a to-many relation: their rows can repeat in a join.
_TO_MANY = frozenset({"accounts.user"})


def _assignments(user: Person) -> list[RoleAssignment]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return user.active_assignments()


def _is_global(user: Person) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active)


def _ward_unit_ids(assignment: RoleAssignment) -> frozenset[int]:
    cached = getattr(assignment, "_ward_unit_ids", None)
    if cached is None:
        from units.selectors import lineage_ids

        assert assignment.org_unit is not None  # the database constraint guarantees it
        cached = frozenset(lineage_ids(assignment.org_unit))
        assignment._ward_unit_ids = cached  # type: ignore[attr-defined]
    return cached


def _agency_ids(assignment: RoleAssignment) -> frozenset[int]:
    """The body and the bodies merged into it: a successor's reporters read (and answer
    for) its predecessors' history, as a ward's users do for merged wards."""
    cached = getattr(assignment, "_agency_ids", None)
    if cached is None:
        from units.selectors import agency_lineages

        assert assignment.agency_id is not None
        cached = frozenset({assignment.agency_id}
                           | agency_lineages().get(assignment.agency_id, set()))
        assignment._agency_ids = cached  # type: ignore[attr-defined]
    return cached


def _ward_province_id(assignment: RoleAssignment) -> int | None:
    return assignment.org_unit.province_id if assignment.org_unit else None


def granted(user: Person, action: Action) -> list[RoleAssignment]:
    """The user's assignments whose role grants `action`."""
    return [a for a in _assignments(user) if action in ROLE_ACTIONS.get(a.role, frozenset())]


def _join(path: str, field: str) -> str:
    return f"{path}__{field}" if path else field


def _scope_q(assignment: RoleAssignment, unit_path: str | None, agency_path: str | None) -> Q:
    kind = assignment.scope_kind
    if kind == ScopeKind.GLOBAL or (unit_path is None and agency_path is None):
        return Q()
    parts: list[Q] = []
    if kind == ScopeKind.PROVINCE:
        province_id = assignment.org_unit_id
        if unit_path is not None:
            parts.append(Q(**{_join(unit_path, "pk"): province_id}))
            parts.append(Q(**{_join(unit_path, "province_id"): province_id}))
        if agency_path is not None:
            parts.append(Q(**{_join(agency_path, "province_id"): province_id}))
    elif kind == ScopeKind.WARD:
        if unit_path is not None:
            ids = _ward_unit_ids(assignment)
            parts.append(Q(**{_join(unit_path, "pk__in"): ids}))
            parts.append(Q(**{_join(unit_path, "commune_id__in"): ids}))
        if agency_path == "":
            # Ward users read their province's agency registry, but nothing scoped to an
            # agency (its files, its reports): hence only when the object is the agency.
            parts.append(Q(province_id=_ward_province_id(assignment)))
    elif kind == ScopeKind.AGENCY and agency_path is not None:
        parts.append(Q(**{_join(agency_path, "pk__in"): _agency_ids(assignment)}))
    # An empty OR would match everything; a scope that reaches nothing must match nothing.
    return reduce(operator.or_, parts) if parts else Q(pk__in=[])


def scope(user: Person, queryset: QuerySet[M], action: Action) -> QuerySet[M]:
    """Narrow `queryset` to the objects on which `user` may do `action`."""
    label = queryset.model._meta.label_lower
    unit_path, agency_path = SCOPE_PATHS[label]
    if _is_global(user):
        return queryset
    assignments = granted(user, action)
    if not assignments:
        return queryset.none()
    conditions = [_scope_q(a, unit_path, agency_path) for a in assignments]
    if any(not c for c in conditions):  # a global assignment: Q() is empty
        return queryset
    filtered = queryset.filter(reduce(operator.or_, conditions))
    # Paths through a to-many relation (a user's assignments) can repeat rows.
    return filtered.distinct() if label in _TO_MANY else filtered


def _follow(obj: Any, path: str | None) -> Any:
    if path is None:
        return None
    if path == "":
        return obj
    for part in path.split("__"):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def _in_scope(assignment: RoleAssignment, obj: models.Model) -> bool:
    kind = assignment.scope_kind
    unit_path, agency_path = SCOPE_PATHS[obj._meta.label_lower]
    if kind == ScopeKind.GLOBAL or (unit_path is None and agency_path is None):
        return True
    if obj._meta.label_lower in _TO_MANY:
        # To-many paths (a user through its assignments) are answered by the database.
        return scope_contains(assignment, obj)
    unit = _follow(obj, unit_path)
    agency = _follow(obj, agency_path)
    if kind == ScopeKind.PROVINCE:
        pid = assignment.org_unit_id
        return bool(
            (unit is not None and (unit.pk == pid or unit.province_id == pid))
            or (agency is not None and agency.province_id == pid)
        )
    if kind == ScopeKind.WARD:
        if agency_path == "":
            return obj.province_id == _ward_province_id(assignment)  # type: ignore[attr-defined]
        ids = _ward_unit_ids(assignment)
        return unit is not None and (unit.pk in ids or unit.commune_id in ids)
    if kind == ScopeKind.AGENCY:
        return agency is not None and agency.pk in _agency_ids(assignment)
    return False


def scope_contains(assignment: RoleAssignment, obj: models.Model) -> bool:
    unit_path, agency_path = SCOPE_PATHS[obj._meta.label_lower]
    manager = type(obj)._default_manager
    return manager.filter(_scope_q(assignment, unit_path, agency_path), pk=obj.pk).exists()


def can(user: Person, action: Action, obj: models.Model | None = None) -> bool:
    """May `user` do `action` on `obj`? Without `obj`: on anything at all (navigation)."""
    if _is_global(user):
        return True
    assignments = granted(user, action)
    if obj is None:
        return bool(assignments)
    return any(_in_scope(a, obj) for a in assignments)


def who_may(action: Action) -> list[str]:
    """The roles granted `action`, by name, for messages (the administrator, who may do
    everything, is named only when nobody else may)."""
    roles = [role for role in Role if action in ROLE_ACTIONS.get(role, frozenset())]
    named = [role for role in roles if role != Role.SYSADMIN] or roles
    return [str(role.label) for role in named]


def refusal(action: Action) -> str:
    """Why `action` is refused, naming who may do it, from ROLE_ACTIONS."""
    names = who_may(action)
    roles = names[0] if len(names) == 1 else _("%(some)s or %(last)s") % {
        "some": ", ".join(names[:-1]), "last": names[-1]}
    return _("Only %(roles)s may %(action)s, within their own unit.") % {
        "roles": roles, "action": ACTION_LABELS[action]}


def require(user: Person, action: Action, obj: models.Model | None = None) -> None:
    """Refuse (PermissionDenied, saying who may act) unless `user` may do `action` on `obj`:
    the one way a service or a view refuses."""
    if not can(user, action, obj):
        raise PermissionDenied(refusal(action))


def get_for_user(user: Person, queryset: QuerySet[M], action: Action, **lookup: Any) -> M:
    """Fetch one object for a view, or answer 404 (not visible) / 403 (visible, not allowed)."""
    obj = scope(user, queryset, VIEW_ACTION.get(action, action)).filter(**lookup).first()
    if obj is None:
        raise Http404
    require(user, action, obj)
    return obj


def assignable_roles(user: Person) -> list[str]:
    """Roles this user may hand out: a coordinator cannot mint system administrators."""
    if _is_global(user) or any(a.role == Role.SYSADMIN for a in granted(user, Action.USER_MANAGE)):
        return list(Role.values)
    if granted(user, Action.USER_MANAGE):
        return [r for r in Role.values if r != Role.SYSADMIN]
    return []


def wards_granted(user: Person, action: Action) -> list[Any]:
    """The wards the user works for with `action` (ward-level assignments only): a city
    role may act on every ward, but its worklist is not every ward's."""
    wards = {a.org_unit.pk: a.org_unit for a in granted(user, action)
             if a.scope_kind == ScopeKind.WARD and a.org_unit is not None}
    return sorted(wards.values(), key=lambda w: w.code)
