"""The Fatherland Front's summary of the consultation ("Bản tổng hợp kết quả lấy ý kiến").

Document content in the official language, laid out by the Decree 30/2020 builder of
`core.documents`; so the text is Vietnamese here, not translated through gettext.
Phone numbers (ContactRequest) are never read here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from consultations.models import Question, Rating, Response
from consultations.selectors import CampaignResult
from core.documents import (
    in_sentence,
    official_document,
    place_name,
    vn_number,
)

# How many comments the summary quotes: enough to give the council the residents' voice,
# few enough that the summary stays a summary (all of them are on the results page).
QUOTED_COMMENTS = 10
QUOTE_MAX = 300
# A resident may type a phone number into a comment; the summary travels to the police
# and the city council, so anything that looks like one is masked.
_PHONE_LIKE = re.compile(r"(?:\+?\d[\s.\-]?){8,}\d")

# Air between a table and the heading under it; the body style has none before.
AFTER_TABLE = Pt(9)
CHANNEL_WORDS = {
    Response.Channel.CODE: "trả lời trực tuyến bằng mã hộ gia đình",
    Response.Channel.WEB: "trả lời trực tuyến qua đường dẫn của tổ dân phố",
    Response.Channel.PAPER: "phiếu giấy",
}
RATING_HEADERS = {
    Rating.VERY_SATISFIED: "Rất hài lòng",
    Rating.SATISFIED: "Hài lòng",
    Rating.NEUTRAL: "Bình thường",
    Rating.DISSATISFIED: "Không hài lòng",
    Rating.VERY_DISSATISFIED: "Rất không hài lòng",
}


def mask_phones(text: str) -> str:
    return _PHONE_LIKE.sub("***", text)


def _percent(value: object) -> str:
    return f"{vn_number(value)}%" if value is not None else "—"  # type: ignore[arg-type]


def summary_filename(campaign_ward_code: str, year: int) -> str:
    return f"tong-hop-y-kien-{campaign_ward_code}-{year}.docx"


def summary_docx(result: CampaignResult, *, counted: CampaignResult,
                 questions: Sequence[Question], comments: Sequence[str], comment_count: int,
                 day: date | None = None, signer: str = "") -> bytes:
    """The summary as DOCX: the answers of every channel by group and question (`result`),
    the rate that decides the criterion from the counted channels only (`counted`), the
    channel mix and the visible comments."""
    campaign = result.campaign
    ward = campaign.ward
    province = ward.province
    year = campaign.year
    ward_text = in_sentence(ward.name)
    doc = official_document(
        issuer_parent=(f"Ủy ban MTTQ Việt Nam\n{province.name}" if province
                       else "Ủy ban MTTQ Việt Nam"),
        # Two lines, so the ward's name never breaks in the middle.
        issuer=f"Ủy ban MTTQ Việt Nam\n{ward.name}",
        issuer_code="MTTQ",
        place=place_name(province.name) if province else "",
        day=day or timezone.localdate(),
        # A report in the decree's list of kinds ("bản tổng hợp" is not one), so "BC-MTTQ".
        title="Báo cáo",
        subtitle=(f"Tổng hợp kết quả lấy ý kiến nhân dân đối với Công an {ward_text} đề nghị "
                  f"công nhận Công an phường kiểu mẫu về an ninh, trật tự và văn minh đô thị "
                  f"năm {year}"),
    )
    doc.paragraph(
        f"Thực hiện nhiệm vụ được giao tại mục 18 phần IV Kế hoạch xây dựng Công an phường "
        f"kiểu mẫu về an ninh, trật tự và văn minh đô thị giai đoạn 2024–2030, Ban Thường "
        f"trực Ủy ban MTTQ Việt Nam {ward_text} đã tổ chức lấy ý kiến nhân dân đánh giá về "
        f"Công an {ward_text} — đơn vị đề nghị công nhận danh hiệu kiểu mẫu năm {year}. "
        f"Kết quả tổng hợp như sau:"
    )

    doc.heading("I. CÁCH THỨC LẤY Ý KIẾN")
    channels = result.channel_totals
    used = [f"{CHANNEL_WORDS[Response.Channel(c)]} ({vn_number(n)} ý kiến)"
            for c, n in channels.items() if n]
    doc.paragraph(
        f"Ý kiến được lấy qua {len(result.groups)} tổ dân phố, từ ngày "
        f"{campaign.opens_on:%d/%m/%Y} đến ngày {campaign.closes_on:%d/%m/%Y}"
        + (f" (kết thúc sớm ngày {timezone.localtime(campaign.closed_early_at):%d/%m/%Y})"
           if campaign.closed_early_at else "")
        + ", theo các hình thức: "
        + ("; ".join(used) if used else "chưa có ý kiến nào") + "."
    )
    doc.paragraph(
        "Người dân trả lời không cần cung cấp thông tin cá nhân; người được hỏi được tính là "
        "hài lòng khi chọn “Hài lòng” hoặc “Rất hài lòng” ở câu hỏi đánh giá chung."
    )
    counted_words = "; ".join(CHANNEL_WORDS[Response.Channel(c)] for c in counted.channels)
    apart = channels.get(Response.Channel.WEB, 0) if not counted.counts_open_web else 0
    doc.paragraph(
        f"Tỷ lệ hài lòng dùng để xét công nhận được tính từ các ý kiến theo hình thức: "
        f"{counted_words}"
        + (f"; {apart} ý kiến trả lời qua đường dẫn không có mã hộ gia đình được thống kê "
           f"riêng, không tính vào tỷ lệ" if apart else "")
        + (f"; {result.held} ý kiến vượt quá số hộ của tổ dân phố chưa được tính"
           if result.held else "") + "."
    )

    doc.heading("II. KẾT QUẢ THEO TỔ DÂN PHỐ")
    center, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    aligns = (center, left, center, center, center, center)
    table = doc.table(["STT", "Tổ dân phố", "Số hộ", "Số ý kiến", "Hài lòng", "Tỷ lệ"],
                      (Cm(1.3), Cm(5.6), Cm(2.2), Cm(2.6), Cm(2.4), Cm(2.4)))
    for number, group in enumerate(result.groups, 1):
        doc.row(table, [str(number), group.group.name, vn_number(group.group.households),
                        vn_number(group.answered), vn_number(group.satisfied),
                        _percent(group.rate)],
                aligns=aligns)
    households = sum(g.group.households or 0 for g in result.groups)
    doc.row(table, ["", "Tổng cộng", vn_number(households), vn_number(result.answered),
                    vn_number(result.satisfied), _percent(result.rate)], bold=True, aligns=aligns)

    rating_questions = [q for q in questions if q.kind == Question.Kind.RATING]
    if rating_questions:
        doc.heading("III. KẾT QUẢ THEO TỪNG NỘI DUNG").paragraph_format.space_before = AFTER_TABLE
        order = [Rating.VERY_SATISFIED, Rating.SATISFIED, Rating.NEUTRAL, Rating.DISSATISFIED,
                 Rating.VERY_DISSATISFIED]
        table = doc.table(["Nội dung", *(RATING_HEADERS[r] for r in order)],
                          (Cm(5.5), Cm(2.2), Cm(2.2), Cm(2.2), Cm(2.2), Cm(2.2)))
        for question in rating_questions:
            counts = [sum(g.counts.get(question.code, {}).get(r, 0) for g in result.groups)
                      for r in order]
            doc.row(table, [question.text, *(vn_number(n) for n in counts)],
                    aligns=(left, *([center] * 5)))

    doc.heading("IV. ĐÁNH GIÁ CHUNG").paragraph_format.space_before = AFTER_TABLE
    threshold = campaign.satisfaction_threshold
    verdict = "đạt" if counted.meets_threshold else "chưa đạt"
    doc.paragraph(
        f"1. Tỷ lệ người dân hài lòng với Công an {ward_text}: {_percent(counted.rate)} "
        f"({vn_number(counted.satisfied)}/{vn_number(counted.answered)} ý kiến), {verdict} mức "
        f"yêu cầu {vn_number(threshold)}%."
    )
    minimum = campaign.min_responses_per_group
    if counted.is_valid:
        validity = (f"tất cả {len(counted.groups)} tổ dân phố đều có từ {minimum} ý kiến trở "
                    f"lên; kết quả đủ cơ sở để xem xét.")
    else:
        short = ", ".join(f"{g.group.name} ({g.answered} ý kiến)" for g in counted.groups_short)
        validity = (f"còn {len(counted.groups_short)} tổ dân phố chưa đủ {minimum} ý kiến theo "
                    f"yêu cầu: {short}. Đề nghị lưu ý khi xem xét kết quả.")
    doc.paragraph(f"2. Tính hợp lệ: {validity}")
    if comment_count:
        quoted = list(comments[:QUOTED_COMMENTS])
        doc.paragraph(
            f"3. Ý kiến khác của người dân: có {comment_count} ý kiến"
            + (f"; trích {len(quoted)} ý kiến gần nhất:" if quoted else ".")
        )
        for text in quoted:
            text = mask_phones(" ".join(text.split()))
            if len(text) > QUOTE_MAX:
                text = text[:QUOTE_MAX].rstrip() + "…"
            line = doc.paragraph(f"- “{text}”", italic=True)
            line.paragraph_format.space_after = Pt(3)
    else:
        doc.paragraph("3. Ý kiến khác của người dân: không có.")
    doc.paragraph(
        f"Ban Thường trực Ủy ban MTTQ Việt Nam {ward_text} gửi Công an {ward_text} để hoàn "
        f"thiện hồ sơ đề nghị công nhận theo quy định./."
    )
    doc.sign_off(
        on_behalf="TM. Ban Thường trực", authority="Chủ tịch", signer=signer,
        recipients=[f"Công an {ward_text} (để hoàn thiện hồ sơ);", "Lưu: VT."],
    )
    return doc.to_bytes()
