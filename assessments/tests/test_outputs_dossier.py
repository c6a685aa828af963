"""The recognition dossier DOCX: Decree 30/2020 layout, scope, and LibreOffice can open it."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from accounts.models import Role
from assessments.documents import recognition_dossier_docx
from assessments.models import Assessment, CriteriaGroup, Criterion
from core.documents import date_line, document_number, document_symbol, official_document
from testing.clients import login
from testing.factories import assessment_for, criteria_set_with


def _dossier(world) -> Assessment:
    criteria_set = criteria_set_with(3)
    group = CriteriaGroup.objects.create(criteria_set=criteria_set, code="II", title="Trụ sở",
                                         order=1)
    Criterion.objects.create(criteria_set=criteria_set, group=group, code="2.1",
                             title="Tỷ lệ trang bị", value_type=Criterion.ValueType.PERCENTAGE,
                             comparison=Criterion.Comparison.GTE, target="90", order=1)
    assessment = assessment_for(world.ward, criteria_set=criteria_set)
    assessment.values.filter(criterion__code="1.1").update(value="yes", met=True, score=10)
    return assessment


def _open(content: bytes):
    return Document(io.BytesIO(content))


def test_it_sets_the_a4_page_and_decree_margins(world):
    section = _open(recognition_dossier_docx(_dossier(world))).sections[0]
    measured = [section.page_width, section.page_height, section.top_margin,
                section.bottom_margin, section.left_margin, section.right_margin]
    expected = [Mm(210), Mm(297), Mm(20), Mm(20), Mm(30), Mm(15)]
    assert all(abs(m - e) < Mm(0.1) for m, e in zip(measured, expected, strict=True))


def test_it_uses_times_new_roman_in_every_script_slot(world):
    document = _open(recognition_dossier_docx(_dossier(world)))
    normal = document.styles["Normal"]
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert normal.font.name == "Times New Roman"
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
    assert fonts.get(qn("w:asciiTheme")) is None


def test_it_writes_the_national_name_motto_and_issuer(world):
    header = _open(recognition_dossier_docx(_dossier(world))).tables[0]
    text = "\n".join(cell.text for row in header.rows for cell in row.cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "CÔNG AN PHƯỜNG HOÀN KIẾM" in text
    assert "CÔNG AN THÀNH PHỐ HÀ NỘI" in text
    assert "Số: …/BC-CAP" in text


def test_it_has_one_table_row_per_criterion_and_group_plus_header_and_total(world):
    document = _open(recognition_dossier_docx(_dossier(world)))
    results = document.tables[1]
    criteria, groups = 4, 2
    assert len(results.rows) == criteria + groups + 1 + 1
    assert results.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_it_numbers_pages_from_the_second_page(world):
    section = _open(recognition_dossier_docx(_dossier(world))).sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_it_pads_days_and_the_first_two_months_as_the_decree_says():
    assert date_line("Hà Nội", date(2024, 4, 5)) == "Hà Nội, ngày 05 tháng 4 năm 2024"
    assert date_line("Hà Nội", date(2024, 2, 15)) == "Hà Nội, ngày 15 tháng 02 năm 2024"
    assert document_number(5, "QĐ-CAP") == "05/QĐ-CAP"


def test_it_builds_a_generic_official_document():
    doc = official_document(issuer_parent="", issuer="UBND phường Hoàn Kiếm",
                            issuer_code="UBND", place="Hà Nội",
                            day=date(2026, 1, 2), title="Kế hoạch")
    doc.paragraph("Nội dung.")
    document = _open(doc.to_bytes())
    text = "\n".join(p.text for p in document.paragraphs)
    assert "KẾ HOẠCH" in text
    assert "Nội dung." in text
    # The symbol follows the kind of document: a plan is "KH", whoever issues it.
    assert document.tables[0].rows[1].cells[0].text == "Số: …/KH-UBND"


@pytest.mark.parametrize(("kind", "symbol"), [
    ("Báo cáo", "BC-CAP"), ("Tờ trình", "TTr-CAP"), ("Quyết định", "QĐ-CAP"),
    ("QUY ĐỊNH", "QyĐ-CAP"), ("Biên bản", "BB-CAP")])
def test_it_derives_the_symbol_from_the_kind_of_document(kind, symbol):
    assert document_symbol(kind, "CAP") == symbol


def test_it_refuses_a_kind_the_decree_does_not_list():
    with pytest.raises(ValueError, match="Decree 30"):
        official_document(issuer_parent="", issuer="Ủy ban MTTQ Việt Nam", issuer_code="MTTQ",
                          place="Hà Nội", day=date(2026, 1, 2), title="Bản tổng hợp")


def test_it_downloads_the_own_wards_dossier(client, world):
    assessment = _dossier(world)
    login(client, world.user(Role.WARD_OFFICER))
    response = client.get(reverse("assessments:dossier_docx", args=[assessment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert _open(response.content).tables


def test_it_answers_404_for_another_wards_dossier(client, world):
    assessment = _dossier(world)
    login(client, world.user(Role.WARD_CHIEF, own=False))
    response = client.get(reverse("assessments:dossier_docx", args=[assessment.pk]))
    assert response.status_code == 404


def test_it_asks_an_anonymous_visitor_to_log_in_for_a_dossier(client, world):
    response = client.get(reverse("assessments:dossier_docx", args=[_dossier(world).pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def _soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        message = "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


def test_it_converts_to_pdf_with_libreoffice(world, tmp_path: Path):
    soffice = _soffice()
    source = tmp_path / "dossier.docx"
    source.write_bytes(recognition_dossier_docx(_dossier(world)))
    # A private profile: parallel runs would otherwise fight over ~/.config/libreoffice.
    subprocess.run(  # noqa: S603 — our own binary and file names, no user input
        [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    pdf = tmp_path / "dossier.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        info = subprocess.run([pdfinfo, str(pdf)], check=True,  # noqa: S603
                              capture_output=True, text=True)
        pages = next(int(line.split()[-1]) for line in info.stdout.splitlines()
                     if line.startswith("Pages:"))
        assert pages >= 1
        assert "A4" in info.stdout
    else:
        assert pdf.read_bytes().count(b"/Type /Page") >= 1



def test_it_marks_an_unsubmitted_dossier_as_a_draft(world):
    from core.documents import DRAFT_MARK

    dossier = _dossier(world)
    draft = Document(io.BytesIO(recognition_dossier_docx(dossier)))
    assert DRAFT_MARK in [p.text for p in draft.paragraphs]
    Assessment.objects.filter(pk=dossier.pk).update(state=Assessment.State.SUBMITTED)
    dossier.refresh_from_db()
    final = Document(io.BytesIO(recognition_dossier_docx(dossier)))
    assert DRAFT_MARK not in [p.text for p in final.paragraphs]
