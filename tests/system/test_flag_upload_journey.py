"""Browser journey for issue 3 item 2 (R-FLAG-2): a council's flag administrator uploads a flag
file in the browser, sees which record was rejected and why, and is warned that too few of the
council's records match a known child. Every page is checked with axe-core and must log no
console error.

Uses the fixtures in tests/system/conftest.py (Chromium launch arguments, axe_check,
console_errors).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from seenheard.flags.models import ProtectionFlag
from seenheard.flags.upload.parse import HEADER
from tests.system.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Two of the demo children, and on line 3 a valid NHS number that no known child has.
FILE = (
    ",".join(HEADER)
    + "\r\n9990000018,2014-03-02,LAC,2024-01-08,,"
    + "\r\n9990000042,2014-03-02,CPP,2025-02-01,,"
    + "\r\n9990000034,2010-11-30,CPP,2025-02-01,,\r\n"
).encode()


def test_flag_admin_uploads_a_file_and_sees_the_rejected_line_and_the_warning(
    page: Page, live_server, cast, console_errors, axe_check
):
    base = live_server.url

    # Given the flag administrator signs in and opens the flag uploads from the home page
    sign_in(page, base, "flag.admin")
    # The home-page card (the header navigation has the same link since a774b36).
    page.locator("#maincontent").get_by_role("link", name="Flag uploads").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Flag uploads")
    expect(page.get_by_text("Islington has not uploaded a flag file yet.")).to_be_visible()
    axe_check()

    # When they open the upload form, the sequence number is already filled in
    page.get_by_role("button", name="Upload a flag file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload a flag file")
    expect(page.get_by_label("Sequence number")).to_have_value("1")
    axe_check()

    # Submitting without a file explains, in plain English, what to do
    page.get_by_role("button", name="Upload file").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name="Select the CSV file to upload.")).to_be_visible()
    axe_check()

    # They choose the file (a delta file: the full-file box stays unticked) and upload it
    page.locator("input[type=file]").set_input_files(
        {"name": "islington-flags.csv", "mimeType": "text/csv", "buffer": FILE}
    )
    expect(page.get_by_label("This is our complete current list (full file)")).not_to_be_checked()
    page.get_by_role("button", name="Upload file").click()

    # Then the result says what happened, which line was rejected and why
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Some records rejected, the rest applied"
    )
    expect(page.locator("#upload-explanation")).to_contain_text(
        "2 of the 3 records in the file were applied"
    )
    rejected = page.locator("#rejections tbody tr")
    expect(rejected).to_have_count(1)
    expect(rejected.first).to_contain_text("3")
    expect(rejected.first).to_contain_text("9990000042")
    expect(rejected.first).to_contain_text("no-match")
    expect(page.get_by_role("link", name="Download the rejected records (CSV)")).to_be_visible()
    # and, with 2 of 3 records matching (below 95%), the warning callout
    warning = page.locator("#match-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Only 66.7% of Islington's records in upload 1 matched")
    axe_check()

    # The two good records are flags now; the rejected one changed nothing
    assert sorted(ProtectionFlag.objects.values_list("nhs_number", flat=True)) == [
        "9990000018",
        "9990000034",
    ]

    # Back in the history: the upload, the warning, and the next sequence number
    page.get_by_role("link", name="All flag uploads").click()
    expect(page.locator("#upload-history tbody tr")).to_have_count(1)
    expect(page.locator("#upload-history")).to_contain_text("Some rejected")
    expect(page.locator("#match-warning")).to_be_visible()
    expect(page.locator("#next-sequence")).to_have_text("2")
    axe_check()

    assert console_errors == []
