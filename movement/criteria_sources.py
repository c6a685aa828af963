"""Criteria computed from the lower level: the residential groups' recognitions and the
movement's models. Registered as the "lower_level" source in MovementConfig.ready (see
assessments.sources), for the ward police dossier and the commune's own standard alike.

The `source_key` of a criterion is one of:

- "groups-safe-share": the percentage of the ward's residential groups recognised
  "An toàn về ANTT" for the year (movement.standard_rules.share);
- "models-effective": how many of the ward's models the year's review found effective;
- "commune-safe": "yes" when the commune or ward itself was recognised for the year.

The notes go into dossiers and their DOCX, so they are Vietnamese text.
"""

from __future__ import annotations

from django.utils import timezone

from assessments.sources import Missing, Reading
from core.documents import vn_number
from movement.selectors import effective_models, ward_year
from movement.standard_rules import judgement_day
from units.models import OrgUnit

KEYS = ("groups-safe-share", "models-effective", "commune-safe")


def read(ward: OrgUnit, year: int, key: str) -> Reading | Missing:
    today = timezone.localdate()
    day = judgement_day(year, today)
    noun = ward.group_noun
    if key == "groups-safe-share":
        situation = ward_year(ward, year, today)
        if not situation.total:
            return Missing(f"Chưa có danh sách {noun} của {ward.name}; Công an phường, xã cập "
                           "nhật tại trang Đơn vị hành chính.")
        value = situation.share
        assert value is not None
        return Reading(value=format(value.normalize(), "f"),
                       note=f"{situation.recognised}/{situation.total} {noun} được công nhận "
                            f"“An toàn về ANTT” năm {year} ({vn_number(value)}%), tính đến "
                            f"ngày {day:%d/%m/%Y}.")
    if key == "models-effective":
        count = effective_models(ward, year)
        return Reading(value=str(count),
                       note=f"{count} mô hình phong trào được đánh giá hiệu quả năm {year}.")
    if key == "commune-safe":
        commune = ward_year(ward, year, today).commune
        if commune is not None and commune.decision is not None:
            return Reading(value="yes", note=f"Được công nhận “An toàn về ANTT” năm {year} "
                                             f"theo Quyết định số {commune.decision.number}.")
        return Reading(value="no", note=f"Chưa được công nhận “An toàn về ANTT” năm {year}.")
    return Missing(f"Nguồn “{key}” về kết quả cấp dưới không được hỗ trợ; Công an Thành phố "
                   "sửa bộ tiêu chí.")
