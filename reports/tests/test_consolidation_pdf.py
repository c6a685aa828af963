"""The consolidated DOCX converts with LibreOffice; page 1 is rendered for a human to see."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from reports import consolidation
from reports.models import PlanTask, Report, ReportItem
from testing.factories import report_for

pytestmark = pytest.mark.django_db
SHOTS = Path("/tmp/shots-consolidation")  # noqa: S108 — where the brief wants screenshots


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed (apt-get install libreoffice-writer-nogui, "\
                  "poppler-utils)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


def test_it_converts_to_a_pdf_whose_first_page_renders(world, tmp_path: Path):
    report = report_for(world.agency)
    helper = PlanTask.objects.create(plan=report.period.plan, section="IV.2", order=2,
                                     text="Tuyên truyền pháp luật về an ninh, trật tự",
                                     lead=world.other_agency)
    helper.coordinating.add(world.agency)
    for task in report.period.plan.tasks.all():
        ReportItem.objects.create(report=report, task=task, status=ReportItem.Status.DONE,
                                  results=f"Kết quả {task.section}: đã tổ chức 12 hội nghị",
                                  difficulties="Thiếu kinh phí", proposals="Bổ sung kinh phí")
    report.state = Report.State.ACCEPTED
    report.save()
    source = tmp_path / "consolidated.docx"
    draft = consolidation.consolidated_draft(period=report.period)
    source.write_bytes(consolidation.consolidated_docx(draft))
    subprocess.run(  # noqa: S603 — our own binary and file names, no user input
        [_tool("soffice"), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    pdf = tmp_path / "consolidated.pdf"
    SHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(  # noqa: S603
        [_tool("pdftoppm"), "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf),
         str(SHOTS / "consolidated-page1")],
        check=True, capture_output=True, timeout=60,
    )
    assert (SHOTS / "consolidated-page1.png").stat().st_size > 10_000
