"""Criteria computed from the force's figures. Registered as the "force" source in
ForceConfig.ready (see assessments.sources). The `source_key` of a criterion is one of:

- "training-share": the percentage of the force trained in the year's courses
  (force.rules.percent, at most 100);
- "mass-mobilisation-share": the percentage of the force trained in mass mobilisation;
- "staffing-to-establishment": the headcount as a percentage of the establishment;
- "no-discipline": "yes" when no officer of the ward was disciplined in the year.

The notes go into dossiers and their DOCX, so they are Vietnamese text.
"""

from __future__ import annotations

from assessments.sources import Missing, Reading
from core.documents import vn_number
from force.rules import percent
from force.selectors import disciplined_in, staffing_of, trained_in
from units.models import OrgUnit

KEYS = ("training-share", "mass-mobilisation-share", "staffing-to-establishment",
        "no-discipline")
NO_STAFFING = ("Chưa có số liệu biên chế, quân số năm {year}; Công an phường cập nhật tại "
               "trang Xây dựng lực lượng.")


def _value(share: object) -> str:
    return format(share.normalize(), "f")  # type: ignore[attr-defined]


def read(ward: OrgUnit, year: int, key: str) -> Reading | Missing:
    if key == "no-discipline":
        officers = disciplined_in(ward, year)
        return Reading(value="yes" if officers == 0 else "no",
                       note=f"Số cán bộ, chiến sĩ bị xử lý kỷ luật năm {year}: {officers}.")
    staffing = staffing_of(ward, year)
    if staffing is None:
        return Missing(NO_STAFFING.format(year=year))
    if key == "training-share":
        trained = trained_in(ward, year)
        share = percent(trained, staffing.headcount)
        if share is None:
            return Missing(NO_STAFFING.format(year=year))
        return Reading(value=_value(share),
                       note=f"{trained} lượt cán bộ được đào tạo, bồi dưỡng năm {year} trên "
                            f"quân số {staffing.headcount} ({vn_number(share)}%).")
    if key == "mass-mobilisation-share":
        share = percent(staffing.mass_mobilisation, staffing.headcount)
        if share is None:
            return Missing(NO_STAFFING.format(year=year))
        return Reading(value=_value(share),
                       note=f"{staffing.mass_mobilisation}/{staffing.headcount} cán bộ được "
                            f"bồi dưỡng kỹ năng dân vận ({vn_number(share)}%).")
    if key == "staffing-to-establishment":
        share = percent(staffing.headcount, staffing.establishment)
        if share is None:
            return Missing(NO_STAFFING.format(year=year))
        return Reading(value=_value(share),
                       note=f"Quân số {staffing.headcount}/biên chế {staffing.establishment} "
                            f"({vn_number(share)}%).")
    return Missing(f"Nguồn “{key}” về xây dựng lực lượng không được hỗ trợ; Công an Thành phố "
                   "sửa bộ tiêu chí.")
