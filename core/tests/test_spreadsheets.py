"""The one spreadsheet writer: what every XLSX the system hands out has in common."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from core.spreadsheets import Sheet, save_workbook, workbook_bytes


def _read(data: bytes):
    return load_workbook(io.BytesIO(data))


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+1", "-1", "@x", "=1+1"])
def test_it_never_writes_user_text_as_a_formula(text):
    book = _read(workbook_bytes(Sheet("Tru so", ["Mã", "Ghi chú"], [["00070", text]])))
    cell = book.active["B2"]
    assert cell.value == text
    assert cell.data_type == "s"


def test_it_neutralises_a_workbook_built_by_hand_too():
    book = Workbook()
    book.active["A1"] = "=cmd|' /C calc'!A0"
    saved = _read(save_workbook(book))
    assert saved.active["A1"].data_type == "s"


def test_it_writes_the_preamble_then_a_bold_header_and_the_rows():
    sheet = _read(workbook_bytes(Sheet(
        "Quá hạn", ["STT", "Cơ quan"], [[1, "Sở Tư pháp"]],
        preamble=[["Báo cáo 6 tháng 2026"], ["Hạn nộp", "15/06/2026"], []],
        text_columns="B", widths=(6, 60)))).active
    assert sheet.title == "Quá hạn"
    assert [sheet["A1"].value, sheet["B2"].value] == ["Báo cáo 6 tháng 2026", "15/06/2026"]
    assert [c.value for c in sheet[4]] == ["STT", "Cơ quan"] and sheet["A4"].font.b
    assert [c.value for c in sheet[5]] == [1, "Sở Tư pháp"]
    assert sheet["B5"].number_format == "@"
    assert sheet.column_dimensions["B"].width == 60


def test_it_writes_several_sheets_and_cuts_long_titles():
    book = _read(workbook_bytes(Sheet("A" * 40, ["x"]), Sheet("Chỉ tiêu", ["y"])))
    assert book.sheetnames == ["A" * 31, "Chỉ tiêu"]


def test_it_keeps_the_header_in_view_and_filterable():
    sheet = _read(workbook_bytes(Sheet("Trụ sở", ["Mã", "Tên"], [["00070", "Hoàn Kiếm"]],
                                       preamble=[["Tiêu đề"], []]))).active
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:B4"


def test_it_types_dates_and_shows_them_day_first():
    from datetime import date

    sheet = _read(workbook_bytes(Sheet("Ngày", ["Từ ngày"], [[date(2026, 12, 6)]]))).active
    cell = sheet["A2"]
    assert cell.is_date and cell.value.date() == date(2026, 12, 6)
    assert cell.number_format == "dd/mm/yyyy"


def test_it_fits_the_columns_to_their_text_unless_told():
    long_name = "Phường Hoàn Kiếm, Thành phố Hà Nội"
    sheet = _read(workbook_bytes(Sheet("Đơn vị", ["Mã", "Tên"], [["1", long_name]]))).active
    assert sheet.column_dimensions["B"].width >= len(long_name)
    assert sheet.column_dimensions["A"].width == 8


@pytest.mark.parametrize(("number", "written"), [
    (10, "10"), ("7.50", "7,5"), (1746, "1.746"), ("1234567.89", "1.234.567,89"),
    (0, "0"), ("-1500.5", "-1.500,5"), ("0.25", "0,25"), (None, ""),
])
def test_it_writes_numbers_in_documents_the_vietnamese_way(number, written):
    from decimal import Decimal

    from core.documents import vn_number

    assert vn_number(None if number is None else Decimal(str(number))) == written


def test_it_opens_an_export_with_what_for_whom_when_and_by_whom():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from core.spreadsheets import Caption

    # 17:30 UTC is 00:30 the next day in Hà Nội: the stamp is the reader's local time.
    at = datetime(2026, 12, 15, 17, 30, tzinfo=ZoneInfo("UTC"))
    sheet = _read(workbook_bytes(Sheet(
        "Trụ sở", ["Mã", "Tên"], [["00070", "Hoàn Kiếm"]],
        caption=Caption("Trụ sở Công an phường", "Thành phố Hà Nội", "Nguyễn Văn An", at),
    ))).active
    assert [sheet[f"A{n}"].value for n in (1, 2)] == ["Trụ sở Công an phường",
                                                      "Thành phố Hà Nội"]
    assert "00:30" in sheet["A3"].value and "16/12/2026" in sheet["A3"].value
    assert "Nguyễn Văn An" in sheet["A3"].value
    assert sheet["A1"].font.b and sheet["A1"].font.sz == 14
    assert sheet.freeze_panes == "A6" and [c.value for c in sheet[5]] == ["Mã", "Tên"]
    # The title's length does not widen the first column.
    assert sheet.column_dimensions["A"].width == 8


def test_it_writes_a_template_caption_without_a_stamp():
    from core.spreadsheets import Caption

    assert Caption("Mẫu nhập tổ dân phố").lines() == [["Mẫu nhập tổ dân phố"], []]


def test_it_formats_columns_as_told():
    from datetime import date

    sheet = _read(workbook_bytes(Sheet("Số liệu", ["Tháng"], [[date(2026, 3, 1)]],
                                       column_formats={"A": "mm/yyyy"}))).active
    assert sheet["A2"].number_format == "mm/yyyy" and sheet["A1"].number_format == "General"


def test_it_prints_every_column_on_the_width_of_the_page_with_the_heading_on_each_page():
    sheet = _read(workbook_bytes(Sheet("Số liệu", list("ABCDEF"), [[1] * 6],
                                       preamble=[["Tiêu đề"], []]))).active
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$3:$3"
