from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/csrf_failure.html", status=403)


def download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    """A generated file (DOCX, XLSX) handed to the browser under its name."""
    return HttpResponse(body, content_type=content_type,
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})
