"""render_samples writes every document and export of the demo, and each one opens."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from core.documents import KIND_ABBREVIATIONS
from portal.demo import demo_load

KINDS = {kind.upper(): abbreviation for kind, abbreviation in KIND_ABBREVIATIONS.items()}

pytestmark = pytest.mark.django_db


def test_it_writes_every_document_and_export_of_the_demo(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    demo_load(province_code="01")
    out = tmp_path / "samples"
    call_command("render_samples", str(out))
    files = {path.name: path.read_bytes() for path in out.iterdir()}

    docx = [name for name in files if name.endswith(".docx")]
    assert {"ho-so-de-nghi-cong-nhan-00070-2026.docx", "tong-hop-y-kien-00070-2026.docx"} <= set(
        docx)
    assert any(name.startswith("bao-cao-tong-hop-") for name in docx)
    assert any(name.startswith("to-trinh-de-nghi-cong-nhan-") for name in docx)
    for name in docx:
        _check_decree_30(name, Document(io.BytesIO(files[name])))

    xlsx = [name for name in files if name.endswith(".xlsx")]
    assert len(xlsx) >= 12
    for name in xlsx:
        _check_spreadsheet(name, load_workbook(io.BytesIO(files[name])))

    for name in (n for n in files if n.endswith(".csv")):
        assert files[name].decode("utf-8-sig").strip(), name


def _check_decree_30(name, document):
    """The elements of Appendix I of Decree 30/2020 an official checks first."""
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297), name
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin,
                                  section.left_margin, section.right_margin)] == [
        20, 20, 30, 15], name
    (issuer, nation), (number, dated) = ([c.text for c in row.cells]
                                         for row in document.tables[0].rows)
    assert nation.split("\n")[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                      "Độc lập - Tự do - Hạnh phúc"], name
    assert issuer.strip() and issuer == issuer.upper(), name
    # The symbol opens with the kind of document printed as the title ("BÁO CÁO" → "BC-").
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    kind = next(text for text in paragraphs if text in KINDS)
    assert re.fullmatch(rf"Số: (…|\d+)/{KINDS[kind]}-\w+", number), (name, number)
    assert re.fullmatch(r".+, ngày (\d\d|\s+) tháng (\d+|\s+) năm \d{4}", dated), name
    assert document.paragraphs and any(p.startswith("Nơi nhận") for p in _all_text(document)), name
    fonts = {run.font.name for p in document.paragraphs for run in p.runs if run.font.name}
    assert fonts <= {"Times New Roman"}, (name, fonts)


def _all_text(document):
    yield from (p.text for p in document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from (p.text for p in cell.paragraphs)


def _check_spreadsheet(name, book):
    """The writer's rules: a title block, a frozen heading row, no formula from text."""
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], name
    first = book.worksheets[0]
    assert first["A1"].value and first["A1"].font.b, name
    if name.startswith("bo-tieu-chi") or name == "mau-bo-tieu-chi.xlsx":
        return  # the criteria workbook's first sheet names the set, field by field
    assert first.freeze_panes, name
    top = int(re.sub(r"\D", "", first.freeze_panes)) - 1
    assert top > 1, (name, "no title block above the heading row")
    headings = [c.value for c in first[top] if c.value]
    assert headings and all(not re.fullmatch(r"[a-z_]+", str(h)) for h in headings), (
        name, headings)


def test_it_says_who_must_exist(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="load the demo first"):
        call_command("render_samples", str(tmp_path), "--as", "khong-co-ai")
