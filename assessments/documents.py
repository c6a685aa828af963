"""The recognition dossier (DOCX, built with core.documents) and the city matrix (XLSX)."""


from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from assessments.models import Assessment, Criterion, RecognitionRound
from assessments.output_selectors import Cell as MatrixCell
from assessments.output_selectors import Matrix, dossier_values, submitted_on, ward_chief_name
from core.documents import (
    in_sentence,
    initials,
    official_document,
    place_name,
    vn_number,
)
from core.spreadsheets import Caption, save_workbook, write_caption

# --- The recognition dossier -----------------------------------------------------------------

UNIT_WORD = {"ward": "phường", "commune": "xã", "special_zone": "đặc khu"}
UNIT_SYMBOL = {"ward": "CAP", "commune": "CAX", "special_zone": "CAĐK"}
ENDORSER_WORDS = {"committee": "Ủy ban nhân dân phường", "party": "Đảng ủy phường"}


def target_text(criterion: Criterion) -> str:
    """The criterion's target as the dossier writes it ("≥ 90%", "Có", or "—")."""
    return criterion.format_target(yes="Có", no="Không", number=vn_number) or "—"


def result_text(criterion: Criterion, value: str) -> str:
    return criterion.format_value(value, yes="Có", no="Không", number=vn_number)


def _met_text(met: bool | None) -> str:
    return {True: "Đạt", False: "Không đạt"}.get(met, "Chưa đánh giá")  # type: ignore[arg-type]


def recognition_dossier_docx(assessment: Assessment) -> bytes:
    """The ward's self-assessment report ("Báo cáo tự đánh giá, chấm điểm") as DOCX."""
    ward = assessment.ward
    province = ward.province
    criteria_set = assessment.criteria_set
    year = assessment.round.year
    day = submitted_on(assessment) or timezone.localdate()
    word = UNIT_WORD.get(ward.kind, "phường")
    unit_in_sentence = f"Công an {in_sentence(ward.name)}"
    doc = official_document(
        issuer_parent=f"Công an {province.name}" if province else "",
        issuer=f"Công an {ward.name}",
        issuer_code=UNIT_SYMBOL.get(ward.kind, "CAP"),
        place=place_name(province.name) if province else "",
        day=day,
        title="Báo cáo",
        subtitle=(f"Tự đánh giá, chấm điểm đề nghị công nhận Công an {word} kiểu mẫu "
                  f"về an ninh, trật tự và văn minh đô thị năm {year}"),
        # Until the ward submits it, the dossier is a draft: marked so, and undated.
        draft=assessment.state in Assessment.EDITABLE_STATES,
    )
    values = list(dossier_values(assessment))
    top_level = [v for v in values if v.criterion.parent_id is None]
    max_total = sum((v.criterion.max_score for v in top_level), Decimal(0))
    unmet_mandatory = [v.criterion.code for v in values
                       if v.criterion.mandatory and v.met is not True]

    name = criteria_set.name
    basis = name if name.lower().startswith("bộ tiêu chí") else f"Bộ tiêu chí “{name}”"
    if criteria_set.legal_basis_number:
        basis += f" ban hành kèm theo Quyết định số {criteria_set.legal_basis_number}"
        if criteria_set.legal_basis_date:
            basis += f" ngày {criteria_set.legal_basis_date:%d/%m/%Y}"
    doc.paragraph(
        f"Căn cứ {basis}, {unit_in_sentence} đã tự đánh giá, chấm điểm kết quả xây dựng "
        f"Công an {word} kiểu mẫu về an ninh, trật tự và văn minh đô thị năm {year}, "
        f"kết quả như sau:"
    )
    doc.heading("I. KẾT QUẢ CHUNG")
    doc.paragraph(
        f"1. Tổng điểm tự chấm: {vn_number(assessment.total_score)}/{vn_number(max_total)} "
        f"điểm (điểm đạt theo Bộ tiêu chí: {vn_number(criteria_set.pass_score)} điểm)."
    )
    if unmet_mandatory:
        mandatory = (f"chưa đạt {len(unmet_mandatory)} tiêu chí bắt buộc "
                     f"({', '.join(unmet_mandatory)}).")
    else:
        mandatory = "đạt toàn bộ các tiêu chí bắt buộc."
    doc.paragraph(f"2. Tiêu chí bắt buộc: {mandatory}")
    if assessment.passes:
        verdict = f"đủ điều kiện đề nghị công nhận Công an {word} kiểu mẫu năm {year}."
    else:
        verdict = f"chưa đủ điều kiện đề nghị công nhận Công an {word} kiểu mẫu năm {year}."
    doc.paragraph(f"3. Tự đánh giá: {unit_in_sentence} {verdict}")
    if assessment.satisfaction_rate is not None:
        source = f" ({assessment.satisfaction_source})" if assessment.satisfaction_source else ""
        doc.paragraph(f"4. Mức độ hài lòng của Nhân dân theo kết quả lấy ý kiến của Ủy ban MTTQ: "
                      f"{vn_number(assessment.satisfaction_rate)}%{source}.")

    doc.heading("II. KẾT QUẢ TỰ ĐÁNH GIÁ TỪNG TIÊU CHÍ")
    widths = (Cm(1.3), Cm(5.9), Cm(2.0), Cm(2.1), Cm(1.8), Cm(1.4), Cm(2.0))
    table = doc.table(
        ["STT", "Tiêu chí", "Chỉ tiêu", "Kết quả", "Đánh giá", "Điểm", "Tài liệu kiểm chứng"],
        widths,
    )
    center, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    aligns = (center, left, center, center, center, center, center)
    group_id = None
    for value in values:
        criterion = value.criterion
        if criterion.group_id != group_id:
            group_id = criterion.group_id
            doc.row(table, [f"{criterion.group.code}. {criterion.group.title}"], span=True)
        code = f"{criterion.code}*" if criterion.mandatory else criterion.code
        doc.row(table, [
            code, criterion.title, target_text(criterion), result_text(criterion, value.value),
            _met_text(value.met), vn_number(value.score),
            str(value.evidence_count) if value.evidence_count else "",  # type: ignore[attr-defined]
        ], aligns=aligns)
    total = doc.row(table, ["Tổng điểm", "", "", "", "", vn_number(assessment.total_score), ""],
                    bold=True, aligns=(left, *aligns[1:]))
    merged = total.cells[0].merge(total.cells[1])
    for extra in merged.paragraphs[1:]:  # the merged-in cell's empty paragraph
        extra._p.getparent().remove(extra._p)
    note = doc.paragraph("(*) Tiêu chí bắt buộc.", italic=True, indent=False)
    note.runs[0].font.size = Pt(12)
    note.paragraph_format.space_before = Pt(3)

    sourced = [v for v in values if v.criterion.is_computed and (
        v.source_note or v.overridden_at)]
    if sourced:
        # The figures the unit did not type: where each came from, and any correction.
        doc.heading("III. NGUỒN SỐ LIỆU CỦA CÁC TIÊU CHÍ DO HỆ THỐNG TÍNH")
        for value in sourced:
            line = f"- Tiêu chí {value.criterion.code}: {value.source_note}".rstrip(" .:")
            if value.source_read_at:
                line += f" (số liệu đọc ngày {timezone.localtime(value.source_read_at):%d/%m/%Y})"
            doc.paragraph(line + ".")
            if value.overridden_at:
                who = value.overridden_by.full_name if value.overridden_by else ""
                doc.paragraph(
                    f"  Công an {province.name if province else 'cấp trên'} điều chỉnh giá trị "
                    f"ngày {timezone.localtime(value.overridden_at):%d/%m/%Y}"
                    + (f" ({who})" if who else "") + f": {value.override_reason}")

    # The document asks for recognition only when the unit meets the pass rule.
    if assessment.passes:
        doc.paragraph(
            f"{unit_in_sentence} kính đề nghị Công an {province.name if province else ''} thẩm "
            f"định, xem xét công nhận {unit_in_sentence} đạt danh hiệu Công an {word} kiểu mẫu "
            f"về an ninh, trật tự và văn minh đô thị năm {year}./."
        )
    else:
        doc.paragraph(
            f"{unit_in_sentence} chưa đủ điều kiện nên chưa đề nghị công nhận danh hiệu Công an "
            f"{word} kiểu mẫu năm {year}; đơn vị báo cáo kết quả tự đánh giá để Công an "
            f"{province.name if province else 'cấp trên'} theo dõi, chỉ đạo và tiếp tục phấn "
            f"đấu khắc phục các tiêu chí chưa đạt./."
        )
    doc.sign_off(
        authority=f"Trưởng Công an {word}",
        signer=ward_chief_name(ward),
        recipients=[
            ("Công an Thành phố" if province and province.name.startswith("Thành phố")
             else "Công an tỉnh") + (" (để thẩm định);" if assessment.passes
                                     else " (để báo cáo);"),
            f"UBND {in_sentence(ward.name)};",
            "Lưu: VT.",
        ],
    )
    return doc.to_bytes()


def dossier_filename(assessment: Assessment) -> str:
    return f"bao-cao-tu-danh-gia-{assessment.ward.code}-{assessment.round.year}.docx"


# --- The city matrix as a workbook -----------------------------------------------------------

def matrix_xlsx(matrix: Matrix, *, caption: Caption, labels: dict[str, str]) -> bytes:
    """The matrix as officials file it: the title block, frozen headings, coloured judgements.

    `labels` holds the column headings in the reader's language (keys: ward_code, ward,
    state, total, passes, yes_pass, no_pass, value, score).
    """
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = str(matrix.round.year)
    fixed = [labels["ward_code"], labels["ward"], labels["state"], labels["total"],
             labels["passes"]]
    first_criterion_column = len(fixed) + 1
    last_column = len(fixed) + 2 * len(matrix.criteria)
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DCE6F1")
    met_fill = PatternFill("solid", fgColor="C6EFCE")
    unmet_fill = PatternFill("solid", fgColor="FFC7CE")
    thin = Side(style="thin", color="999999")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    write_caption(sheet, caption)
    # Two heading rows under the caption: fixed headings (spanning both) and criterion
    # codes (each over 2 columns), then value / score under each criterion.
    top = sheet.max_row + 1
    for column, text in enumerate(fixed, 1):
        sheet.cell(row=top, column=column, value=text)
        sheet.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
    for index, criterion in enumerate(matrix.criteria):
        column = first_criterion_column + 2 * index
        sheet.cell(row=top, column=column, value=f"{criterion.code}. {criterion.title}")
        sheet.merge_cells(start_row=top, start_column=column, end_row=top, end_column=column + 1)
        sheet.cell(row=top + 1, column=column, value=labels["value"])
        sheet.cell(row=top + 1, column=column + 1, value=labels["score"])
    for row in sheet.iter_rows(min_row=top, max_row=top + 1, max_col=last_column):
        for cell in row:
            cell.font, cell.fill, cell.alignment, cell.border = bold, header_fill, centre, box
    sheet.row_dimensions[top].height = 60

    for offset, matrix_row in enumerate(matrix.rows):
        row_number = top + 2 + offset
        assessment = matrix_row.assessment
        fixed_values: list[Any] = [
            assessment.ward.code, assessment.ward.name, assessment.get_state_display(),
            assessment.total_score, labels["yes_pass"] if assessment.passes else labels["no_pass"],
        ]
        for column, value in enumerate(fixed_values, 1):
            sheet.cell(row=row_number, column=column, value=value).border = box
        for index, judged in enumerate(matrix_row.cells):
            column = first_criterion_column + 2 * index
            value_cell = sheet.cell(row=row_number, column=column,
                                    value=_sheet_value(matrix.criteria[index], judged))
            score_cell = sheet.cell(row=row_number, column=column + 1,
                                    value=judged.score if judged else None)
            fill = None
            if judged is not None and judged.met is not None:
                fill = met_fill if judged.met else unmet_fill
            for target in (value_cell, score_cell):
                target.border = box
                if fill is not None:
                    target.fill = fill
    # Ward and totals stay in view while officials scroll right through the criteria.
    sheet.freeze_panes = f"{get_column_letter(first_criterion_column)}{top + 2}"
    for column, width in enumerate((9, 26, 18, 9, 9), 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for column in range(first_criterion_column, last_column + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 9
    sheet.print_title_rows = f"{top}:{top + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    return save_workbook(workbook)


def _sheet_value(criterion: Criterion, judged: MatrixCell | None) -> Any:
    """Numbers stay numbers (officials sum them); the rest is the cell's display text."""
    if judged is None or judged.value == "":
        return None
    if criterion.value_type in (Criterion.ValueType.NUMBER, Criterion.ValueType.PERCENTAGE,
                                Criterion.ValueType.SCORE):
        try:
            return Decimal(judged.value)
        except ArithmeticError:
            return judged.value
    return judged.text


# --- The proposal to the Ministry ------------------------------------------------------------

def proposal_docx(round_: RecognitionRound, assessments: list[Assessment], *,
                  draft: bool) -> bytes:
    """The city police's tờ trình asking the Minister of Public Security to recognise the
    units the council approved: one row per unit (score, mandatory criteria, residents'
    satisfaction, council conclusion) and their dossiers listed as annexes."""
    province = round_.province
    place = place_name(province.name)
    year = round_.year
    doc = official_document(
        # The city police belongs to the Ministry of Public Security.
        issuer_parent="Bộ Công an", issuer=f"Công an {province.name}",
        issuer_code=f"CA{initials(place)}", place=place, day=timezone.localdate(),
        title="Tờ trình",
        subtitle=("Đề nghị công nhận danh hiệu Công an phường kiểu mẫu về an ninh, trật tự "
                  f"và văn minh đô thị năm {year}"),
        draft=draft,
    )
    doc.paragraph("Kính gửi: Bộ trưởng Bộ Công an.", indent=False,
                  align=WD_ALIGN_PARAGRAPH.CENTER)
    criteria_set = round_.criteria_set
    basis = criteria_set.name
    if criteria_set.legal_basis_number:
        basis += f" (ban hành kèm theo Quyết định số {criteria_set.legal_basis_number})"
    doc.paragraph(
        f"Căn cứ {basis}; căn cứ kết quả tự đánh giá của Công an các phường, ý kiến của Ủy ban "
        f"nhân dân phường, kết quả lấy ý kiến Nhân dân do Ủy ban Mặt trận Tổ quốc Việt Nam "
        f"phường tổ chức và kết luận của Hội đồng thẩm định, Công an {province.name} kính đề "
        f"nghị Bộ trưởng Bộ Công an xem xét, công nhận danh hiệu Công an phường kiểu mẫu về "
        f"an ninh, trật tự và văn minh đô thị năm {year} cho {len(assessments)} đơn vị sau:"
    )
    table = doc.table(["STT", "Đơn vị", "Tổng điểm", "Tiêu chí bắt buộc",
                       "Nhân dân hài lòng", "Kết luận của Hội đồng thẩm định"],
                      (Cm(1.2), Cm(4.2), Cm(1.8), Cm(2.2), Cm(2.2), Cm(4.9)))
    center, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    for number, assessment in enumerate(assessments, 1):
        doc.row(table, [
            str(number), f"Công an {in_sentence(assessment.ward.name)}",
            f"{vn_number(assessment.total_score)}/{vn_number(criteria_set.pass_score)}",
            "Đạt toàn bộ" if assessment.mandatory_met else "Chưa đạt toàn bộ",
            (f"{vn_number(assessment.satisfaction_rate)}%"
             if assessment.satisfaction_rate is not None else "—"),
            assessment.council_outcome or "—",
        ], aligns=(center, left, center, center, center, left))
    doc.paragraph("Hồ sơ của từng đơn vị gửi kèm theo Tờ trình này gồm:")
    for number, assessment in enumerate(assessments, 1):
        parts = ["báo cáo tự đánh giá, chấm điểm", "bản tổng hợp kết quả lấy ý kiến Nhân dân"]
        parts += [f"ý kiến của {ENDORSER_WORDS[e.body]} (văn bản số {e.document_number} "
                  f"ngày {e.document_date:%d/%m/%Y})" for e in assessment.endorsements.all()]
        parts.append("biên bản họp Hội đồng thẩm định")
        doc.paragraph(f"{number}. Công an {in_sentence(assessment.ward.name)}: "
                      f"{'; '.join(parts)}.")
    doc.paragraph(f"Công an {province.name} kính trình Bộ trưởng Bộ Công an xem xét, quyết "
                  "định./.")
    doc.sign_off(authority="Giám đốc", recipients=["Như trên;", "Lưu: VT."])
    return doc.to_bytes()


def proposal_filename(round_: RecognitionRound) -> str:
    return f"to-trinh-de-nghi-cong-nhan-{round_.year}.docx"
