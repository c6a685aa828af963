import unicodedata

import pytest
from django.core.exceptions import ValidationError

from attachments.models import Attachment
from attachments.tests.conftest import (
    EXE,
    JPEG,
    OFFICE_SKELETON,
    PDF,
    PNG,
    docx_bytes,
    mark_encrypted,
    upload,
    xlsx_bytes,
    zip_bytes,
)
from attachments.validation import sanitize_filename, validate_upload


def _refusal(name: str, content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload(name, content))
    return caught.value


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("bien-ban.pdf", PDF, Attachment.Kind.PDF),
        ("anh.png", PNG, Attachment.Kind.PNG),
        ("anh.jpg", JPEG, Attachment.Kind.JPEG),
        ("anh.JPEG", JPEG, Attachment.Kind.JPEG),
    ],
)
def test_it_accepts_a_file_whose_content_and_name_agree(name, content, kind):
    assert validate_upload(upload(name, content)).kind == kind


def test_it_accepts_a_real_docx():
    assert validate_upload(upload("bao-cao.docx", docx_bytes())).kind == Attachment.Kind.DOCX


def test_it_accepts_a_real_xlsx():
    assert validate_upload(upload("so-lieu.xlsx", xlsx_bytes())).kind == Attachment.Kind.XLSX


def test_it_ignores_the_content_type_the_browser_claims():
    checked = validate_upload(upload("bien-ban.pdf", PDF, content_type="image/png"))
    assert checked.kind == Attachment.Kind.PDF


def test_it_refuses_an_executable_renamed_to_pdf():
    error = _refusal("bien-ban.pdf", EXE)
    assert error.code == "unsupported_type"
    assert "not a PDF, JPEG, PNG, DOCX or XLSX file" in error.messages[0]


def test_it_refuses_an_empty_file():
    assert _refusal("bien-ban.pdf", b"").code == "empty"


def test_it_refuses_a_file_over_the_limit_and_states_the_limit_in_mb():
    error = _refusal("lon.pdf", PDF + b"0" * (25 * 1024 * 1024))
    assert error.code == "too_large"
    assert "the limit is 20 MB" in error.messages[0]


def test_it_refuses_a_pdf_named_docx_naming_both_types():
    error = _refusal("bao-cao.docx", PDF)
    assert error.code == "extension_mismatch"
    assert "“.docx”" in error.messages[0]
    assert "PDF" in error.messages[0]


def test_it_refuses_a_file_without_an_extension():
    assert _refusal("bien-ban", PDF).code == "extension_mismatch"


def test_it_refuses_a_docx_named_xlsx():
    assert _refusal("bao-cao.xlsx", docx_bytes()).code == "extension_mismatch"


def test_it_refuses_a_zip_without_word_or_excel_parts():
    fake = zip_bytes({"[Content_Types].xml": b"<Types/>", "readme.txt": b"hello"})
    assert _refusal("bao-cao.docx", fake).code == "not_office_document"


def test_it_refuses_a_docx_without_content_types():
    fake = zip_bytes({"word/document.xml": b"<w:document/>"})
    assert _refusal("bao-cao.docx", fake).code == "not_office_document"


def test_it_refuses_a_zip_bomb_by_declared_size(settings):
    settings.ATTACHMENT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    bomb = zip_bytes({**OFFICE_SKELETON, "word/media/zeros.bin": b"\0" * (2 * 1024 * 1024)})
    assert len(bomb) < 50_000  # small on the wire, large once unpacked
    error = _refusal("bao-cao.docx", bomb)
    assert error.code == "archive_too_large"


def test_it_refuses_a_zip_with_too_many_entries(settings):
    settings.ATTACHMENT_MAX_ZIP_ENTRIES = 10
    entries = {**OFFICE_SKELETON, **{f"word/part{i}.xml": b"<x/>" for i in range(9)}}
    assert _refusal("bao-cao.docx", zip_bytes(entries)).code == "archive_too_many_entries"


@pytest.mark.parametrize("entry", ["../../etc/cron.d/x", "/etc/passwd", "word/../../x.xml",
                                   "C:/Windows/x.dll"])
def test_it_refuses_a_zip_with_entries_escaping_the_archive(entry):
    archive = zip_bytes({**OFFICE_SKELETON, entry: b"x"})
    assert _refusal("bao-cao.docx", archive).code == "archive_unsafe_path"


def test_it_refuses_an_encrypted_zip():
    archive = mark_encrypted(zip_bytes(OFFICE_SKELETON))
    assert _refusal("bao-cao.docx", archive).code == "encrypted"


def test_it_refuses_a_truncated_zip():
    assert _refusal("bao-cao.docx", docx_bytes()[:300]).code == "corrupt_archive"


def test_it_refuses_a_zip_whose_data_fails_its_checksum():
    import zipfile

    archive = bytearray(zip_bytes(
        {**OFFICE_SKELETON, "word/styles.xml": b"A" * 200}, compression=zipfile.ZIP_STORED
    ))
    position = archive.find(b"A" * 200)
    archive[position] = ord("B")
    assert _refusal("bao-cao.docx", bytes(archive)).code == "corrupt_archive"


def test_it_refuses_an_old_office_document_with_its_own_message():
    cfb = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100
    assert _refusal("bao-cao.docx", cfb).code == "legacy_office"


def test_it_returns_the_sanitised_name():
    checked = validate_upload(upload("C:\\Users\\an\\Biên bản.pdf", PDF))
    assert checked.name == "Biên bản.pdf"


def test_it_strips_directory_parts_from_the_name():
    assert sanitize_filename("../../etc/bien-ban.pdf") == "bien-ban.pdf"


def test_it_strips_control_and_bidi_characters_from_the_name():
    assert sanitize_filename("anh\x00\x1f\u202egpj.exe") == "anhgpj.exe"


def test_it_replaces_characters_windows_forbids():
    assert sanitize_filename('bao<cao>:"x"|y?*.pdf') == "bao_cao___x__y__.pdf"


def test_it_collapses_whitespace_in_the_name():
    assert sanitize_filename("  Biên \t bản \n họp  .pdf") == "Biên bản họp.pdf"


def test_it_keeps_vietnamese_letters_in_composed_form():
    decomposed = unicodedata.normalize("NFD", "Báo cáo Phường Hoàn Kiếm.docx")
    name = sanitize_filename(decomposed)
    assert name == "Báo cáo Phường Hoàn Kiếm.docx"
    assert unicodedata.is_normalized("NFC", name)


def test_it_shortens_a_long_name_to_150_characters_keeping_the_extension():
    name = sanitize_filename("ả" * 300 + ".xlsx")
    assert len(name) == 150
    assert name.endswith(".xlsx")


@pytest.mark.parametrize("raw", ["", "   ", "/", "...", "\x00\x01"])
def test_it_never_returns_an_empty_name(raw):
    assert sanitize_filename(raw) == "file"


def test_it_names_a_bare_extension():
    assert sanitize_filename(".pdf") == "file.pdf"


def test_it_defuses_windows_device_names():
    assert sanitize_filename("CON.pdf") == "_CON.pdf"
