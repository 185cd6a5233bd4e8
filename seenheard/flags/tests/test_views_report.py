"""The council's upload pages say which children each file changed, which files have not been
received, and let a flag administrator record why a gap will never be filled (R-FLAG-2,
issue 7, ADR 021)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from seenheard.audit.models import AuditEvent
from seenheard.flags.models import FlagUploadGapClosure, ProtectionFlag
from seenheard.flags.tests.test_views import (
    AMELIA,
    HEAD,
    JAYDEN,
    NOAH,
    birmingham_admin,  # noqa: F401 - a fixture
    uploaded,
)
from seenheard.web.tests.helpers import main_text, text

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def admin(client_for):
    return client_for("flag.admin")


def on_day(step: int):
    """Each upload at its own time (a minute apart: the session stays signed in)."""
    return time_machine.travel(START + dt.timedelta(minutes=step), tick=False)


def section(page: str, heading_id: str) -> str:
    """The HTML from a section's heading to the next heading."""
    start = page.index(f'id="{heading_id}"')
    following = page.find("<h2", start)
    return page[start : following if following != -1 else len(page)]


def test_the_result_lists_the_children_flagged_ended_and_removed_by_name(admin):
    with on_day(0):
        uploaded(admin, f"{HEAD}\n{AMELIA},LAC,2024-01-08,,\n{JAYDEN},CPP,2025-02-01,,\n")
    with on_day(1):
        _, page = uploaded(
            admin,
            f"{HEAD}\n{AMELIA},LAC,2024-01-08,2026-11-01,\n{JAYDEN},CPP,2025-02-01,,Y\n"
            f"{NOAH},CPP,2025-02-01,,\n",
            sequence="2",
        )
    assert "All 3 records in the file were applied." in page
    flagged = section(page, "children-flagged")
    assert "Noah Brennan" in flagged and "999 000 0034" in flagged
    assert "Amelia" not in flagged and "Jayden" not in flagged
    ended = section(page, "plans-ended")
    assert "Amelia Hart" in ended and "Looked after child" in ended
    removed = section(page, "records-deleted")
    assert "Jayden Hart" in removed and "999 000 0026" in removed
    assert 'id="other-council"' not in page  # Islington is responsible for all three


def test_each_child_named_on_the_result_page_is_audited_for_that_child(admin, client_for):
    upload, _ = uploaded(admin, f"{HEAD}\n{AMELIA},LAC,2024-01-08,,\n")
    shown = AuditEvent.objects.filter(
        object_type="FlagUpload", object_id=str(upload.pk), action="view"
    ).exclude(child_id=None)
    amelia = ProtectionFlag.objects.get(nhs_number="9990000018").child_id
    assert [(e.actor_username, e.child_id) for e in shown] == [("flag.admin", amelia)]
    # And the child's access history says so in words (the social worker reviews access).
    history = main_text(client_for("social.worker").get(f"/children/{amelia}/access/"))
    assert "a council&#39;s upload of protection flags" in history


def test_records_for_children_another_council_is_responsible_for_are_named(birmingham_admin):  # noqa: F811
    _, page = uploaded(birmingham_admin, f"{HEAD}\n{AMELIA},CPP,2025-06-01,,\n")
    assert "The 1 record in the file was applied." in page
    other = section(page, "other-council")
    assert "Children another council is responsible for" in other
    assert "Amelia Hart" in other and "999 000 0018" in other and "Islington" in other


def test_a_gap_is_shown_until_recorded_and_the_form_explains_its_mistakes(admin, client_for):
    with on_day(0):
        uploaded(admin, f"{HEAD}\n{AMELIA},LAC,2024-01-08,,\n", sequence="2")
    with on_day(1):
        _, page = uploaded(admin, f"{HEAD}\n{JAYDEN},CPP,2025-02-01,,\n", sequence="7")
    assert "Files 3 to 6 have not been received." in page
    with on_day(2):  # still signed in
        listing = main_text(admin.get("/flags/uploads/"))
        assert "Files 3 to 6 have not been received." in listing
        href = "/flags/uploads/gaps/3-6/close/"
        assert f'href="{href}"' in listing
        form = admin.get(href)
        assert form.status_code == 200 and "Files 3 to 6 have not been received." in text(form)
        # Other roles, and numbers that are not a gap, get "not found".
        assert client_for("social.worker").get(href).status_code == 404
        assert admin.get("/flags/uploads/gaps/3-5/close/").status_code == 404
        # No reason: a plain-English error at the field, and nothing recorded.
        empty = admin.post(href, {"reason": "  "})
        assert empty.status_code == 400
        assert "Enter why these files will not arrive." in text(empty)
        assert re.search(r'href="#reason"', text(empty))
        assert not FlagUploadGapClosure.objects.exists()
        done = admin.post(href, {"reason": "Numbers skipped in the upgrade."})
        assert done.status_code == 302 and done["Location"] == "/flags/uploads/"
        assert "have not been received" not in main_text(admin.get("/flags/uploads/"))
        assert AuditEvent.objects.filter(object_type="FlagUploadGapClosure").count() == 1


def test_a_late_file_says_what_filling_the_gap_meant(admin):
    with on_day(0):
        uploaded(admin, f"{HEAD}\n{AMELIA},LAC,2024-01-08,,\n", sequence="2")
    with on_day(1):
        uploaded(admin, f"{HEAD}\n{AMELIA},LAC,2024-01-08,2026-11-01,\n", sequence="4")
    with on_day(2):
        _, page = uploaded(admin, f"{HEAD}\n{AMELIA},LAC,2024-01-08,,\n", sequence="3")
    assert "File 3 arrived after later files, so it filled a gap." in page
    assert "superseded-by-later-file" in page
    assert "have not been received" not in page


def test_a_file_whose_only_record_is_rejected_says_so_in_the_singular(admin):
    _, page = uploaded(admin, f"{HEAD}\n9990000042,2014-03-02,CPP,2025-02-01,,\n")
    assert (
        "The 1 record in the file was rejected and changed nothing: correct it in your case "
        "system and send it again in your next file." in page
    )
    assert "0 of the" not in page
