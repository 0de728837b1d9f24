from django import forms
from django.utils.translation import gettext_lazy as _


class ContentUploadForm(forms.Form):
    archive = forms.FileField(
        label=_("İçerik paketi (zip)"),
        help_text=_("areas/, prescriptions/ ve resources.tsv içeren bir klasörün zip'i; en çok 8 MB."),
    )
