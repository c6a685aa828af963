"""Writes about administrative units: loading the official lists, mergers, group imports."""

from __future__ import annotations

import importlib.metadata
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from audit.services import audit_record
from core.imports import ImportErrors, RowError
from units.groups_io import parse_groups
from units.models import Agency, AgencyMerger, OrgUnit, UnitMerger

# Local government has had two levels (province → commune level) since this day.
TWO_LEVEL_START = date(2025, 7, 1)
AGENCY_DATA_DIR = Path(__file__).resolve().parent / "data"
# The plan's item assigning tasks to the local People's Committees.
LOCAL_COMMITTEE_ITEM = 25

_KIND_BY_DIVISION = {
    "phường": OrgUnit.Kind.WARD,
    "xã": OrgUnit.Kind.COMMUNE,
    "đặc khu": OrgUnit.Kind.SPECIAL_ZONE,
}
_BATCH = 500

__all__ = [
    "ImportErrors", "ImportResult", "LoadResult", "RowError", "agencies_load",
    "residential_group_split", "residential_groups_import", "unit_merge",
    "unit_merge_into_new", "unit_merge_validate", "units_load",
]


@dataclass(frozen=True)
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Listed in the source but retired here by a merger recorded after the reform.
    retired: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Groups of the ward that the file did not mention; an import never removes groups.
    not_in_file: int = 0
    created_codes: list[str] = field(default_factory=list)


# --- Official unit list -------------------------------------------------------------------


def _package_units(province_code: str | None) -> tuple[list[Any], list[Any]]:
    from vietnam_provinces import Province, ProvinceCode, Ward

    if province_code is None:
        return list(Province.iter_all()), list(Ward.iter_all())
    try:
        number = ProvinceCode(int(province_code))
        province = Province.from_code(number)
    except ValueError:
        raise ValidationError(
            _("%(code)s is not a province code in the official list.") % {"code": province_code}
        ) from None
    return [province], list(Ward.iter_by_province(number))


@transaction.atomic
def units_load(*, province_code: str | None) -> LoadResult:
    """Create or rename provinces and commune-level units from the `vietnam-provinces` package.

    `province_code` None loads the whole country. Units are matched by official code among
    current units, so a rerun changes nothing and units retired by a merger stay retired.
    Bulk writes bypass the audit signals, so one IMPORT entry summarises the run.
    """
    package_provinces, package_wards = _package_units(province_code)
    created = updated = unchanged = 0
    changes: dict[str, dict[str, list[Any]]] = {}

    provinces = {
        u.code: u
        for u in OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE, valid_to__isnull=True)
    }
    new_provinces, renamed_provinces = [], []
    for source in package_provinces:
        code = f"{int(source.code):02d}"
        existing = provinces.get(code)
        if existing is None:
            new_provinces.append(OrgUnit(code=code, name=source.name, kind=OrgUnit.Kind.PROVINCE))
        elif existing.name != source.name:
            changes[code] = {"name": [existing.name, source.name]}
            existing.name = source.name
            renamed_provinces.append(existing)
        else:
            unchanged += 1
    OrgUnit.objects.bulk_create(new_provinces, batch_size=_BATCH)
    OrgUnit.objects.bulk_update(renamed_provinces, ["name"], batch_size=_BATCH)
    created += len(new_provinces)
    updated += len(renamed_provinces)
    if new_provinces:
        provinces = {
            u.code: u
            for u in OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE, valid_to__isnull=True)
        }

    current = {
        u.code: u
        for u in OrgUnit.objects.filter(kind__in=OrgUnit.COMMUNE_LEVEL, valid_to__isnull=True)
    }
    # A unit merged away after the reform stays retired even if the package still lists it;
    # a retired pre-reform unit whose code the GSO reused does not block the new unit.
    merged_since_reform = set(
        OrgUnit.objects.filter(
            kind__in=OrgUnit.COMMUNE_LEVEL, valid_to__gte=TWO_LEVEL_START
        ).values_list("code", flat=True)
    )
    new_units, changed_units = [], []
    retired = 0
    for source in package_wards:
        code = f"{int(source.code):05d}"
        if code not in current and code in merged_since_reform:
            retired += 1
            continue
        parent = provinces[f"{int(source.province_code):02d}"]
        wanted = {
            "name": source.name,
            "kind": _KIND_BY_DIVISION[source.division_type.value],
            # save() is bypassed by bulk writes, so the denormalised province is set here.
            "parent_id": parent.pk,
            "province_id": parent.pk,
        }
        existing = current.get(code)
        if existing is None:
            new_units.append(OrgUnit(code=code, valid_from=TWO_LEVEL_START, **wanted))
            continue
        diff = {
            k: [getattr(existing, k), v] for k, v in wanted.items() if getattr(existing, k) != v
        }
        if diff:
            for attname, (_old, new) in diff.items():
                setattr(existing, attname, new)
            changes[code] = diff
            changed_units.append(existing)
        else:
            unchanged += 1
    OrgUnit.objects.bulk_create(new_units, batch_size=_BATCH)
    OrgUnit.objects.bulk_update(
        changed_units, ["name", "kind", "parent", "province"], batch_size=_BATCH
    )
    created += len(new_units)
    updated += len(changed_units)

    result = LoadResult(created=created, updated=updated, unchanged=unchanged, retired=retired)
    if result.changed:
        source_name = f"vietnam-provinces {importlib.metadata.version('vietnam-provinces')}"
        audit_record(
            action=AuditEntry.Action.IMPORT,
            obj=provinces.get(province_code) if province_code else None,
            model_label="units.orgunit",
            object_repr=f"{source_name}: {province_code or 'all provinces'}",
            changes={
                "source": source_name,
                "province": province_code or "all",
                "created": created,
                "updated": updated,
                "unchanged": unchanged,
                "retired": retired,
                "updated_units": changes,
            },
        )
    return result


# --- Mergers ------------------------------------------------------------------------------


def _province_id(unit: OrgUnit) -> int | None:
    return unit.pk if unit.kind == OrgUnit.Kind.PROVINCE else unit.province_id


def unit_merge_validate(
    *,
    predecessors: list[OrgUnit],
    successor: OrgUnit | None,
    effective_date: date,
    province_id: int | None = None,
) -> None:
    """Raise ValidationError listing every reason the merger cannot be recorded.

    `successor` None means the successor will be created in `province_id`.
    """
    errors: list[str] = []
    if not predecessors:
        raise ValidationError(_("Choose at least one unit that is merged."))
    ids = [p.pk for p in predecessors]
    if len(set(ids)) != len(ids):
        errors.append(_("A unit is listed more than once among the merged units."))
    if successor is not None and set(ids) == {successor.pk}:
        errors.append(_("A unit cannot be merged only into itself."))
    day_before = effective_date - timedelta(days=1)
    for unit in predecessors:
        if not unit.is_valid_on(day_before):
            errors.append(
                _("%(unit)s (%(code)s) did not exist on %(day)s, the day before the merger.")
                % {"unit": unit.name, "code": unit.code, "day": f"{day_before:%d/%m/%Y}"}
            )
    # A unit listed among its own merger's predecessors continued; it was not merged away.
    already = (
        UnitMerger.predecessors.through.objects.filter(orgunit_id__in=ids)
        .exclude(unitmerger__successor_id=F("orgunit_id"))
        .values_list("orgunit_id", "unitmerger__successor__name", "unitmerger__effective_date")
    )
    by_id = {p.pk: p for p in predecessors}
    for predecessor_id, successor_name, when in already:
        unit = by_id[predecessor_id]
        errors.append(
            _("%(unit)s (%(code)s) was already merged into %(other)s on %(day)s.")
            % {"unit": unit.name, "code": unit.code, "other": successor_name,
               "day": f"{when:%d/%m/%Y}"}
        )
    target_province = _province_id(successor) if successor is not None else province_id
    if any(_province_id(p) != target_province for p in predecessors):
        errors.append(_("All merged units and the successor must be in the same province."))
    if successor is not None and successor.valid_to and successor.valid_to < effective_date:
        errors.append(
            _("The successor %(unit)s no longer existed on %(day)s.")
            % {"unit": successor.name, "day": f"{effective_date:%d/%m/%Y}"}
        )
    if errors:
        raise ValidationError(errors)


def _retire(predecessors: list[OrgUnit], *, keep: OrgUnit | None, effective_date: date) -> None:
    day_before = effective_date - timedelta(days=1)
    for unit in predecessors:
        if keep is None or unit.pk != keep.pk:
            unit.valid_to = day_before
            unit.save(update_fields=["valid_to"])


# `actor` stays untyped in this module: units sits below accounts (whose permission layer
# needs the units' lineage), so it cannot name the User class; callers check the rights.
def _record(
    *,
    actor: Any,
    predecessors: list[OrgUnit],
    successor: OrgUnit,
    effective_date: date,
    legal_basis: str,
    note: str,
) -> UnitMerger:
    merger = UnitMerger.objects.create(
        successor=successor,
        effective_date=effective_date,
        legal_basis=legal_basis,
        note=note,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    merger.predecessors.set(predecessors)
    return merger


@transaction.atomic
def unit_merge(
    *,
    actor: Any,
    predecessors: list[OrgUnit],
    successor: OrgUnit,
    effective_date: date,
    legal_basis: str = "",
    note: str = "",
) -> UnitMerger:
    """Record that `predecessors` became `successor` on `effective_date`.

    The merged units end the day before; a successor listed among them continues. The
    successor starts on the effective date unless it already existed earlier.
    """
    unit_merge_validate(
        predecessors=predecessors, successor=successor, effective_date=effective_date
    )
    continuing = any(p.pk == successor.pk for p in predecessors)
    if not continuing and (successor.valid_from is None or successor.valid_from > effective_date):
        successor.valid_from = effective_date
        successor.save(update_fields=["valid_from"])
    _retire(predecessors, keep=successor, effective_date=effective_date)
    return _record(
        actor=actor, predecessors=predecessors, successor=successor,
        effective_date=effective_date, legal_basis=legal_basis, note=note,
    )


@transaction.atomic
def unit_merge_into_new(
    *,
    actor: Any,
    predecessors: list[OrgUnit],
    code: str,
    name: str,
    kind: str,
    province: OrgUnit,
    effective_date: date,
    legal_basis: str = "",
    note: str = "",
) -> UnitMerger:
    """Create the successor unit and record the merger in one step.

    The merged units are retired before the successor is created because the new unit
    often reuses one of their codes, and only one current unit may carry a code.
    """
    if kind not in OrgUnit.COMMUNE_LEVEL:
        raise ValidationError(_("A new unit must be a ward, a commune or a special zone."))
    if province.kind != OrgUnit.Kind.PROVINCE:
        raise ValidationError(_("%(unit)s is not a province.") % {"unit": province.name})
    unit_merge_validate(
        predecessors=predecessors, successor=None, effective_date=effective_date,
        province_id=province.pk,
    )
    _retire(predecessors, keep=None, effective_date=effective_date)
    successor = OrgUnit(
        code=code, name=name, kind=kind, parent=province, valid_from=effective_date
    )
    successor.full_clean(exclude=["province", "commune"])
    successor.save()
    return _record(
        actor=actor, predecessors=predecessors, successor=successor,
        effective_date=effective_date, legal_basis=legal_basis, note=note,
    )


# --- Residential groups -------------------------------------------------------------------


@transaction.atomic
def residential_group_split(
    *, actor: Any, group: OrgUnit, parts: list[tuple[str, str]], effective_date: date,
    legal_basis: str = "",
) -> list[OrgUnit]:
    """Record that a residential group became several new groups on `effective_date`.

    Each part is a new group (code, name) of the same ward, linked to the old one as its
    successor, so its lineage carries the old group's history (its registration for the
    year's "An toàn về ANTT" standard above all). The old group ends the day before.
    """
    errors: list[str] = []
    if group.kind != OrgUnit.Kind.RESIDENTIAL_GROUP:
        errors.append(_("Only a residential group can be split here."))
    if len(parts) < 2:
        errors.append(_("A split makes at least two groups."))
    day_before = effective_date - timedelta(days=1)
    if not group.is_valid_on(day_before):
        errors.append(_("%(unit)s (%(code)s) did not exist on %(day)s, the day before the "
                        "split.") % {"unit": group.name, "code": group.code,
                                     "day": f"{day_before:%d/%m/%Y}"})
    codes = [code for code, _name in parts]
    taken = set(OrgUnit.objects.filter(parent_id=group.parent_id, code__in=codes)
                .values_list("code", flat=True))
    for code, name in parts:
        if not code or not name:
            errors.append(_("Every new group needs a code and a name."))
        elif code in taken or codes.count(code) > 1:
            errors.append(_("The code %(code)s is already used in this ward.") % {"code": code})
    if errors:
        raise ValidationError(errors)
    created = [OrgUnit.objects.create(code=code, name=name, kind=OrgUnit.Kind.RESIDENTIAL_GROUP,
                                      parent_id=group.parent_id, valid_from=effective_date)
               for code, name in parts]
    _retire([group], keep=None, effective_date=effective_date)
    for part in created:
        _record(actor=actor, predecessors=[group], successor=part,
                effective_date=effective_date, legal_basis=legal_basis,
                note=str(_("Split of %(unit)s") % {"unit": group.name}))
    return created


@transaction.atomic
def residential_groups_import(*, actor: Any, ward: OrgUnit, uploaded_file: Any) -> ImportResult:
    """Create or update the ward's residential groups from a CSV/XLSX file, all or nothing.

    Groups are matched by code; groups the file does not mention are left alone. Raises
    ImportErrors listing every problem when anything in the file is wrong.

    Writes are bulk (a ward can have a couple of thousand groups, and per-row saves with
    their audit signals would take seconds), so one IMPORT audit entry on the ward records
    the codes created and every changed value.
    """
    if not ward.is_commune_level or not ward.is_current:
        raise ImportErrors([RowError(None, "", _(
            "Residential groups can only be imported into a current ward, commune or "
            "special zone."
        ))])
    rows = parse_groups(uploaded_file)
    existing = {
        g.code: g
        for g in OrgUnit.objects.select_for_update().filter(
            parent=ward, kind=OrgUnit.Kind.RESIDENTIAL_GROUP
        )
    }
    retired = [
        RowError(r.row, "code", _(
            "A residential group with this code was retired on %(day)s; use a new code."
        ) % {"day": f"{existing[r.code].valid_to:%d/%m/%Y}"})
        for r in rows
        if r.code in existing and existing[r.code].valid_to is not None
    ]
    if retired:
        raise ImportErrors(retired)

    new_groups: list[OrgUnit] = []
    changed: list[OrgUnit] = []
    changes: dict[str, dict[str, list[Any]]] = {}
    for row in rows:
        group = existing.get(row.code)
        if group is None:
            new_groups.append(OrgUnit(
                code=row.code, name=row.name, households=row.households,
                kind=OrgUnit.Kind.RESIDENTIAL_GROUP, parent=ward,
                # save() is bypassed by bulk writes, so the denormalised links are set here.
                province_id=ward.province_id, commune_id=ward.pk,
            ))
            continue
        diff = {
            attname: [getattr(group, attname), value]
            for attname, value in (("name", row.name), ("households", row.households))
            if getattr(group, attname) != value
        }
        if diff:
            for attname, (_old, value) in diff.items():
                setattr(group, attname, value)
            changed.append(group)
            changes[row.code] = diff
    OrgUnit.objects.bulk_create(new_groups, batch_size=_BATCH)
    OrgUnit.objects.bulk_update(changed, ["name", "households"], batch_size=_BATCH)
    mentioned = {r.code for r in rows}
    not_in_file = sum(
        1 for code, g in existing.items() if code not in mentioned and g.valid_to is None
    )
    result = ImportResult(
        created=len(new_groups),
        updated=len(changed),
        unchanged=len(rows) - len(new_groups) - len(changed),
        not_in_file=not_in_file,
        created_codes=[g.code for g in new_groups],
    )
    if new_groups or changed:
        audit_record(
            action=AuditEntry.Action.IMPORT,
            obj=ward,
            user=actor,
            changes={
                "import": "residential_groups",
                "file": str(getattr(uploaded_file, "name", ""))[:200],
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "created_groups": {g.code: [g.name, g.households] for g in new_groups},
                "updated_groups": changes,
            },
        )
    return result


# --- Agencies -----------------------------------------------------------------------------


def _agency_file(province_code: str) -> Path:
    for path in sorted(AGENCY_DATA_DIR.glob("agencies*.toml")):
        with path.open("rb") as handle:
            if tomllib.load(handle).get("province") == province_code:
                return path
    raise ValidationError(
        _("There is no agency list for province %(code)s in units/data/.")
        % {"code": province_code}
    )


def _agency_rows(path: Path) -> list[dict[str, Any]]:
    with path.open("rb") as handle:
        entries = tomllib.load(handle).get("agency", [])
    kinds = set(Agency.Kind.values)
    rows, problems, seen = [], [], set()
    for number, entry in enumerate(entries, start=1):
        code = entry.get("code", "")
        row = {
            "name": entry.get("name", ""),
            "short_name": entry.get("short_name", ""),
            "kind": entry.get("kind", ""),
            "plan_item": entry.get("plan_item"),
            "is_lead": bool(entry.get("is_lead", False)),
            "note": entry.get("note", "").strip(),
            "valid_from": entry.get("valid_from"),
        }
        if (not code or slugify(code) != code or code in seen
                or len(code) > (Agency._meta.get_field("code").max_length or 40)):
            problems.append(f"#{number}: code {code!r}")
        if not row["name"] or row["kind"] not in kinds:
            problems.append(f"#{number} ({code}): name/kind")
        if not isinstance(row["plan_item"], int) or row["plan_item"] < 1:
            problems.append(f"#{number} ({code}): plan_item")
        if row["valid_from"] is not None and not isinstance(row["valid_from"], date):
            problems.append(f"#{number} ({code}): valid_from")
        seen.add(code)
        rows.append({"code": code, **row})
    if problems:
        raise ValidationError(
            _("%(file)s has invalid entries: %(problems)s")
            % {"file": path.name, "problems": "; ".join(problems)}
        )
    return rows


@transaction.atomic
def agencies_load(*, province_code: str) -> LoadResult:
    """Create or update the province's agencies from its data file in units/data/.

    Matched by code within the province. There are a few dozen rows, so each is saved
    through the ORM and audited on its own. Agencies added by hand in admin are kept.
    """
    province = OrgUnit.objects.filter(
        kind=OrgUnit.Kind.PROVINCE, code=province_code, valid_to__isnull=True
    ).first()
    if province is None:
        raise ValidationError(
            _("Province %(code)s is not loaded yet. Run “manage.py load_units --province "
              "%(code)s” first.") % {"code": province_code}
        )
    path = _agency_file(province_code)
    rows = _agency_rows(path)
    existing = {a.code: a for a in Agency.objects.filter(province=province)}
    created = updated = unchanged = 0
    for row in rows:
        agency = existing.get(row["code"])
        if agency is None:
            existing[row["code"]] = Agency.objects.create(province=province, **row)
            created += 1
            continue
        fields = [k for k, v in row.items() if getattr(agency, k) != v]
        if fields:
            for name in fields:
                setattr(agency, name, row[name])
            agency.save(update_fields=fields)
            updated += 1
        else:
            unchanged += 1
    _agency_mergers_load(path, existing)
    _agency_members_load(path, existing)
    created += local_committees_ensure(province=province)
    return LoadResult(created=created, updated=updated, unchanged=unchanged)


def _agency_mergers_load(path: Path, agencies: dict[str, Agency]) -> None:
    """The file's [[merger]] entries as AgencyMerger rows (once each); a predecessor that is
    not the successor ends the day before the merger."""
    with path.open("rb") as handle:
        entries = tomllib.load(handle).get("merger", [])
    for number, entry in enumerate(entries, start=1):
        successor = agencies.get(entry.get("successor", ""))
        predecessors = [agencies.get(code) for code in entry.get("predecessors", [])]
        day = entry.get("date")
        if successor is None or None in predecessors or not isinstance(day, date):
            raise ValidationError(_("%(file)s has an invalid merger #%(number)s.") % {
                "file": path.name, "number": number})
        merger = AgencyMerger.objects.filter(successor=successor, effective_date=day).first()
        if merger is None:
            merger = AgencyMerger.objects.create(successor=successor, effective_date=day,
                                                 legal_basis=entry.get("legal_basis", ""))
            merger.predecessors.set([p for p in predecessors if p is not None])
        for predecessor in predecessors:
            assert predecessor is not None
            if predecessor.pk != successor.pk and predecessor.valid_to is None:
                predecessor.valid_to = day - timedelta(days=1)
                predecessor.save(update_fields=["valid_to"])


def _agency_members_load(path: Path, agencies: dict[str, Agency]) -> None:
    """A steering committee's `members` (codes of the bodies whose leaders sit on it)."""
    with path.open("rb") as handle:
        entries = tomllib.load(handle).get("agency", [])
    for entry in entries:
        codes = entry.get("members", [])
        if not codes:
            continue
        unknown = [code for code in codes if code not in agencies]
        if unknown:
            raise ValidationError(_("%(file)s: unknown member bodies %(codes)s.") % {
                "file": path.name, "codes": ", ".join(unknown)})
        agencies[entry["code"]].members.set([agencies[code] for code in codes])


def local_committees_ensure(*, province: OrgUnit) -> int:
    """One reporting body per current commune-level People's Committee of the province
    (the plan's item 25 falls to each of them since 07/2025); returns how many were new."""
    created = 0
    for unit in OrgUnit.objects.filter(province=province, kind__in=OrgUnit.COMMUNE_LEVEL,
                                       valid_to__isnull=True).order_by("code"):
        _agency, new = Agency.objects.get_or_create(
            province=province, code=f"ubnd-{unit.code}", defaults={
                "name": f"Ủy ban nhân dân {unit.name}", "short_name": f"UBND {unit.name}",
                "kind": Agency.Kind.LOCAL_COMMITTEE, "plan_item": LOCAL_COMMITTEE_ITEM,
                "org_unit": unit, "valid_from": unit.valid_from})
        created += int(new)
    return created
