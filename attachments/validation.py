"""What an uploaded evidence file must be before it is stored.

The type comes from the file's content: the name and the browser's content type are
whatever the sender chose. Every refusal is a ValidationError with a code, so that views
can show the message and tests can tell the refusals apart.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from attachments.models import Attachment

MB = 1024 * 1024
Kind = Attachment.Kind

# The extensions a file of each type may carry; the first is the one we suggest.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    Kind.PDF: (".pdf",),
    Kind.JPEG: (".jpg", ".jpeg"),
    Kind.PNG: (".png",),
    Kind.DOCX: (".docx",),
    Kind.XLSX: (".xlsx",),
}
ACCEPT = ",".join(ext for exts in EXTENSIONS.values() for ext in exts)

_PDF = b"%PDF-"
_JPEG = b"\xff\xd8\xff"
_PNG = b"\x89PNG\r\n\x1a\n"
_ZIP = b"PK\x03\x04"
# Compound File Binary: .doc/.xls, and also what a password-protected .docx/.xlsx becomes.
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_OOXML_MARKERS = (("word/document.xml", Kind.DOCX), ("xl/workbook.xml", Kind.XLSX))
_CONTENT_TYPES = "[Content_Types].xml"

NAME_MAX_LENGTH = 150
_FALLBACK_STEM = "file"
_WINDOWS_ILLEGAL = re.compile(r'[<>:"/\\|?*]')
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{i}" for i in range(1, 10)}
    | {f"LPT{i}" for i in range(1, 10)}
)


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    name: str


def format_mb(size: int) -> str:
    value = size / MB
    return str(int(value)) if value == int(value) else number_format(value, 1)


def sanitize_filename(name: str) -> str:
    """A file name that is safe to show and to offer as a download name, never empty."""
    name = unicodedata.normalize("NFC", name or "")
    # Browsers on Windows have sent full paths ("C:\\Users\\...\\file.pdf").
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    # Category C: control characters, and format characters such as the right-to-left
    # override that makes "gpj.exe" look like "exe.jpg".
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = _WINDOWS_ILLEGAL.sub("_", name)
    name = " ".join(name.split())
    # Windows drops trailing dots and spaces, which would change the name on saving.
    name = name.rstrip(". ")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    stem, suffix = stem.strip(), f".{extension.strip()}" if dot else ""
    if stem.strip(". ") == "":
        stem = _FALLBACK_STEM
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    if len(stem) + len(suffix) > NAME_MAX_LENGTH:
        suffix = suffix[:20]
        stem = stem[: NAME_MAX_LENGTH - len(suffix)].rstrip(". ") or _FALLBACK_STEM
    return f"{stem}{suffix}"


def _extension(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    return f".{extension.lower()}" if dot and stem else ""


def _check_zip(stream: IO[bytes]) -> str:
    corrupt = ValidationError(
        _("This DOCX or XLSX file is damaged and cannot be opened."), code="corrupt_archive"
    )
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise corrupt from exc
    with archive:
        entries = archive.infolist()
        max_entries = settings.ATTACHMENT_MAX_ZIP_ENTRIES
        if len(entries) > max_entries:
            raise ValidationError(
                _("This DOCX or XLSX file has more than %(limit)s parts; it is refused."),
                code="archive_too_many_entries", params={"limit": max_entries},
            )
        # Declared sizes bound the work below too: zipfile stops reading an entry at its
        # declared size and fails its checksum if the data goes on.
        max_unpacked = settings.ATTACHMENT_MAX_UNCOMPRESSED_BYTES
        if sum(entry.file_size for entry in entries) > max_unpacked:
            raise ValidationError(
                _("This DOCX or XLSX file would unpack to more than %(limit)s MB; "
                  "it is refused."),
                code="archive_too_large", params={"limit": format_mb(max_unpacked)},
            )
        for entry in entries:
            parts = entry.filename.replace("\\", "/").split("/")
            if (
                entry.filename.startswith(("/", "\\"))
                or re.match(r"^[A-Za-z]:", entry.filename)
                or ".." in parts
            ):
                raise ValidationError(
                    _("This DOCX or XLSX file contains unsafe paths; it is refused."),
                    code="archive_unsafe_path",
                )
            if entry.flag_bits & 0x1:
                raise ValidationError(
                    _("This file is protected by a password. Remove the password and "
                      "upload it again."),
                    code="encrypted",
                )
        names = {entry.filename for entry in entries}
        kind = next((k for marker, k in _OOXML_MARKERS if marker in names), None)
        if kind is None or _CONTENT_TYPES not in names:
            raise ValidationError(
                _("This ZIP file is not a Word (DOCX) or Excel (XLSX) document."),
                code="not_office_document",
            )
        try:
            if archive.testzip() is not None:
                raise corrupt
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
                RuntimeError) as exc:
            raise corrupt from exc
    return kind


def detect_kind(stream: IO[bytes]) -> str:
    """The Attachment.Kind of the content, or a ValidationError."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(_PDF):
        return Kind.PDF
    if head.startswith(_JPEG):
        return Kind.JPEG
    if head.startswith(_PNG):
        return Kind.PNG
    if head.startswith(_ZIP):
        try:
            return _check_zip(stream)
        finally:
            stream.seek(0)
    if head.startswith(_CFB):
        raise ValidationError(
            _("Old Word/Excel files (.doc, .xls) and password-protected documents are not "
              "accepted. Save the file as DOCX or XLSX without a password."),
            code="legacy_office",
        )
    raise ValidationError(
        _("This file is not a PDF, JPEG, PNG, DOCX or XLSX file."), code="unsupported_type"
    )


def validate_upload(uploaded_file: UploadedFile) -> CheckedFile:
    """Check size, content type and name of an upload; return its type and display name."""
    size = uploaded_file.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    limit = settings.ATTACHMENT_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB."),
            code="too_large",
            params={"size": number_format(size / MB, 1), "limit": format_mb(limit)},
        )
    stream: Any = uploaded_file.file
    kind = detect_kind(stream)
    name = sanitize_filename(uploaded_file.name or "")
    extension = _extension(name)
    allowed = EXTENSIONS[kind]
    if extension not in allowed:
        raise ValidationError(
            _("The file name ends in “%(extension)s” but the file is a %(kind)s file. "
              "Rename it to end in “%(expected)s” or choose another file."),
            code="extension_mismatch",
            params={
                "extension": extension or _("(no extension)"),
                "kind": Kind(kind).label,
                "expected": allowed[0],
            },
        )
    return CheckedFile(kind=kind, name=name)
