"""Browser journey for issue 7 section 3 (R-FLAG-2, ADR 021), on a 320 px wide screen: a
council's file 7 arrives after file 2; the result lists the children flagged by name and says
which files have not been received; the flag administrator records why they never will, and
the warning goes. Every page is checked with axe-core, must not scroll sideways, and must log
no console error."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from seenheard.flags.models import FlagUploadGapClosure
from seenheard.flags.upload.parse import HEADER
from tests.system.helpers import settle_at, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _file(*lines: str) -> bytes:
    return ("\r\n".join([",".join(HEADER), *lines]) + "\r\n").encode()


WIDER_THAN_320 = """[...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > 321)
    .map(e => e.tagName + '.' + e.className).slice(0, 5)"""


def _no_sideways_scroll(page: Page) -> None:
    settle_at(page, 320)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{page.url} is {width} px wide: {page.evaluate(WIDER_THAN_320)}"


def _upload(page: Page, base: str, content: bytes, sequence: str) -> None:
    page.goto(f"{base}/flags/uploads/new/")
    page.locator("input[type=file]").set_input_files(
        {"name": "islington.csv", "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_label("Sequence number").fill(sequence)
    page.get_by_role("button", name="Upload file").click()


def test_a_gap_is_said_and_closed_on_a_small_screen(
    page: Page, live_server, cast, console_errors, axe_check
):
    base = live_server.url
    sign_in(page, base, "flag.admin")
    page.set_viewport_size({"width": 320, "height": 640})

    _upload(page, base, _file("9990000018,2014-03-02,LAC,2024-01-08,,"), "2")
    expect(page.locator("#upload-explanation")).to_have_text(
        "The 1 record in the file was applied."
    )
    _upload(page, base, _file("9990000026,2019-07-14,CPP,2025-02-01,,"), "7")
    flagged = page.locator("#children-flagged-table")
    expect(flagged).to_contain_text("Jayden Hart")
    expect(flagged).to_contain_text("999 000 0026")
    gaps = page.locator("#sequence-gaps")
    expect(gaps).to_contain_text("Files 3 to 6 have not been received.")
    _no_sideways_scroll(page)
    axe_check()

    gaps.get_by_role("link", name="Record why files 3 to 6 will not arrive").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record why files will not arrive")
    page.get_by_role("button", name="Record the reason").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Enter why these files will not arrive."
    )
    _no_sideways_scroll(page)
    axe_check()
    page.get_by_label("Why will these files not arrive?").fill(
        "Our case system skipped these numbers when it was upgraded."
    )
    page.get_by_role("button", name="Record the reason").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Flag uploads")
    expect(page.locator("#sequence-gaps")).to_have_count(0)
    assert FlagUploadGapClosure.objects.get().first == 3
    _no_sideways_scroll(page)
    axe_check()
    assert console_errors == []
