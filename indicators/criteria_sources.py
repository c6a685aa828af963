"""Criteria of a recognition dossier that take their value from the indicators.

Registered as the "indicators" source in IndicatorsConfig.ready (see assessments.sources).
A criterion's `source_key` names an indicator code, optionally with how it is read:

- "crime-solve-rate": the indicator's figure for the round's year (sum, average or ratio, as
  the indicator aggregates), from the months entered so far;
- "crimes-reported:decrease": "yes" when the figure is lower than in the same months of the
  year before (a year still running is compared month for month, never with a whole year).

The notes are written into the dossier and its DOCX, so they are Vietnamese text.
"""

from __future__ import annotations

from decimal import Decimal

from assessments.sources import Missing, Reading
from core.documents import vn_number
from indicators.dashboard_selectors import figure
from indicators.models import IndicatorDefinition, IndicatorValue, WardYearTotal
from units.models import OrgUnit


def _sums(indicator: IndicatorDefinition, ward: OrgUnit, year: int
          ) -> tuple[Decimal | None, int]:
    """The indicator's figure for the ward's year, and how many months it rests on."""
    wanted = ([indicator.numerator_id, indicator.denominator_id] if indicator.is_computed
              else [indicator.pk])
    sums = {ind: (total, count) for ind, total, count in WardYearTotal.objects.filter(
        indicator_id__in=wanted, ward=ward, year=year).values_list("indicator_id", "total",
                                                                    "count")}
    months = max((count for _total, count in sums.values()), default=0)
    return figure(indicator, sums), months


def _shown(indicator: IndicatorDefinition, value: Decimal) -> str:
    unit = "%" if indicator.is_computed else f" {indicator.unit}".rstrip()
    return f"{vn_number(value)}{unit}"


def _compared(indicator: IndicatorDefinition, ward: OrgUnit, year: int) -> Reading | Missing:
    """This year's months against the same months of the year before."""
    rows = IndicatorValue.objects.filter(indicator=indicator, ward=ward,
                                         month__year__in=(year, year - 1))
    by_year: dict[int, dict[int, Decimal]] = {year: {}, year - 1: {}}
    for month, value in rows.values_list("month", "value"):
        by_year[month.year][month.month] = value
    months = sorted(by_year[year])
    missing = [m for m in months if m not in by_year[year - 1]]
    if missing:
        return Missing(f"Năm {year - 1} chưa có số liệu chỉ tiêu “{indicator.name}” của các "
                       f"tháng {', '.join(str(m) for m in missing)} để so sánh cùng kỳ; Công an "
                       "phường nhập tại trang Nhập số liệu chỉ tiêu.")

    def total(values: dict[int, Decimal]) -> Decimal:
        picked = [values[m] for m in months]
        if indicator.aggregation == IndicatorDefinition.Aggregation.AVERAGE:
            return sum(picked, Decimal(0)) / len(picked)
        return sum(picked, Decimal(0))

    now, before = total(by_year[year]), total(by_year[year - 1])
    lower = now < before
    span = f"tháng {months[0]}–{months[-1]}" if len(months) > 1 else f"tháng {months[0]}"
    return Reading(value="yes" if lower else "no",
                   note=f"Từ chỉ tiêu “{indicator.name}”, {span}: năm {year} "
                        f"{_shown(indicator, now)}, cùng kỳ năm {year - 1} "
                        f"{_shown(indicator, before)} ({'giảm' if lower else 'không giảm'}).")


def read(ward: OrgUnit, year: int, key: str) -> Reading | Missing:
    code, _colon, how = key.partition(":")
    indicator = IndicatorDefinition.objects.filter(code=code.strip()).first()
    if indicator is None:
        return Missing(f"Bộ tiêu chí dẫn tới chỉ tiêu “{code}”, không có trong danh mục chỉ "
                       "tiêu; Công an Thành phố sửa bộ tiêu chí.")
    value, months = _sums(indicator, ward, year)
    if value is None:
        return Missing(f"Chưa có số liệu năm {year} của chỉ tiêu “{indicator.name}”; Công an "
                       "phường nhập tại trang Nhập số liệu chỉ tiêu.")
    this_year = f"chỉ tiêu “{indicator.name}” năm {year}: {_shown(indicator, value)}"
    period = f"(số liệu {months} tháng)"
    if how == "":
        return Reading(value=format(value.normalize(), "f"),
                       note=f"Từ {this_year} {period}.")
    if how == "decrease":
        if indicator.is_computed:
            return Missing(f"Chỉ tiêu “{indicator.name}” là tỷ lệ; so sánh với năm trước dùng "
                           "các chỉ tiêu đếm. Công an Thành phố sửa bộ tiêu chí.")
        return _compared(indicator, ward, year)
    return Missing(f"Cách tính “{how}” của chỉ tiêu “{code}” không được hỗ trợ; Công an "
                   "Thành phố sửa bộ tiêu chí.")
