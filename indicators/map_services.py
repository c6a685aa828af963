"""Writes for the map: replacing a province's ward outlines from a GeoJSON file."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import Action, require
from audit.models import AuditEntry
from audit.services import audit_record
from indicators import geo
from indicators.map_selectors import boundary_codes_known
from indicators.models import WardBoundary
from units.models import OrgUnit
from units.selectors import current_commune_units

GeoErrors = geo.GeoErrors


def _read(uploaded_file: UploadedFile) -> bytes:
    if (uploaded_file.size or 0) > geo.MAX_BYTES:
        raise GeoErrors([geo.GeoProblem(None, "", _("The file is larger than %(mb)d MB.")
                                        % {"mb": geo.MAX_BYTES // (1024 * 1024)})])
    return uploaded_file.read(geo.MAX_BYTES + 1)


def boundaries_replace(*, actor: User, province: OrgUnit, uploaded_file: UploadedFile) -> int:
    """Check the whole file, then replace the province's ward outlines with it.

    Raises GeoErrors listing every problem; then nothing is stored. Returns the number
    of wards that now have an outline.
    """
    require(actor, Action.INDICATOR_MANAGE, province)
    shapes = geo.parse_boundaries(_read(uploaded_file), known_codes=boundary_codes_known(province))
    wards = {w.code: w for w in current_commune_units(province)}
    with transaction.atomic():
        removed, _detail = WardBoundary.objects.filter(ward__province=province).delete()
        WardBoundary.objects.bulk_create([
            WardBoundary(ward=wards[shape.code], geometry=shape.geometry, uploaded_by=actor)
            for shape in shapes
        ])
        audit_record(
            action=AuditEntry.Action.IMPORT,
            obj=province,
            model_label="indicators.wardboundary",
            object_repr=_("Ward boundaries of %(province)s") % {"province": province.name},
            changes={"file": uploaded_file.name or "", "wards": len(shapes),
                     "replaced": removed},
            user=actor,
        )
    return len(shapes)
