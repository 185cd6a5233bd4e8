"""Every main page works at 320 CSS pixels wide (WCAG 2.2, 1.4.10 Reflow; issue 7 section 4).

At 390 px the search results table ran off the side of the page and the "Register attendance"
button was covered. Here each persona's main pages are opened at 320 px: nothing may be wider
than the screen (no sideways scrolling of the page), every button must be the thing under its
own centre (not covered), and axe must find no problem.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.system import helpers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 320

_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  if (document.documentElement.scrollWidth > width) {
    for (const el of document.querySelectorAll('main *, header *')) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && (box.right > width + 1 || box.left < -1)) {
        // Report the outermost offender only: its children follow it off the page.
        if (!wide.some(w => w.el.contains(el))) wide.push({el, box});
      }
    }
  }
  return {scroll: document.documentElement.scrollWidth, width,
          wide: wide.slice(0, 5).map(w => w.el.tagName.toLowerCase() +
            (w.el.className ? '.' + String(w.el.className).split(' ').join('.') : '') +
            ' right=' + Math.round(w.box.right))};
}"""

_COVERED = """() => {
  const covered = [];
  const buttons = 'main button, main input[type=submit], main a.nhsuk-button';
  for (const el of document.querySelectorAll(buttons)) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    el.scrollIntoView({block: 'center', inline: 'center'});
    const b = el.getBoundingClientRect();
    const x = b.left + b.width / 2, y = b.top + b.height / 2;
    const top = document.elementFromPoint(x, y);
    if (!(top && (top === el || el.contains(top)))) {
      covered.push((el.textContent || el.value || '').trim() + ' under ' +
        (top ? top.tagName.toLowerCase() + '.' + String(top.className) : 'nothing'));
    }
    if (b.right > document.documentElement.clientWidth + 1 || b.left < -1) {
      covered.push((el.textContent || el.value || '').trim() + ' off the side');
    }
  }
  return covered;
}"""


def _fits(page: Page, axe_check) -> None:
    helpers.settle_at(page, WIDTH)
    found = page.evaluate(_OVERFLOW)
    assert found["scroll"] <= found["width"], (
        f"{page.url} is {found['scroll']} px wide at {WIDTH} px: {found['wide']}"
    )
    covered = page.evaluate(_COVERED)
    assert covered == [], f"{page.url}: buttons covered or cut off: {covered}"
    axe_check()


@pytest.fixture
def narrow(page: Page) -> Page:
    page.set_viewport_size({"width": WIDTH, "height": 640})
    return page


def sign_in(page: Page, base: str, username: str) -> None:
    """Sign in at a desktop width (the shared step looks for the header's sign-out, which the
    design system folds into "More" on a narrow screen), then go back to 320 px."""
    page.set_viewport_size({"width": 1024, "height": 768})
    helpers.sign_in(page, base, username)
    page.set_viewport_size({"width": WIDTH, "height": 640})
    # Load the page afresh at 320 px, as a phone would: the header lays out its navigation
    # (folding what does not fit into "More") when the page loads.
    page.reload()


def test_ae_nurse_pages_reflow_at_320px(narrow: Page, live_server, cast, axe_check):
    page, base = narrow, live_server.url
    page.goto(f"{base}/sign-in/")
    _fits(page, axe_check)
    sign_in(page, base, "ae.nurse")
    _fits(page, axe_check)  # home

    page.goto(f"{base}/register/")
    _fits(page, axe_check)
    page.get_by_label("NHS number", exact=True).fill("999 000 0018")
    page.get_by_role("button", name="Search by NHS number").click()
    expect(page.get_by_role("heading", name="1 child found")).to_be_visible()
    _fits(page, axe_check)  # the results table and its "Register attendance" button
    page.get_by_role("button", name="Register attendance for Amelia Hart").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amelia Hart")
    _fits(page, axe_check)  # the banner, who has looked, attendances

    page.goto(f"{base}/children/search/")
    page.get_by_label("NHS number", exact=True).fill("999 000 0018")
    page.get_by_role("button", name="Search by NHS number").click()
    expect(page.get_by_role("heading", name="1 child found")).to_be_visible()
    _fits(page, axe_check)  # the search results table
    page.get_by_role("link", name="Amelia Hart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amelia Hart")
    _fits(page, axe_check)  # the child summary


def test_social_worker_pages_reflow_at_320px(narrow: Page, live_server, amelia, axe_check):
    from seenheard.encounters.tests.factories import flag_add

    flag_add(amelia)  # so the council's attendances list has a row
    page, base = narrow, live_server.url
    sign_in(page, base, "ae.nurse")
    page.goto(f"{base}/register/")
    page.get_by_label("NHS number", exact=True).fill("999 000 0018")
    page.get_by_role("button", name="Search by NHS number").click()
    page.get_by_role("button", name="Register attendance for Amelia Hart").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amelia Hart")

    sign_in(page, base, "social.worker")
    _fits(page, axe_check)  # home
    for path in ("/council/attendances/", "/tasks/", "/inbox/"):
        page.goto(f"{base}{path}")
        _fits(page, axe_check)
    page.goto(f"{base}/council/attendances/")
    page.get_by_role("link", name="Amelia Hart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amelia Hart")
    _fits(page, axe_check)
    page.get_by_role("link", name="See who has looked at Amelia's record").click()
    _fits(page, axe_check)  # who has seen: the widest table


def test_safeguarding_lead_and_administrator_pages_reflow_at_320px(
    narrow: Page, live_server, cast, axe_check
):
    page, base = narrow, live_server.url
    sign_in(page, base, "safeguarding.lead")
    for path in ("/", "/tasks/", "/emergency-access/", "/children/emergency-access/"):
        page.goto(f"{base}{path}")
        _fits(page, axe_check)
    sign_in(page, base, "admin")
    for path in ("/",):  # the staff account pages are being rebuilt (issue 7), not tested here
        page.goto(f"{base}{path}")
        _fits(page, axe_check)
    sign_in(page, base, "flag.admin")
    for path in ("/flags/uploads/", "/flags/uploads/new/"):
        page.goto(f"{base}{path}")
        _fits(page, axe_check)


def test_the_childs_appointments_on_the_summary_reflow_at_320px(
    narrow: Page, live_server, cast, axe_check
):
    """R-WNB-1: the summary's appointments (coming up, and recent with their outcomes)."""
    import datetime as dt

    from seenheard.access.actor import actor_for
    from seenheard.accounts.models import User
    from seenheard.appointments.services import appointment_book, appointment_outcome_record
    from seenheard.children.models import Child
    from seenheard.core import clock

    hv = actor_for(User.objects.get(username="hv.nurse"))
    jayden = Child.objects.get(nhs_number="9990000026")  # scope-exempt: test set-up
    for hours, outcome in ((30, "was-not-brought"), (-48, "")):
        made = appointment_book(
            actor=hv,
            nhs_number=jayden.nhs_number,
            service="school-nursing",
            starts_at=clock.now() - dt.timedelta(hours=hours),
        )
        if outcome:
            appointment_outcome_record(actor=hv, appointment_id=made.pk, outcome=outcome)
    page, base = narrow, live_server.url
    sign_in(page, base, "gp")
    page.goto(f"{base}/children/{jayden.pk}/")
    expect(page.locator("#appointments")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Was not brought")
    _fits(page, axe_check)
