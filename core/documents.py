"""Official documents in the Decree 30/2020/NĐ-CP layout: the one DOCX builder of the project.

Every app that issues a document (dossiers, reports, summaries) builds it here::

    doc = official_document(
        issuer_parent="CÔNG AN THÀNH PHỐ HÀ NỘI", issuer="CÔNG AN PHƯỜNG HOÀN KIẾM",
        issuer_code="CAP", place="Hà Nội", day=date(2026, 4, 5),
        title="Báo cáo", subtitle="Kết quả …",  # "Số: …/BC-CAP"
    )
    doc.paragraph("Thực hiện …")
    table = doc.table(["STT", "Nội dung"], [Cm(1.5), Cm(15)])
    doc.row(table, ["1", "…"])
    doc.sign_off(authority="TRƯỞNG CÔNG AN PHƯỜNG", signer="Nguyễn Văn A",
                 recipients=["Công an Thành phố;", "Lưu: VT."])
    content = doc.to_bytes()

It sets what Appendix I of the decree fixes: A4, margins (top/bottom 20 mm, left 30 mm,
right 15 mm), Times New Roman everywhere (East Asian slot too, or Word on a Vietnamese
system falls back to another font), black, the two-column letterhead, the italic place
and date, the bold title, 14 pt justified body with a 1.27 cm first-line indent and 6 pt
after, page numbers top centre from page 2, "Nơi nhận:" bottom left and the signature
block bottom right. The text is document content in the official language, so it is
written in Vietnamese here, not translated through gettext.
"""


from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject

FONT = "Times New Roman"
BLACK = RGBColor(0, 0, 0)
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DRAFT_MARK = "DỰ THẢO"
# The motto's width in 14 pt bold Times New Roman, from the font's advance widths (Liberation
# Serif 2, which LibreOffice uses in its place, has the same metrics). The decree wants the
# line under the motto exactly as long as the text; python-docx cannot measure text.
MOTTO_WIDTH = Cm(6.05)
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_WIDTH = Mm(210 - 30 - 15)
# The letterhead's columns fill the text width: the national name in 13 pt bold needs
# 9.57 cm; the issuer gets the rest and drops to 12 pt when 13 pt does not fit. No inner
# cell margin: every millimetre counts.
CELL_MARGIN = Cm(0)
RIGHT_COLUMN = Cm(9.7)
LEFT_COLUMN = Length(int(TEXT_WIDTH - RIGHT_COLUMN))
INDENT = Cm(1.27)
# Advance widths (1/1000 em) of Times New Roman Bold capitals, for sizing the letterhead and
# its short rules; Vietnamese letters measure as their base letter (horns barely add).
_CAPS_WIDTHS = {
    "A": 722, "B": 667, "C": 722, "D": 722, "E": 667, "F": 611, "G": 778, "H": 778, "I": 389,
    "J": 500, "K": 778, "L": 667, "M": 944, "N": 722, "O": 778, "P": 611, "Q": 778, "R": 722,
    "S": 556, "T": 667, "U": 722, "V": 722, "W": 1000, "X": 722, "Y": 722, "Z": 667,
    "Đ": 722, "Ư": 796, " ": 250, ",": 250, ".": 250, "-": 333, "–": 500, "(": 333,
    ")": 333, "/": 278,
}
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- Vietnamese administrative conventions ---------------------------------------------------

def date_line(place: str, day: date) -> str:
    """"Hà Nội, ngày 05 tháng 4 năm 2024": the decree pads days under 10 and months 1 and 2
    (so that nobody can turn "1" into "11" or "12"), and no other month."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


# Appendix III of the decree: the abbreviation of each kind of document, which opens the
# symbol after the number ("05/BC-CAP"). A document whose kind is not here has no kind the
# decree knows (a letter, "công văn", carries only the issuer's abbreviation).
KIND_ABBREVIATIONS = {
    "nghị quyết": "NQ", "quyết định": "QĐ", "chỉ thị": "CT", "quy chế": "QC",
    "quy định": "QyĐ", "thông cáo": "TC", "thông báo": "TB", "hướng dẫn": "HD",
    "chương trình": "CTr", "kế hoạch": "KH", "phương án": "PA", "đề án": "ĐA", "dự án": "DA",
    "báo cáo": "BC", "biên bản": "BB", "tờ trình": "TTr", "hợp đồng": "HĐ",
    "công điện": "CĐ", "bản ghi nhớ": "GN", "bản thỏa thuận": "TTh", "giấy ủy quyền": "GUQ",
    "giấy mời": "GM", "giấy giới thiệu": "GGT", "giấy nghỉ phép": "GNP", "phiếu gửi": "PG",
    "phiếu chuyển": "PC", "phiếu báo": "PB",
}


def document_symbol(kind: str, issuer_code: str) -> str:
    """"Báo cáo", "CAP" → "BC-CAP": the kind's abbreviation, then the issuer's."""
    key = " ".join(unicodedata.normalize("NFC", kind).lower().split())
    if key not in KIND_ABBREVIATIONS:
        raise ValueError(f"{kind!r} is not a kind of document listed in Decree 30/2020")
    return f"{KIND_ABBREVIATIONS[key]}-{issuer_code}"


def document_number(number: int | None, symbol: str) -> str:
    """"05/BC-CAP"; without a number (the clerk numbers it on signing) "…/BC-CAP"."""
    return f"{number:02d}/{symbol}" if number is not None else f"…/{symbol}"


def place_name(province_name: str) -> str:
    """"Thành phố Hà Nội" → "Hà Nội": the place line names the locality, not its rank."""
    for prefix in ("Thành phố ", "Tỉnh "):
        if province_name.startswith(prefix):
            return province_name.removeprefix(prefix)
    return province_name


def initials(place: str) -> str:
    """"Hà Nội" → "HN": the initials that follow "CA" in a province police's symbol."""
    letters = "".join(word[0] for word in place.split() if word)
    return unicodedata.normalize("NFC", letters).upper()


def in_sentence(unit_name: str) -> str:
    """"Phường Hoàn Kiếm" → "phường Hoàn Kiếm", as the kind is written inside a sentence."""
    for prefix in ("Phường ", "Xã ", "Đặc khu ", "Thị trấn "):
        if unit_name.startswith(prefix):
            return prefix.lower() + unit_name.removeprefix(prefix)
    return unit_name


def vn_number(number: Decimal | int | None) -> str:
    """10 → "10", 7.50 → "7,5", 1746 → "1.746": thousands grouped with dots and a decimal
    comma, as Vietnamese documents write numbers; no trailing zeros."""
    if number is None:
        return ""
    value = Decimal(number)
    sign = "-" if value < 0 else ""
    whole, _dot, fraction = format(abs(value).normalize(), "f").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + (f",{fraction}" if fraction else "")


# --- Low-level OOXML helpers ----------------------------------------------------------------

def _set_fonts(rpr: Any, *, name: str = FONT) -> None:
    """Point every script slot at `name` and drop theme fonts, which would win over it."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)


def _set_language(rpr: Any) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")


# Where a child goes among its siblings: Word shrugs at elements out of schema order,
# LibreOffice silently ignores them (borders, widths, margins would vanish).
_AFTER_TBL_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                      "w:tblDescription", "w:tblPrChange")
_AFTER_P_BDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_TC_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
                 "w:hideMark")


def _borders(element: Any, tag: str, edges: Sequence[str], value: str = "single",
             size: int = 6) -> None:
    """Set `edges` of a border container (`w:tblBorders`, `w:pBdr`) under `element`."""
    container = element.find(qn(tag))
    if container is None:
        container = OxmlElement(tag)
        after = _AFTER_TBL_BORDERS if tag == "w:tblBorders" else _AFTER_P_BDR
        element.insert_element_before(container, *after)
    for edge in edges:
        node = container.find(qn(f"w:{edge}"))
        if node is None:
            node = OxmlElement(f"w:{edge}")
            container.append(node)
        node.set(qn("w:val"), value)
        node.set(qn("w:sz"), str(size))
        node.set(qn("w:space"), "0")
        node.set(qn("w:color"), "000000")


def _fixed_table(table: Table, widths: Sequence[Length], *, borders: bool) -> None:
    """Fixed layout with explicit widths: Word and LibreOffice then agree on the columns."""
    table.autofit = False  # python-docx writes this as w:tblLayout type="fixed"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_pr = table._tbl.tblPr
    total = tbl_pr.find(qn("w:tblW"))
    if total is None:
        total = OxmlElement("w:tblW")
        tbl_pr.insert_element_before(total, "w:jc", "w:tblCellSpacing", "w:tblInd",
                                     "w:tblBorders", *_AFTER_TBL_BORDERS)
    total.set(qn("w:w"), str(sum(int(Length(w).twips) for w in widths)))
    total.set(qn("w:type"), "dxa")
    edges = ("top", "left", "bottom", "right", "insideH", "insideV")
    _borders(tbl_pr, "w:tblBorders", edges, "single" if borders else "nil", 4)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _cell_margins(table: Table, margin: Length) -> None:
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        node = OxmlElement(f"w:{edge}")
        node.set(qn("w:w"), str(int(margin.twips)))
        node.set(qn("w:type"), "dxa")
        margins.append(node)
    table._tbl.tblPr.insert_element_before(margins, *_AFTER_TBL_BORDERS[2:])


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES…) that the reader's application computes."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None),
                       (None, "2"), ("end", None)):
        if kind is not None:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = f" {instruction} "
        else:
            node = OxmlElement("w:t")
            node.text = text
        run._r.append(node)


def _repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    cant_split = OxmlElement("w:cantSplit")
    tr_pr.append(cant_split)


def _keep_row_together(row: Any) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().insert_element_before(shading, *_AFTER_TC_SHD)


def _text(paragraph: Paragraph, text: str, *, size: float | None = None, bold: bool = False,
          italic: bool = False) -> Paragraph:
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if size is not None:
        run.font.size = Pt(size)
    return paragraph


def _tight(paragraph: Paragraph, *, align: Any = WD_ALIGN_PARAGRAPH.CENTER,
           after: float = 0) -> Paragraph:
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Cm(0)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.0
    fmt.keep_with_next = True
    return paragraph


def _rule(paragraph: Paragraph, *, container: Length, width: Length) -> Paragraph:
    """Turn an empty paragraph into a centred horizontal line `width` long.

    A paragraph border runs from indent to indent, so indents size the line; Word and
    LibreOffice both draw it, and officials can still move or delete it like text.
    """
    side = Length(max(int((container - width) / 2), 0))
    fmt = _tight(paragraph).paragraph_format
    fmt.left_indent = side
    fmt.right_indent = side
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(2)
    # Clear of the descenders of the line above, as a drawn rule would be.
    fmt.space_before = Pt(2)
    _borders(paragraph._p.get_or_add_pPr(), "w:pBdr", ("top",), "single", 6)
    return paragraph


def caps_width(text: str, size: float) -> Length:
    """How wide `text` in bold capitals at `size` pt runs (an upper bound for upright)."""
    total = 0
    for char in text.upper():
        base = unicodedata.normalize("NFD", char)[:1] or char
        total += _CAPS_WIDTHS.get(char, _CAPS_WIDTHS.get(base, 500 if base.isdigit() else 722))
    return Pt(total * size / 1000)


def _widest_line(text: str, size: float) -> Length:
    """The printed width of the longest line of `text` (lines split at "\n")."""
    return Length(max(int(caps_width(line, size)) for line in text.split("\n")))


def _fitting_size(texts: Sequence[str], room: Length) -> float:
    """One size for the lines of the issuing block: 13 pt, or 12 pt (the decree's
    smallest) when 13 pt would wrap one of them; never the issuer smaller than its parent."""
    return 13 if all(_widest_line(t, 13) <= room for t in texts if t) else 12


def _third_of(text: str, size: float) -> Length:
    """The short rule under a block of capitals: a third of its widest line, as printed
    (1/3–1/2 in the decree), and never less than 1.5 cm."""
    printed = min(int(_widest_line(text, size)), int(TEXT_WIDTH))
    return Length(max(int(printed / 3), int(Cm(1.5))))


# --- The builder -----------------------------------------------------------------------------

class OfficialDocument:
    """A DOCX laid out per Decree 30/2020/NĐ-CP; add the body, then call `to_bytes()`.

    `document` is the python-docx Document, for anything the helpers do not cover.
    """

    def __init__(self, document: DocumentObject) -> None:
        self.document = document

    def paragraph(self, text: str = "", *, bold: bool = False, italic: bool = False,
                  indent: bool = True, align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY) -> Paragraph:
        """A body paragraph: 14 pt, justified, first-line indent, 6 pt after."""
        paragraph = self.document.add_paragraph(style="Body Text")
        if not indent:
            paragraph.paragraph_format.first_line_indent = Cm(0)
        paragraph.paragraph_format.alignment = align
        if text:
            _text(paragraph, text, bold=bold, italic=italic)
        return paragraph

    def heading(self, text: str) -> Paragraph:
        """A numbered section heading ("I. KẾT QUẢ …"): bold, in the body's indent."""
        paragraph = self.paragraph(text, bold=True)
        paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def table(self, headers: Sequence[str], widths: Sequence[Length]) -> Table:
        """A ruled table whose header row repeats on every page it runs over."""
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = self.document.styles["Table Grid"]
        _fixed_table(table, widths, borders=True)
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.style = self.document.styles["Table Text"]
            paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _text(paragraph, header, bold=True)
            _shade(cell, "F2F2F2")
        _repeat_header(table.rows[0])
        return table

    def row(self, table: Table, texts: Sequence[str], *, bold: bool = False,
            aligns: Sequence[Any] | None = None, span: bool = False) -> Any:
        """Append a row; `span` merges all cells into one (a group's heading row)."""
        row = table.add_row()
        _keep_row_together(row)
        cells = row.cells
        if span:
            merged = cells[0].merge(cells[-1])
            paragraph = merged.paragraphs[0]
            paragraph.style = self.document.styles["Table Text"]
            # A heading row stays on the page of the first row under it.
            paragraph.paragraph_format.keep_with_next = True
            _text(paragraph, texts[0], bold=True)
            return row
        for index, (cell, text) in enumerate(zip(cells, texts, strict=True)):
            paragraph = cell.paragraphs[0]
            paragraph.style = self.document.styles["Table Text"]
            if aligns is not None:
                paragraph.paragraph_format.alignment = aligns[index]
            _text(paragraph, text, bold=bold)
        return row

    def sign_off(self, *, authority: str, signer: str = "", recipients: Sequence[str] = (),
                 on_behalf: str = "") -> Table:
        """"Nơi nhận:" bottom left, the signature block bottom right, side by side.

        `on_behalf` is the first line for signing on someone's behalf ("TM. ỦY BAN NHÂN
        DÂN", "KT. TRƯỞNG CÔNG AN PHƯỜNG"); `authority` the signer's position.
        """
        spacer = self.document.add_paragraph()
        _tight(spacer, after=6)
        spacer.paragraph_format.keep_with_next = True
        table = self.document.add_table(rows=1, cols=2)
        _fixed_table(table, (LEFT_COLUMN, RIGHT_COLUMN), borders=False)
        _cell_margins(table, CELL_MARGIN)
        _keep_row_together(table.rows[0])
        left, right = table.rows[0].cells
        heading = _tight(left.paragraphs[0], align=WD_ALIGN_PARAGRAPH.LEFT)
        _text(heading, "Nơi nhận:", size=12, bold=True, italic=True)
        for item in recipients:
            line = _tight(left.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT)
            _text(line, f"- {item}", size=11)
        first = right.paragraphs[0]
        for line_text in (on_behalf, authority):
            if line_text:
                _text(_tight(first), line_text.upper(), size=14, bold=True)
                first = right.add_paragraph()
        # Room for the signature and the seal.
        for _ in range(4):
            _tight(first)
            first = right.add_paragraph()
        _text(_tight(first), signer, size=14, bold=True)
        return table

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def _styles(document: DocumentObject) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _set_fonts(rpr)
            _set_language(rpr)
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.font.color.rgb = BLACK
    _set_fonts(normal.element.get_or_add_rPr())
    _set_language(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    body = styles["Body Text"]
    body.base_style = normal
    body.font.size = Pt(14)
    body.font.color.rgb = BLACK
    fmt = body.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = INDENT
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.15
    table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(12)
    table_text.paragraph_format.space_before = Pt(2)
    table_text.paragraph_format.space_after = Pt(2)
    header = styles["Header"]
    header.base_style = normal
    header.font.size = Pt(13)


def _page_setup(document: DocumentObject) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    # The first page carries no number; the others carry theirs top centre.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(number, "PAGE")


def _letterhead(document: DocumentObject, *, issuer_parent: str, issuer: str, number: str,
                place: str, day: date, draft: bool) -> None:
    table = document.add_table(rows=2, cols=2)
    _fixed_table(table, (LEFT_COLUMN, RIGHT_COLUMN), borders=False)
    _cell_margins(table, CELL_MARGIN)
    inner_left = Length(int(LEFT_COLUMN - 2 * CELL_MARGIN))
    inner_right = Length(int(RIGHT_COLUMN - 2 * CELL_MARGIN))
    (body_cell, nation_cell), (number_cell, date_cell) = (r.cells for r in table.rows)

    paragraph = body_cell.paragraphs[0]
    size = _fitting_size((issuer_parent, issuer), inner_left)
    if issuer_parent:
        _text(_tight(paragraph), issuer_parent.upper(), size=size)
        paragraph = body_cell.add_paragraph()
    _text(_tight(paragraph), issuer.upper(), size=size, bold=True)
    _rule(body_cell.add_paragraph(), container=inner_left,
          width=_third_of(issuer, size))

    _text(_tight(nation_cell.paragraphs[0]), NATIONAL_NAME, size=13, bold=True)
    _text(_tight(nation_cell.add_paragraph()), MOTTO, size=14, bold=True)
    _rule(nation_cell.add_paragraph(), container=inner_right, width=MOTTO_WIDTH)

    _text(_tight(number_cell.paragraphs[0]), f"Số: {number}", size=13)
    # A draft is dated when it is signed: the clerk fills the day in.
    dated = (f"{place}, ngày     tháng     năm {day.year}" if draft else date_line(place, day))
    _text(_tight(date_cell.paragraphs[0]), dated, size=14, italic=True)
    for cell in (number_cell, date_cell):
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)


def official_document(*, issuer_parent: str, issuer: str, issuer_code: str, place: str,
                      day: date, title: str, subtitle: str | None = None,
                      number: int | None = None, draft: bool = False) -> OfficialDocument:
    """Start a Decree 30 document: page, styles, letterhead, title (and its subtitle).

    `issuer_parent` is the body above the issuer ("CÔNG AN THÀNH PHỐ HÀ NỘI"; "" if none);
    either may hold "\n" where its line should break ("ỦY BAN MTTQ\nPHƯỜNG HOÀN KIẾM").
    `title` is the kind of document ("Báo cáo"), which with the issuer's abbreviation
    (`issuer_code`, "CAP") makes the symbol after the number ("Số: …/BC-CAP"; the number
    is left for the clerk unless given). `place` is the locality of the date line ("Hà Nội",
    see `place_name`), `day` the date of issue. A `draft` says so above the title
    ("DỰ THẢO") and leaves the day and month of the date line blank.
    """
    number_text = document_number(number, document_symbol(title, issuer_code))
    document = Document()
    _styles(document)
    _page_setup(document)
    _letterhead(document, issuer_parent=issuer_parent, issuer=issuer, number=number_text,
                place=place, day=day, draft=draft)
    if draft:
        mark = _tight(document.add_paragraph(), align=WD_ALIGN_PARAGRAPH.RIGHT)
        mark.paragraph_format.space_before = Pt(6)
        _text(mark, DRAFT_MARK, size=14, bold=True)
    heading = document.add_paragraph()
    _tight(heading).paragraph_format.space_before = Pt(18)
    _text(heading, title.upper(), size=14, bold=True)
    if subtitle:
        _text(_tight(document.add_paragraph()), subtitle, size=14, bold=True)
    # Under the summary (trích yếu): a third of its longest printed line.
    rule = _rule(document.add_paragraph(), container=TEXT_WIDTH,
                 width=_third_of(subtitle or title, 14))
    rule.paragraph_format.space_before = Pt(4)
    _tight(document.add_paragraph(), after=6)
    core = document.core_properties
    core.title = " ".join(part for part in (title, subtitle) if part)
    core.author = issuer
    core.language = "vi-VN"
    return OfficialDocument(document)
