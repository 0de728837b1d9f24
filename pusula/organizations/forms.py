from django import forms

from pusula.organizations.models import Organization


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "city", "field_of_work", "size_band"]
