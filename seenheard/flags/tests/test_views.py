"""Council flag uploads through the pages (R-FLAG-2), as the council's flag administrator
would use them: upload, read the result, fix the rejected records; and nobody else sees any of
it (R-FLAG-10)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from seenheard.audit.models import AuditEvent
from seenheard.flags.models import FlagUpload, ProtectionFlag, UploadStatus
from seenheard.flags.upload.parse import HEADER
from seenheard.web.tests.helpers import main_text, stable, text

pytestmark = pytest.mark.django_db

HEAD = ",".join(HEADER)
AMELIA = "9990000018,2014-03-02"
JAYDEN = "9990000026,2019-07-14"
NOAH = "9990000034,2010-11-30"
NOBODY = "9990000042,2014-03-02"  # a valid NHS number that no known child has

GOOD = f"{HEAD}\n{AMELIA},LAC,2024-01-08,,\n{JAYDEN},CPP,2025-02-01,,\n"
PARTLY_BAD = (
    f"{HEAD}\n{AMELIA},LAC,2024-01-08,,\n{NOBODY},CPP,2025-02-01,,\n{NOAH},CPP,2025-02-01,,\n"
)


def flags_snapshot() -> list[tuple]:
    return sorted(
        ProtectionFlag.objects.values_list(
            "la__code", "nhs_number", "plan_type", "start_date", "end_date", "entered_in_error"
        )
    )


def post_file(
    client, content: str | bytes, *, sequence: str = "1", full: bool = False, name="flags.csv"
):
    data = content.encode() if isinstance(content, str) else content
    form: dict = {
        "file": SimpleUploadedFile(name, data, content_type="text/csv"),
        "sequence": sequence,
    }
    if full:
        form["full"] = "on"
    return client.post("/flags/uploads/new/", form)


@pytest.fixture
def admin(client_for):
    return client_for("flag.admin")


def uploaded(client, content, **kwargs) -> tuple[FlagUpload, str]:
    """Upload through the form, follow the redirect, and return the upload and its result page."""
    response = post_file(client, content, **kwargs)
    assert response.status_code == 302, text(response)
    match = re.fullmatch(r"/flags/uploads/(\d+)/", response["Location"])
    assert match, response["Location"]
    upload = FlagUpload.objects.get(pk=int(match.group(1)))
    page = client.get(response["Location"])
    assert page.status_code == 200
    return upload, main_text(page)


@pytest.fixture
def birmingham_admin(cast, client_for):
    """A flag administrator at another council (Birmingham, E08000025)."""
    from seenheard.accounts.services import user_add

    user_add(
        username="brum.flags",
        org_code="E08000025",
        role="flag-admin",
        given_name="Bea",
        family_name="Rum",
        check_password=False,
    )
    return client_for("brum.flags")


# -- happy paths ------------------------------------------------------------------------------


def test_a_good_file_is_applied_and_the_result_says_so(admin):
    upload, page = uploaded(admin, GOOD, sequence="1")
    assert upload.status == UploadStatus.APPLIED
    assert upload.channel == "web" and upload.uploaded_by == "flag.admin"
    assert upload.la.code == "E09000019"
    assert "All records applied" in page
    assert "All 2 records in the file were applied." in page
    assert "Rejected records" not in page
    assert "Children are being missed" not in page
    assert ProtectionFlag.objects.filter(la__code="E09000019", nhs_number="9990000018").exists()
    assert ProtectionFlag.objects.filter(la__code="E09000019", nhs_number="9990000026").exists()


def test_a_partly_bad_file_applies_the_rest_and_lists_each_rejected_record(admin):
    upload, page = uploaded(admin, PARTLY_BAD, sequence="1")
    assert upload.status == UploadStatus.PARTLY_APPLIED
    assert "Some records rejected, the rest applied" in page
    assert "2 of the 3 records in the file were applied. 1 was rejected" in page
    # The rejected record: line 3 of the file, its NHS number, the code and why.
    row = page[page.index('id="rejections"') :]
    assert re.search(r"Line </span>3</td>", row)
    assert "9990000042" in row and "<code>no-match</code>" in row
    assert "No known child has the NHS number 9990000042" in row
    assert f'href="/flags/uploads/{upload.pk}/rejections.csv"' in page
    assert "Download the rejected records (CSV)" in page
    # 2 of 3 matched: below the 95% standard, so the warning is on the result page.
    assert "Children are being missed" in page and "66.7%" in page
    assert sorted(ProtectionFlag.objects.values_list("nhs_number", flat=True)) == [
        "9990000018",
        "9990000034",
    ]


def test_the_rejected_records_download_as_csv(admin):
    upload, _ = uploaded(admin, PARTLY_BAD, sequence="1")
    response = admin.get(f"/flags/uploads/{upload.pk}/rejections.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["line", "nhs_number", "code", "message"]
    assert rows[1][:3] == ["3", "9990000042", "no-match"]
    assert "No known child" in rows[1][3]


def test_a_spreadsheet_formula_in_the_file_comes_back_as_plain_text(admin):
    upload, _ = uploaded(
        admin, f"{HEAD}\n{AMELIA},LAC,2024-01-08,,\n=1+1,2014-03-02,CPP,2024-01-08,,\n"
    )
    rows = list(
        csv.reader(
            io.StringIO(admin.get(f"/flags/uploads/{upload.pk}/rejections.csv").content.decode())
        )
    )
    assert rows[1][1] == "'=1+1"
    assert rows[1][2] == "invalid-nhs-number"


def test_a_file_rejected_whole_changes_nothing_and_says_why(admin):
    uploaded(admin, GOOD, sequence="1")
    before = flags_snapshot()
    upload, page = uploaded(
        admin, "nhs_number,dob,plan\n9990000034,2010-11-30,CPP\n", sequence="2", full=True
    )
    assert upload.status == UploadStatus.REJECTED
    assert "File rejected: nothing was changed" in page
    assert "no flag was added, changed or ended" in page
    assert "Why the file was rejected" in page and "the header row must be exactly" in page
    assert flags_snapshot() == before
    # A rejected file does not use up its sequence number.
    assert 'value="2"' in text(admin.get("/flags/uploads/new/"))


def test_the_same_file_twice_is_already_applied_and_changes_nothing(admin):
    uploaded(admin, GOOD, sequence="1")
    before = flags_snapshot()
    events = AuditEvent.objects.filter(object_type="ProtectionFlag").count()
    upload, page = uploaded(admin, GOOD, sequence="1")
    assert upload.status == UploadStatus.ALREADY_APPLIED
    assert "Already applied: nothing was changed" in page
    assert "File number 1 with exactly this content has already been applied" in page
    assert flags_snapshot() == before
    assert AuditEvent.objects.filter(object_type="ProtectionFlag").count() == events


def test_a_full_file_ends_open_flags_missing_from_it(admin):
    uploaded(admin, GOOD, sequence="1")
    upload, page = uploaded(admin, f"{HEAD}\n{AMELIA},LAC,2024-01-08,,\n", sequence="2", full=True)
    assert upload.status == UploadStatus.APPLIED and upload.full
    assert re.search(r"not in the file</dt>\s*<dd[^>]*>1</dd>", page)
    jayden = ProtectionFlag.objects.get(nhs_number="9990000026")
    assert jayden.end_date is not None


def test_the_history_shows_each_upload_the_warning_the_next_sequence_and_open_flags(admin):
    uploaded(admin, GOOD, sequence="1")
    uploaded(admin, PARTLY_BAD, sequence="2")
    uploaded(admin, "not,a,header\n", sequence="3")
    page = main_text(admin.get("/flags/uploads/"))
    history = page[page.index('id="upload-history"') :]
    # Newest first: the rejected file 3, then 2 (some rejected), then 1 (all applied).
    assert (
        history.index("File rejected")
        < history.index("Some rejected")
        < history.index("All applied")
    )
    assert "by Farid Ahmed" in history and "Delta" in history and "66.7%" in history
    # The latest applied file matched 2 of 3: the warning callout stands out at the top.
    assert 'class="nhsuk-card nhsuk-card--warning' in page
    assert page.index("Children are being missed") < page.index("Upload history")
    assert "Only 66.7% of Islington" in page
    assert '<strong id="next-sequence">3</strong>' in page
    open_flags = page[page.index('id="open-flags"') : page.index("Upload history")]
    counts = re.findall(r"\((CPP|LAC|UCPP)\)</dt>\s*<dd[^>]*>(\d+)</dd>", open_flags)
    assert counts == [("CPP", "2"), ("LAC", "1"), ("UCPP", "0")]


def test_the_warning_goes_once_a_file_matches_well(admin):
    uploaded(admin, PARTLY_BAD, sequence="1")
    assert "Children are being missed" in text(admin.get("/flags/uploads/"))
    uploaded(admin, GOOD, sequence="2")
    assert "Children are being missed" not in text(admin.get("/flags/uploads/"))


def test_the_form_offers_the_next_sequence_number_and_explains_full_files(admin):
    page = main_text(admin.get("/flags/uploads/new/"))
    assert 'type="file"' in page and 'enctype="multipart/form-data"' in page
    assert 'name="sequence"' in page and 'value="1"' in page
    assert "This is our complete current list (full file)" in page
    assert "Any of your open flags that are not in this file will end today." in page
    uploaded(admin, GOOD, sequence="7")
    assert 'value="8"' in text(admin.get("/flags/uploads/new/"))


def test_the_form_shows_the_header_row_the_file_needs(admin):
    """Issue 7: the help showed "<Macro 'header'>", the layout's macro, instead of the row."""
    page = main_text(admin.get("/flags/uploads/new/"))
    assert (
        '<code id="required-header">'
        "nhs_number,date_of_birth,plan_type,start_date,end_date,delete</code>" in page
    )
    assert "Macro" not in page


def test_one_record_is_one_record_in_the_result(admin):
    """Issue 7: "All 1 record in the file were applied" read wrongly."""
    _, page = uploaded(admin, f"{HEAD}\n{AMELIA},LAC,2024-01-08,,\n", sequence="1")
    assert "The 1 record in the file was applied." in page
    assert "All 1 record" not in page


# -- bad input ------------------------------------------------------------------------------


def _form_error(response, message: str, field_id: str) -> None:
    """A plain-English error in the error summary, linked to the field, and at the field."""
    assert response.status_code == 400
    body = text(response)
    assert "There is a problem" in body
    assert f'href="#{field_id}"' in body
    assert body.count(message) == 2, body  # in the summary and above the field
    assert "<title>Error: " in body


@pytest.mark.parametrize(
    ("form", "message", "field_id"),
    [
        ({"sequence": "1"}, "Select the CSV file to upload.", "file"),
        ({"sequence": ""}, "Enter the file&#39;s sequence number.", "sequence"),
        (
            {"sequence": "twelve"},
            "The sequence number must be a whole number, like 12.",
            "sequence",
        ),
        ({"sequence": "3.5"}, "The sequence number must be a whole number, like 12.", "sequence"),
        ({"sequence": "-1"}, "The sequence number must be a whole number, like 12.", "sequence"),
        ({"sequence": "0"}, "The sequence number must be 1 or more.", "sequence"),
        ({"sequence": "9" * 30}, "The sequence number must be 15 digits or fewer.", "sequence"),
    ],
    ids=["no-file", "no-sequence", "words", "decimal", "negative", "zero", "huge"],
)
def test_form_mistakes_are_explained_and_nothing_is_uploaded(admin, form, message, field_id):
    if field_id == "sequence":
        form = {**form, "file": SimpleUploadedFile("f.csv", GOOD.encode())}
    response = admin.post("/flags/uploads/new/", form)
    _form_error(response, message, field_id)
    assert not FlagUpload.objects.exists()
    assert not ProtectionFlag.objects.exists()


def test_an_empty_file_is_a_form_error(admin):
    response = post_file(admin, b"")
    _form_error(response, "The selected file is empty.", "file")
    assert not FlagUpload.objects.exists()


def test_a_50_mb_file_is_a_form_error_not_a_server_error(admin):
    uploaded(admin, GOOD, sequence="1")
    before = flags_snapshot()
    big = (GOOD + f"{NOAH},CPP,2025-02-01,,\n" * 1_800_000).encode()[: 50 * 1024 * 1024]
    assert len(big) == 50 * 1024 * 1024
    response = post_file(admin, big, sequence="2", full=True)
    _form_error(response, "The selected file must be smaller than 20 MB", "file")
    assert "it is 50.0 MB" in text(response)
    # What was typed is kept, so only the file has to be chosen again.
    assert 'value="2"' in text(response)
    assert re.search(r'id="full"[^>]*checked', text(response))
    assert FlagUpload.objects.count() == 1
    assert flags_snapshot() == before


def test_a_binary_file_is_rejected_whole(admin):
    uploaded(admin, GOOD, sequence="1")
    before = flags_snapshot()
    upload, page = uploaded(
        admin, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", sequence="2", name="photo.png"
    )
    assert upload.status == UploadStatus.REJECTED
    assert "This is not a CSV text file: it contains binary data." in page
    assert flags_snapshot() == before


def test_a_byte_order_mark_and_windows_line_endings_are_accepted(admin):
    body = ("\ufeff" + GOOD.replace("\n", "\r\n")).encode()
    upload, page = uploaded(admin, body)
    assert upload.status == UploadStatus.APPLIED
    assert "All 2 records in the file were applied." in page


def test_an_out_of_sequence_file_is_rejected_whole(admin):
    uploaded(admin, GOOD, sequence="5")
    before = flags_snapshot()
    upload, page = uploaded(admin, f"{HEAD}\n{NOAH},CPP,2025-02-01,,\n", sequence="4")
    assert upload.status == UploadStatus.REJECTED
    assert "out of sequence" in page
    assert flags_snapshot() == before


# -- who may see it ---------------------------------------------------------------------------

PAGES = ["/flags/uploads/", "/flags/uploads/new/"]


def _islington_upload(admin) -> FlagUpload:
    upload, _ = uploaded(admin, PARTLY_BAD, sequence="1")
    return upload


@pytest.mark.parametrize(
    "username",
    ["social.worker", "stranger", "board", "admin", "ae.nurse", "gp", "safeguarding.lead"],
)
def test_other_roles_get_not_found_for_every_upload_page(admin, client_for, username):
    upload = _islington_upload(admin)
    client = client_for(username)
    not_found = stable(client.get("/flags/uploads/999999/"))
    for path in [
        *PAGES,
        f"/flags/uploads/{upload.pk}/",
        f"/flags/uploads/{upload.pk}/rejections.csv",
    ]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert stable(response) == not_found, path
    before = flags_snapshot()
    response = post_file(client, GOOD, sequence="2")
    assert response.status_code == 404
    assert FlagUpload.objects.count() == 1
    assert flags_snapshot() == before


def test_another_councils_flag_admin_cannot_see_our_uploads(admin, birmingham_admin):
    upload = _islington_upload(admin)
    missing = birmingham_admin.get("/flags/uploads/999999/")
    assert missing.status_code == 404
    for path in [f"/flags/uploads/{upload.pk}/", f"/flags/uploads/{upload.pk}/rejections.csv"]:
        response = birmingham_admin.get(path)
        assert response.status_code == 404
        assert stable(response) == stable(missing)
        assert "9990000042" not in text(response)
    # Their own history is their own: empty, with no warning from Islington's match rate.
    page = main_text(birmingham_admin.get("/flags/uploads/"))
    assert "Birmingham has not uploaded a flag file yet." in page
    assert "Islington" not in page and "Children are being missed" not in page
    # Nor is looking audited as a view of Islington's upload.
    assert not AuditEvent.objects.filter(
        object_type="FlagUpload", action="view", actor_username="brum.flags"
    ).exists()


def test_another_councils_flag_admin_uploads_only_for_their_own_council(admin, birmingham_admin):
    _islington_upload(admin)
    before = flags_snapshot()
    # Islington's children are not Birmingham's to flag; the file still goes to Birmingham.
    response = post_file(birmingham_admin, GOOD, sequence="1")
    upload = FlagUpload.objects.get(pk=int(response["Location"].strip("/").split("/")[-1]))
    assert upload.la.code == "E08000025"
    assert all(code == "E09000019" for code, *_ in before)
    assert [f for f in flags_snapshot() if f[0] == "E09000019"] == before


def test_viewing_an_upload_result_is_audited(admin):
    upload = _islington_upload(admin)
    # The page's own event; each child it names has one more (test_views_report.py).
    views = AuditEvent.objects.filter(object_type="FlagUpload", action="view", child_id=None)
    assert views.count() == 1  # the redirect after uploading showed the result once
    admin.get(f"/flags/uploads/{upload.pk}/")
    event = views.order_by("-seq").first()
    assert views.count() == 2
    assert event.actor_username == "flag.admin"
    assert event.object_id == str(upload.pk)
    assert event.child_id is None
    assert event.actor_org_code == "E09000019"
    admin.get(f"/flags/uploads/{upload.pk}/rejections.csv")
    assert views.count() == 3


def test_the_home_page_offers_flag_uploads_to_flag_admins_only(admin, client_for):
    assert 'href="/flags/uploads/"' in text(admin.get("/"))
    assert 'href="/flags/uploads/"' not in text(client_for("social.worker").get("/"))


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/flags/uploads/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_the_upload_form_still_needs_its_csrf_token(cast):
    """The form view is csrf_exempt only so the oversize handler can go in first; the check
    itself still runs."""
    from django.test import Client

    from seenheard.accounts.models import User

    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="flag.admin"))
    response = post_file(client, GOOD)
    assert response.status_code == 403
    assert not FlagUpload.objects.exists()
    # With the token from the form, the same upload goes through.
    form = client.get("/flags/uploads/new/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text(form)).group(1)
    response = client.post(
        "/flags/uploads/new/",
        {
            "csrfmiddlewaretoken": token,
            "file": SimpleUploadedFile("f.csv", GOOD.encode()),
            "sequence": "1",
        },
    )
    assert response.status_code == 302
    assert FlagUpload.objects.get().status == UploadStatus.APPLIED


def test_an_oversize_file_is_not_kept_beyond_the_limit():
    """The handler swallows everything past the limit and reports the true size."""
    from seenheard.flags.upload.parse import MAX_BYTES
    from seenheard.flags.views import _OversizeUploadHandler

    handler = _OversizeUploadHandler()
    handler.new_file("file", "big.csv", "text/csv", None)
    chunk = b"x" * handler.chunk_size
    passed = 0
    total = 0
    while total <= MAX_BYTES + 10 * handler.chunk_size:
        if handler.receive_data_chunk(chunk, total) is not None:
            passed += len(chunk)
        total += len(chunk)
    assert passed <= MAX_BYTES
    placeholder = handler.file_complete(total)
    assert placeholder is not None and placeholder.size == total
    assert _OversizeUploadHandler().file_complete(100) is None
