"""The import toolkit finds the table under whatever title an export or an official put
above it."""

from __future__ import annotations

from core.imports import split_header

COLUMNS = {"ward": ("Mã phường", "ward"), "month": ("Tháng",), "value": ("Giá trị",)}


def _rows(*lines):
    return [(n, list(cells)) for n, cells in lines]


def test_it_takes_the_first_row_when_it_is_the_header():
    header, data = split_header(_rows((1, ["Mã phường", "Tháng", "Giá trị"]),
                                      (2, ["00070", "03/2026", "5"])), COLUMNS)
    assert header == (1, ["Mã phường", "Tháng", "Giá trị"]) and data == [(2, ["00070", "03/2026",
                                                                               "5"])]


def test_it_skips_the_title_block_of_an_export():
    rows = _rows((1, ["Số liệu chỉ tiêu theo tháng"]), (2, ["Năm 2026"]),
                 (3, ["Xuất lúc 09:00 ngày 25/11/2026."]),
                 (5, ["Mã phường", "Tên phường", "Tháng", "Giá trị"]),
                 (6, ["00070", "Phường Hoàn Kiếm", "03/2026", "5"]))
    header, data = split_header(rows, COLUMNS)
    assert header[0] == 5 and [n for n, _cells in data] == [6]


def test_it_prefers_the_row_naming_the_most_columns():
    # A title that happens to be one heading's word does not win over the real header.
    rows = _rows((1, ["Tháng"]), (2, ["Mã phường", "Tháng", "Giá trị"]), (3, ["1", "2", "3"]))
    assert split_header(rows, COLUMNS)[0][0] == 2


def test_it_falls_back_to_the_first_row_when_nothing_is_known():
    # Its unknown columns are then reported on the first row, where the user looks.
    rows = _rows((1, ["abc", "def"]), (2, ["1", "2"]))
    header, data = split_header(rows, COLUMNS)
    assert header == (1, ["abc", "def"]) and data == [(2, ["1", "2"])]


def test_it_looks_only_at_the_top_of_the_file():
    rows = _rows(*((n, [f"ghi chú {n}"]) for n in range(1, 12)),
                 (12, ["Mã phường", "Tháng", "Giá trị"]))
    assert split_header(rows, COLUMNS)[0][0] == 1
