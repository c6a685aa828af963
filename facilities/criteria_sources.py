"""Criteria of a recognition dossier that take their value from headquarters and equipment.

Registered as the "facilities" source in FacilitiesConfig.ready (see assessments.sources).
The `source_key` of a criterion is one of:

- "headquarters-own": "yes" when the ward police has its own independent headquarters;
- "headquarters-no-households": "yes" when no household lives inside its premises;
- "equipment-to-norm": the percentage of the norm equipped, item by item (an item above its
  norm never makes up for another below it).

The situation is read on 31 December of the round's year, or today while that year runs.
The notes are written into the dossier and its DOCX, so they are Vietnamese text.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from assessments.sources import Missing, Reading
from core.documents import vn_number
from facilities.equipment_selectors import inventory_rows
from facilities.models import HeadquartersRecord
from facilities.selectors import headquarters_on
from units.models import OrgUnit

NO_HEADQUARTERS = ("Chưa có thông tin trụ sở của Công an phường; Công an phường cập nhật tại "
                   "trang Trụ sở.")


def _day(year: int) -> date:
    return min(timezone.localdate(), date(year, 12, 31))


def read(ward: OrgUnit, year: int, key: str) -> Reading | Missing:
    day = _day(year)
    if key in ("headquarters-own", "headquarters-no-households"):
        record = headquarters_on(ward, day)
        if record is None:
            return Missing(NO_HEADQUARTERS)
        situation = f"Trụ sở ngày {day:%d/%m/%Y}: {record.get_status_display()}"
        if key == "headquarters-own":
            own = record.status == HeadquartersRecord.Status.OWN
            return Reading(value="yes" if own else "no", note=f"{situation}.")
        households = record.households_inside or 0
        return Reading(value="yes" if households == 0 else "no",
                       note=f"{situation}; số hộ dân trong khuôn viên: {households}.")
    if key == "equipment-to-norm":
        rows = [row for row in inventory_rows(ward) if row.norm > 0]
        if not rows:
            return Missing("Chưa có danh mục trang thiết bị và định mức; Công an Thành phố "
                           "nhập danh mục tại trang Trang thiết bị.")
        norm = sum(row.norm for row in rows)
        equipped = sum(min(row.usable, row.norm) for row in rows)
        share = (Decimal(100) * equipped / norm).quantize(Decimal("0.01"), ROUND_HALF_UP)
        short = sum(1 for row in rows if row.gap)
        return Reading(value=format(share.normalize(), "f"),
                       note=f"Kiểm kê trang thiết bị: {vn_number(equipped)}/{vn_number(norm)} "
                            f"theo định mức ({vn_number(share)}%), {short} loại còn thiếu.")
    return Missing(f"Nguồn “{key}” về trụ sở, trang thiết bị không được hỗ trợ; Công an Thành "
                   "phố sửa bộ tiêu chí.")
