"""Documents of the force's work in the Decree 30/2020 layout (core.documents): the
commendation proposal (tờ trình), the year's list of commendations, and the report of a
programme review drafted from the system's figures. Their text is Vietnamese."""

from __future__ import annotations

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from core.documents import initials, official_document, place_name, vn_number
from force.models import Commendation, ProgrammeReview
from force.review_figures import Figures
from units.models import OrgUnit

CENTER, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
KIND_WORDS = {"interim": "sơ kết", "final": "tổng kết"}


def _province_of(unit: OrgUnit) -> OrgUnit:
    if unit.kind == OrgUnit.Kind.PROVINCE:
        return unit
    assert unit.province is not None
    return unit.province


def commendation_docx(commendation: Commendation, *, draft: bool = True) -> bytes:
    """The proposer's tờ trình to the Director of the city police."""
    unit = commendation.proposer_unit
    province = _province_of(unit)
    place = place_name(province.name)
    if unit.kind == OrgUnit.Kind.PROVINCE:
        issuer_parent, issuer, code = "Bộ Công an", f"Công an {province.name}", \
            f"CA{initials(place)}"
    else:
        issuer_parent, issuer, code = f"Công an {province.name}", f"Công an {unit.name}", \
            "CAP"
    doc = official_document(
        issuer_parent=issuer_parent, issuer=issuer, issuer_code=code, place=place,
        day=timezone.localdate(), title="Tờ trình",
        subtitle=f"Đề nghị khen thưởng: {commendation.get_award_display()}", draft=draft)
    doc.paragraph(f"Kính gửi: Giám đốc Công an {province.name}.", indent=False,
                  align=CENTER)
    doc.paragraph(
        f"Căn cứ kết quả thực hiện Kế hoạch xây dựng Công an phường kiểu mẫu về an ninh, trật "
        f"tự và văn minh đô thị trong thời gian từ ngày {commendation.period_from:%d/%m/%Y} "
        f"đến ngày {commendation.period_to:%d/%m/%Y}, {issuer} kính đề nghị khen thưởng:")
    table = doc.table(["STT", "Tập thể, cá nhân", "Hình thức khen thưởng", "Thành tích"],
                      (Cm(1.2), Cm(5.2), Cm(4), Cm(6.1)))
    doc.row(table, ["1", commendation.nominee, commendation.get_award_display(),
                    commendation.achievement], aligns=(CENTER, LEFT, LEFT, LEFT))
    doc.paragraph(f"{issuer} kính trình Giám đốc Công an {province.name} xem xét, quyết "
                  "định./.")
    doc.sign_off(authority="Trưởng Công an phường" if unit.kind != OrgUnit.Kind.PROVINCE
                 else "Giám đốc", recipients=["Như trên;", "Lưu: VT."])
    return doc.to_bytes()


def commendation_list_docx(province: OrgUnit, year: int, rows: list[Commendation]) -> bytes:
    """The year's commendations decided, as the city police publishes them."""
    place = place_name(province.name)
    doc = official_document(
        issuer_parent="Bộ Công an", issuer=f"Công an {province.name}",
        issuer_code=f"CA{initials(place)}", place=place, day=timezone.localdate(),
        title="Thông báo",
        subtitle=(f"Danh sách tập thể, cá nhân được khen thưởng năm {year} trong thực hiện "
                  "Kế hoạch xây dựng Công an phường kiểu mẫu"))
    if not rows:
        doc.paragraph(f"Năm {year} chưa có quyết định khen thưởng nào được ghi nhận.")
    else:
        doc.paragraph(f"Công an {province.name} thông báo danh sách {len(rows)} tập thể, cá "
                      f"nhân được khen thưởng năm {year} như sau:")
        table = doc.table(["STT", "Tập thể, cá nhân", "Hình thức", "Quyết định", "Thành tích"],
                          (Cm(1.2), Cm(4.6), Cm(3.2), Cm(3), Cm(4.5)))
        for number, row in enumerate(rows, 1):
            decision = (f"Số {row.decision_number} ngày {row.decision_date:%d/%m/%Y}"
                        if row.decision_date else row.decision_number)
            doc.row(table, [str(number), row.nominee, row.get_award_display(), decision,
                            row.achievement], aligns=(CENTER, LEFT, LEFT, LEFT, LEFT))
    doc.sign_off(authority="Giám đốc",
                 recipients=["Công an các phường, xã;", "Lưu: VT, PX01."])
    return doc.to_bytes()


def review_docx(review: ProgrammeReview, figures: Figures) -> bytes:
    """The review's report: the programme's figures from the system, then the lessons."""
    province = review.province
    place = place_name(province.name)
    doc = official_document(
        issuer_parent="Bộ Công an", issuer=f"Công an {province.name}",
        issuer_code=f"CA{initials(place)}", place=place, day=review.held_on,
        title="Báo cáo", subtitle=review.title, draft=True)
    doc.heading("I. KẾT QUẢ THỰC HIỆN (số liệu trên hệ thống đến ngày "
                f"{figures.day:%d/%m/%Y})")
    doc.paragraph(f"1. Công nhận Công an phường kiểu mẫu: {figures.recognised} đơn vị được "
                  f"công nhận; {figures.in_procedure} hồ sơ đang trong quy trình năm "
                  f"{figures.year}.")
    doc.paragraph("2. Sự hài lòng của Nhân dân: " + (
        f"tỷ lệ hài lòng bình quân {vn_number(figures.satisfaction)}% trên "
        f"{figures.satisfaction_count} hồ sơ." if figures.satisfaction is not None
        else "chưa có kết quả lấy ý kiến Nhân dân."))
    doc.paragraph("3. Trụ sở, trang thiết bị: " + (
        f"{vn_number(figures.own_headquarters)}% đơn vị có trụ sở độc lập; "
        f"{vn_number(figures.equipped)}% đơn vị được trang bị đủ theo định mức."
        if figures.own_headquarters is not None else "chưa có số liệu."))
    doc.paragraph("4. Xây dựng lực lượng: " + (
        f"quân số {figures.headcount}/{figures.establishment} biên chế; "
        f"{figures.trained} lượt cán bộ được đào tạo, bồi dưỡng năm {figures.year}; "
        f"{figures.disciplined} cán bộ bị xử lý kỷ luật; {figures.commended} tập thể, cá "
        "nhân được khen thưởng." if figures.establishment else "chưa có số liệu."))
    doc.paragraph(f"5. Phong trào “An toàn về ANTT”: {figures.safe_groups}/"
                  f"{figures.groups} tổ dân phố, thôn được công nhận năm {figures.year}.")
    if figures.indicators:
        doc.paragraph(f"6. Một số chỉ tiêu về an ninh, trật tự năm {figures.year} (so với "
                      f"năm {figures.year - 1}):")
        table = doc.table(["Chỉ tiêu", f"Năm {figures.year - 1}", f"Năm {figures.year}"],
                          (Cm(9.5), Cm(3.5), Cm(3.5)))
        for name, before, now in figures.indicators:
            doc.row(table, [name, vn_number(before), vn_number(now)],
                    aligns=(LEFT, CENTER, CENTER))
    doc.heading("II. BÀI HỌC KINH NGHIỆM")
    for line in (review.lessons or "(Chưa ghi nhận.)").splitlines():
        if line.strip():
            doc.paragraph(line.strip())
    doc.paragraph(f"Trên đây là báo cáo {KIND_WORDS[review.kind]} thực hiện Kế hoạch xây "
                  f"dựng Công an phường kiểu mẫu của Công an {province.name}./.")
    doc.sign_off(authority="Giám đốc", recipients=["Bộ Công an;", "Thành ủy, UBND Thành phố;",
                                                    "Lưu: VT."])
    return doc.to_bytes()
