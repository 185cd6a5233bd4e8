"""Browser journeys for issue 11's "Done when" not covered by the tracker-and-plan journey
(test_lac_health_journey.py): the council's SSDA903 files go in through its upload page; the
looked-after children's nurse records a carer's SDQ of 14 or more, which raises a review by a
specialist mental-health professional that is followed until the child is seen (R-OUT-3,
R-OUT-4); an assessment records immunisations and the dental check for the return; the
council's social worker downloads the SSDA903 return with the child's SDQ score and health
outcomes in OC2 (R-LEAD-6). Every page is checked with axe-core, also at 320 px wide, and must
log no console error."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from playwright.sync_api import Page, expect

from seenheard.core import clock
from seenheard.lac_health.models import Episode
from seenheard.lac_health.tests import files as f
from seenheard.screening.models import SdqReview, SdqReviewStatus
from seenheard.tasks.models import Task
from tests.system.helpers import assert_fits, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Amelia in care since 6 May 2024, one move in 2025 (real postcodes, as the DfE checks them).
EPISODES = (
    "A100,06/05/2024,S,C1,N1,U1,PR1,03/02/2025,X1,CARPL,N1 9AA,N7 8JG,XXXXXXX\n"
    "A100,03/02/2025,P,C2,N1,U3,PR4,,,,N1 9AA,N19 5QT,XXXXXXX\n"
)


def _date(page: Page, name: str, day) -> None:
    page.locator(f"#{name}-day").fill(str(day.day))
    page.locator(f"#{name}-month").fill(str(day.month))
    page.locator(f"#{name}-year").fill(str(day.year))


def _upload(page: Page, base: str, axe_check) -> None:
    sign_in(page, base, "flag.admin")
    page.goto(base + "/lac/import/")
    axe_check()
    page.locator("#header").set_input_files(
        files=[{"name": "header.csv", "mimeType": "text/csv", "buffer": f.header(f.AMELIA)}]
    )
    page.locator("#episodes").set_input_files(
        files=[{"name": "episodes.csv", "mimeType": "text/csv", "buffer": f.episodes(EPISODES)}]
    )
    page.get_by_role("button", name="Import the files").click()
    expect(page.locator("main")).to_contain_text("The files were imported")
    axe_check()
    assert Episode.objects.count() == 2


def _sdq_of_twenty(page: Page, child_id: int, base: str, axe_check) -> None:
    page.goto(f"{base}/children/{child_id}/sdq/new/")
    page.get_by_role("radio", name="Carer", exact=True).check()
    _date(page, "completed_on", clock.today())
    page.locator("#outcome").check()  # Yes, completed
    for item in range(1, 26):
        page.locator(f"#item{item}-2").check()  # Somewhat true: 20 difficulties points
    axe_check()
    page.get_by_role("button", name="Record the SDQ").click()
    main = page.locator("main")
    expect(main).to_contain_text("Waiting for a specialist review")
    expect(main).to_contain_text("Cause for concern")
    axe_check()


def _review_seen(page: Page, base: str, axe_check) -> None:
    page.goto(base + "/sdq/reviews/")
    expect(page.locator("main")).to_contain_text("Amelia Hart")
    axe_check()
    page.get_by_role("link", name="Record the review").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the specialist review")
    page.get_by_role("button", name="Record the review").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()  # nothing filled in
    axe_check()
    _date(page, "seen_on", clock.today())
    page.locator("#id_seen_by").fill("Dr Asha Patel, clinical psychologist")
    page.locator("#id_service").fill("CAMHS looked-after children's team")
    page.locator("#id_outcome").fill("Weekly therapy for 12 weeks.")
    page.get_by_role("button", name="Record the review").click()
    main = page.locator("main")
    expect(main).to_contain_text("Specialist reviews")
    expect(main).not_to_contain_text("Waiting for a specialist review")
    axe_check()


def _assessment(page: Page, child_id: int, base: str, axe_check) -> None:
    page.goto(f"{base}/lac/children/{child_id}/assessments/new/")
    page.get_by_label("Review health assessment").check()
    _date(page, "assessed_on", clock.today())
    page.locator("#assessor_name").fill("Lola Adeyemi")
    page.locator("#assessor_role").fill("Looked-after children's nurse")
    page.locator("#place").fill("Her foster home")
    page.get_by_label("Assessed").check()
    page.locator("#findings").fill("Well. Needs new glasses.")
    page.locator("#immunisations_up_to_date").check()  # Yes
    _date(page, "dental_check_on", clock.today())
    page.locator("#substance_misuse-2").check()  # No
    page.locator("#voice-words").fill("I want my glasses before the school trip.")
    page.get_by_label("The child was seen alone").check()
    axe_check()
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.locator("main")).to_contain_text("Last dental check")
    axe_check()


def _download(page: Page, base: str, axe_check) -> dict[str, str]:
    sign_in(page, base, "social.worker")
    page.goto(base + "/council/returns/ssda903/")
    axe_check()
    year = clock.today().year + (1 if clock.today().month > 3 else 0)
    page.get_by_label(f"1 April {year - 1} to 31 March {year}").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the return").click()
    archive = zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    assert archive.namelist() == ["header.csv", "episodes.csv", "oc2.csv"]
    rows = list(csv.DictReader(io.StringIO(archive.read("oc2.csv").decode())))
    return {row["CHILD"]: row for row in rows}["A100"]


def test_files_in_an_sdq_acted_on_and_the_return_out(
    page: Page, live_server, cast, amelia, console_errors, axe_check
):
    base = live_server.url
    _upload(page, base, axe_check)

    sign_in(page, base, "lac.nurse")
    _sdq_of_twenty(page, amelia.pk, base, axe_check)
    review = SdqReview.objects.get()
    assert Task.objects.get(pk=review.task_id).status == "open"
    _review_seen(page, base, axe_check)
    review.refresh_from_db()
    assert review.status == SdqReviewStatus.SEEN
    assert Task.objects.get(pk=review.task_id).status != "open"
    _assessment(page, amelia.pk, base, axe_check)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{base}/children/{amelia.pk}/sdq/")
    assert_fits(page, 320)
    axe_check()
    page.set_viewport_size({"width": 1280, "height": 800})

    oc2 = _download(page, base, axe_check)
    assert oc2["SDQ_SCORE"] == "20"
    assert (oc2["IMMUNISATIONS"], oc2["TEETH_CHECK"], oc2["HEALTH_ASSESSMENT"]) == ("1", "1", "1")
    assert oc2["SUBSTANCE_MISUSE"] == "0"
    assert console_errors == [], console_errors
