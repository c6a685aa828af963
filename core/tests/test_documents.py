"""The Decree 30/2020 layout as an official reads it: the issuing block in one size, the
rule under the summary a third of its line, a draft marked and undated, line breaks
where the issuer says."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.shared import Pt

from core.documents import DRAFT_MARK, TEXT_WIDTH, _widest_line, official_document


def _doc(**extra):
    fields = {"issuer_parent": "Công an Thành phố Hà Nội", "issuer": "Công an Phường Hoàn Kiếm",
              "issuer_code": "CAP", "place": "Hà Nội", "day": date(2026, 12, 6),
              "title": "Báo cáo", "subtitle": "Kết quả tự đánh giá năm 2026"} | extra
    return Document(io.BytesIO(official_document(**fields).to_bytes()))


def _rule_width(paragraph) -> int:
    fmt = paragraph.paragraph_format
    return int(TEXT_WIDTH - fmt.left_indent - fmt.right_indent)


def test_it_prints_the_issuer_no_smaller_than_its_parent():
    cell = _doc(issuer_parent="Ủy ban MTTQ Việt Nam\nThành phố Hà Nội",
                issuer="Ủy ban MTTQ Việt Nam\nPhường Hoàn Kiếm").tables[0].rows[0].cells[0]
    parent, issuer = (p.runs[0] for p in cell.paragraphs[:2])
    assert parent.font.size == issuer.font.size >= Pt(12)
    assert issuer.bold and not parent.bold
    assert issuer.text == "ỦY BAN MTTQ VIỆT NAM\nPHƯỜNG HOÀN KIẾM"


def test_it_draws_the_rule_under_the_summary_a_third_of_its_line():
    document = _doc(title="Báo cáo",
                    subtitle="Kết quả thực hiện Kế hoạch xây dựng Công an phường kiểu mẫu "
                             "về an ninh, trật tự và văn minh đô thị 6 tháng đầu năm 2026")
    paragraphs = document.paragraphs
    subtitle = next(i for i, p in enumerate(paragraphs) if p.text.startswith("Kết quả"))
    width = _rule_width(paragraphs[subtitle + 1])
    line = min(int(_widest_line(paragraphs[subtitle].text, 14)), int(TEXT_WIDTH))
    assert line / 3 <= width <= line / 2


def test_it_marks_a_draft_and_leaves_its_day_for_the_signature():
    document = _doc(draft=True)
    texts = [p.text for p in document.paragraphs]
    assert DRAFT_MARK in texts
    dated = document.tables[0].rows[1].cells[1].text
    assert dated.startswith("Hà Nội, ngày ") and "06" not in dated and "2026" in dated


def test_it_dates_a_final_document():
    document = _doc()
    assert DRAFT_MARK not in [p.text for p in document.paragraphs]
    assert document.tables[0].rows[1].cells[1].text == "Hà Nội, ngày 06 tháng 12 năm 2026"
