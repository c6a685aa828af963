"""The groups' results of a year in a spreadsheet, for wards that keep them on paper.

One row per residential group: its code ("Mã tổ"), its name ("Tên tổ", read but not
checked), one column per criterion the group enters ("Tiêu chí 1", or the bare code "1"),
and "Minh chứng", the evidence, stored with each criterion of the row. A cell is "Có" /
"Không" for yes/no criteria, a number, or an option, as on the assessment page. The export
writes the same layout with the values recorded, under a title block, so a filled-in
export imports as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from assessments.models import Criterion
from assessments.services import parse_value
from core.imports import (
    IGNORED_HEADINGS,
    MAX_ROWS,
    ImportErrors,
    RowError,
    cell_text,
    column_positions,
    has_control_characters,
    read_rows,
    split_header,
)
from core.spreadsheets import Caption, Sheet, workbook_bytes

CODE_HEADINGS = ("mã tổ", "mã", "code")
NAME_HEADINGS = ("tên tổ", "tên", "name")
EVIDENCE_HEADINGS = ("minh chứng", "ghi chú, minh chứng", "evidence")
EVIDENCE_MAX = 2000


def criterion_heading(criterion: Criterion) -> str:
    return f"Tiêu chí {criterion.code}"


def columns_for(criteria: list[Criterion]) -> dict[str, tuple[str, ...]]:
    columns: dict[str, tuple[str, ...]] = {
        "code": CODE_HEADINGS, "name": NAME_HEADINGS, "evidence": EVIDENCE_HEADINGS}
    for criterion in criteria:
        columns[f"c{criterion.pk}"] = (criterion_heading(criterion), criterion.code)
    return columns


@dataclass(frozen=True)
class ResultRow:
    row: int
    code: str
    values: dict[int, str]  # criterion id → canonical value ("" for a blank cell)
    evidence: str
    valid: bool  # False when a cell of the row has a problem (listed in the errors)

    @property
    def blank(self) -> bool:
        """No criterion filled in: a group the file lists without assessing it."""
        return self.valid and not any(self.values.values())


def parse_results(uploaded_file: Any, criteria: list[Criterion]
                  ) -> tuple[list[ResultRow], list[RowError]]:
    """Every row with the problems of its cells. A file whose header is wrong, or that has
    no rows, raises ImportErrors at once; the caller adds its own checks of the rows (the
    groups) to the cell problems, so that every problem is listed together."""
    columns = columns_for(criteria)
    (header_row, headings), data_rows = split_header(read_rows(uploaded_file), columns)
    positions = column_positions(
        header_row, headings, columns=columns,
        required=["code", *(f"c{c.pk}" for c in criteria)], ignored=IGNORED_HEADINGS,
        unknown=_("Unknown column. The columns are the group's code (Mã tổ), its name, one "
                  "column per criterion (Tiêu chí …) and the evidence (Minh chứng)."),
        label=lambda key: next(iter(columns[key])).capitalize())
    if not data_rows:
        raise ImportErrors([RowError(None, "", _("The file has a header row but no groups."))])
    if len(data_rows) > MAX_ROWS:
        raise ImportErrors([RowError(None, "", _(
            "The file has %(count)d rows; at most %(max)d groups can be imported at once."
        ) % {"count": len(data_rows), "max": MAX_ROWS})])
    errors: list[RowError] = []
    parsed: list[ResultRow] = []
    first_seen: dict[str, int] = {}
    for number, cells in data_rows:
        code = cell_text(cells, positions, "code")
        if not any(cells):
            continue
        row_errors: list[RowError] = []
        if not code:
            row_errors.append(RowError(number, "Mã tổ", _("The code is missing.")))
        elif code in first_seen:
            row_errors.append(RowError(number, "Mã tổ", _(
                "This code is already used on row %(row)d.") % {"row": first_seen[code]}))
        else:
            first_seen[code] = number
        values: dict[int, str] = {}
        for criterion in criteria:
            text = cell_text(cells, positions, f"c{criterion.pk}")
            try:
                values[criterion.pk] = parse_value(criterion, text)
            except ValidationError as error:
                row_errors.append(RowError(number, criterion_heading(criterion),
                                           error.messages[0]))
        evidence = cell_text(cells, positions, "evidence")
        if has_control_characters(evidence):
            row_errors.append(RowError(number, "Minh chứng", _(
                "This cell contains invisible control characters; retype it.")))
        elif len(evidence) > EVIDENCE_MAX:
            row_errors.append(RowError(number, "Minh chứng", _(
                "The evidence is longer than %(max)s characters.") % {"max": EVIDENCE_MAX}))
        errors.extend(row_errors)
        if code and code not in [r.code for r in parsed]:
            parsed.append(ResultRow(number, code, values, evidence, valid=not row_errors))
    return parsed, errors


def _shown(criterion: Criterion, value: str) -> str:
    return criterion.format_value(value, yes="Có", no="Không",
                                  number=lambda n: format(n.normalize(), "f"), percent="")


def results_xlsx(*, criteria: list[Criterion], rows: list[tuple[str, str, dict[int, str], str]],
                 caption: Caption) -> bytes:
    """The layout above: rows of (code, name, values by criterion id, evidence)."""
    headings = ["Mã tổ", "Tên tổ", *(criterion_heading(c) for c in criteria), "Minh chứng"]
    body = [[code, name, *(_shown(c, values.get(c.pk, "")) for c in criteria), evidence]
            for code, name, values, evidence in rows]
    return workbook_bytes(Sheet(
        "Kết quả", headings, body, caption=caption, text_columns="A",
        widths=(12, 30, *(12 for _c in criteria), 40)))
