"""render_samples writes every document and export of the demo, and each one opens."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from portal.demo import demo_load

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
    for name in docx:
        document = Document(io.BytesIO(files[name]))
        # The letterhead is a table: the national name sits in its right-hand cell.
        letterhead = "".join(c.text for t in document.tables[:1] for r in t.rows
                             for c in r.cells)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in letterhead, name
        assert len(document.paragraphs) > 5, name

    xlsx = [name for name in files if name.endswith(".xlsx")]
    assert len(xlsx) >= 12
    for name in xlsx:
        book = load_workbook(io.BytesIO(files[name]))
        cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
        assert any(c.value not in (None, "") for c in cells), name
        assert not [c.coordinate for c in cells if c.data_type == "f"], name

    for name in (n for n in files if n.endswith(".csv")):
        assert files[name].decode("utf-8-sig").strip(), name


def test_it_says_who_must_exist(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="load the demo first"):
        call_command("render_samples", str(tmp_path), "--as", "khong-co-ai")
