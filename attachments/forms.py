from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from attachments.services import DESCRIPTION_MAX_LENGTH
from attachments.validation import ACCEPT


class AttachmentUploadForm(forms.Form):
    # Empty files are let through so that the service's own message is the one shown.
    file = forms.FileField(
        label=_("File"), allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_("What the file shows, for example “Minutes of the 03/2025 meeting”."),
    )


def signed_file_field(label: Any, *, required: bool = True) -> forms.FileField:
    """A signed document or evidence file; empty files pass here so that the attachment
    service's own message is shown."""
    return forms.FileField(label=label, required=required, allow_empty_file=True,
                           widget=forms.FileInput(attrs={"accept": ACCEPT}))
