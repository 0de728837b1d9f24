from django import forms
from django.utils.translation import gettext_lazy as _


class DeleteOrganizationForm(forms.Form):
    confirm_name = forms.CharField(
        label=_("Onaylamak için örgütün adını yazın"), max_length=200, strip=True, widget=forms.TextInput()
    )

    def __init__(self, organization, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_confirm_name(self):
        typed = self.cleaned_data["confirm_name"]
        if " ".join(typed.split()) != " ".join(self.organization.name.split()):
            raise forms.ValidationError(_("Yazdığınız ad örgütün adıyla aynı değil; hiçbir şey silinmedi."))
        return typed
