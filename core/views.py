from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/csrf_failure.html", status=403)


def download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    """A generated file (DOCX, XLSX) handed to the browser under its name."""
    return HttpResponse(body, content_type=content_type,
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# The programme runs from 2024 (the Hanoi plan implementing Directive 31-CT/TU).
PROGRAMME_FIRST_YEAR = 2024


def year_asked(request: HttpRequest) -> int:
    """The year asked for (?year=), within the programme's years so far, else this one."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return today.year
    return year if PROGRAMME_FIRST_YEAR <= year <= today.year else today.year


def programme_year(year: int, *, ahead: int = 0) -> int:
    """A year in a URL: one of the programme's years so far (or `ahead` more), else 404."""
    if not PROGRAMME_FIRST_YEAR <= year <= timezone.localdate().year + ahead:
        raise Http404
    return year
