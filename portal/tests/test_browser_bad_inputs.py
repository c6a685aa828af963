"""Bad input in a real browser: refused in Vietnamese, nothing stored, nothing typed lost."""

import pytest

from attachments.models import Attachment
from portal.demo import DEMO_PASSWORD, demo_load
from testing.browser import log_in
from units.models import OrgUnit

pytestmark = pytest.mark.django_db(transaction=True)

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def officer_page(page):
    demo_load(province_code="01", with_assessments=False)
    log_in(page, "cap.hoankiem.canbo", DEMO_PASSWORD)
    page.goto("/units/00070/")
    return page


def _upload(page, name: str, payload: bytes, description: str) -> None:
    panel = page.locator("#attachments-panel")
    panel.get_by_label("Tệp").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": payload}
    )
    panel.get_by_label("Mô tả").fill(description)
    panel.get_by_role("button", name="Tải lên").click()


def test_it_refuses_an_executable_renamed_pdf_and_keeps_the_description(officer_page):
    page = officer_page
    _upload(page, "bien-ban.pdf", b"MZ\x90\x00" + b"\x00" * 200, "Biên bản họp tháng 10")
    panel = page.locator("#attachments-panel")
    panel.get_by_text("Tệp này không phải tệp PDF, JPEG, PNG, DOCX hoặc XLSX.").wait_for()
    assert panel.get_by_label("Mô tả").input_value() == "Biên bản họp tháng 10"
    assert not Attachment.objects.exists()


def test_it_accepts_a_real_pdf_and_lists_it(officer_page):
    page = officer_page
    _upload(page, "biên bản.pdf", MINIMAL_PDF, "Biên bản họp tháng 10")
    page.locator("#attachments-panel").get_by_role("link", name="biên bản.pdf").wait_for()
    assert Attachment.objects.get().org_unit.code == "00070"


def test_it_lists_broken_group_rows_by_row_and_column_and_imports_nothing(officer_page):
    page = officer_page
    before = OrgUnit.objects.filter(kind=OrgUnit.Kind.RESIDENTIAL_GROUP).count()
    page.get_by_role("link", name="Nhập danh sách tổ dân phố").click()
    broken = "Mã,Tên,Số hộ\nTDP20,Tổ dân phố số 20,150\n,Tổ không mã,90\nTDP20,Trùng mã,-3\n"
    page.get_by_label("Bảng tính (CSV hoặc XLSX)").set_input_files(
        {"name": "to-dan-pho.csv", "mimeType": "text/csv", "buffer": broken.encode()}
    )
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    errors = page.locator("#import-errors")
    errors.wait_for()
    text = errors.inner_text()
    assert "Chưa nhập dữ liệu nào" in text
    assert "Thiếu mã." in text
    assert "Mã này đã dùng ở dòng 2." in text
    assert "không phải số hộ hợp lệ" in text
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.RESIDENTIAL_GROUP).count() == before

    fixed = "Mã,Tên,Số hộ\nTDP20,Tổ dân phố số 20,150\nTDP21,Tổ dân phố số 21,90\n"
    page.get_by_label("Bảng tính (CSV hoặc XLSX)").set_input_files(
        {"name": "to-dan-pho.csv", "mimeType": "text/csv", "buffer": fixed.encode()}
    )
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    page.get_by_text("Đã nhập tổ dân phố: thêm 2").wait_for()
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.RESIDENTIAL_GROUP).count() == before + 2
