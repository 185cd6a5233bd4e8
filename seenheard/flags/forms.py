"""The council's flag-file upload form (R-FLAG-2), for the NHS.UK file-upload page.

The form checks only what a person can fix on the form itself (no file, an empty or too-large
file, a sequence number that is not a whole number). Everything about the file's contents is
the upload service's job, so the web page and the command line reject the same files for the
same reasons.
"""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile

from seenheard.flags.upload.parse import MAX_BYTES
from seenheard.web.forms import DesignSystemForm

# FlagUpload.sequence is a 64-bit integer; anything longer is a typing slip, not a sequence.
MAX_SEQUENCE_DIGITS = 15


class InvalidSequence(ValueError):
    """A sequence number that is not one, with the plain reason (and a form error code)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def sequence_parse(text: str) -> int:
    """A file's sequence number as the page and the command line take it: ASCII digits only
    (Python's ``int`` would take full-width digits, signs and underscores), thousands commas
    allowed, 1 or more, at most MAX_SEQUENCE_DIGITS digits."""
    text = text.replace(",", "").strip()
    if not text:
        raise InvalidSequence("Enter the file's sequence number.", "required")
    if not text.isascii() or not text.isdigit():
        raise InvalidSequence("The sequence number must be a whole number, like 12.", "invalid")
    if len(text.lstrip("0")) > MAX_SEQUENCE_DIGITS:
        raise InvalidSequence(
            f"The sequence number must be {MAX_SEQUENCE_DIGITS} digits or fewer.", "too_large"
        )
    number = int(text)
    if number < 1:
        raise InvalidSequence("The sequence number must be 1 or more.", "min")
    return number


class FlagUploadForm(DesignSystemForm):
    """A flag file, its sequence number, and whether it is the council's complete list."""

    field_names = {"file": "The CSV file", "sequence": "The sequence number", "full": "Full list"}

    file = forms.FileField(required=False, allow_empty_file=True)
    sequence = forms.CharField(max_length=40, required=False, strip=True)
    full = forms.BooleanField(required=False)

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] | None = self.cleaned_data.get("file")
        if not upload:
            raise forms.ValidationError("Select the CSV file to upload.", code="required")
        size = upload.size or 0
        if size == 0:
            raise forms.ValidationError(
                "The selected file is empty. Select the CSV file exported from your case system.",
                code="empty",
            )
        # Checked from the size Django already knows, before a byte of the file is read.
        if size > MAX_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {MAX_BYTES // 1_048_576} MB "
                f"(it is {size / 1_048_576:.1f} MB). Split it, or send a delta file of the changes "
                "only.",
                code="too_large",
            )
        return upload

    def clean_sequence(self) -> int:
        try:
            return sequence_parse(self.cleaned_data.get("sequence") or "")
        except InvalidSequence as exc:
            raise forms.ValidationError(str(exc), code=exc.code) from None
