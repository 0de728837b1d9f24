from django import forms
from django.utils.translation import gettext_lazy as _

from pusula.organizations.models import Organization


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "city", "field_of_work", "size_band"]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Anahtarın adı"),
        max_length=100,
        help_text=_("Neyin kullanacağını hatırlatan bir ad, örneğin “yıllık rapor tablosu”."),
    )
