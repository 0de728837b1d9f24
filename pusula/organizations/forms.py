from django import forms
from django.utils.translation import gettext_lazy as _

from pusula.organizations.models import Organization
from pusula.organizations.profile import OTHER


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "kind",
            "city",
            "city_other",
            "field_of_work",
            "field_of_work_other",
            "size_band",
            "counted_in_comparisons",
        ]
        help_texts = {
            "kind": _(
                "Bazı sorular yalnızca belli türdeki örgütlere sorulur: örneğin tüzel kişiliği olmayan bir "
                "platforma genel kurul ya da denetim kurulu sorulmaz."
            )
        }
        labels = {
            "city_other": _("İl “Diğer” ise: nerede?"),
            "field_of_work_other": _("Çalışma alanı “Diğer” ise: ne?"),
        }

    def clean(self):
        cleaned = super().clean()
        for choice, other in (("city", "city_other"), ("field_of_work", "field_of_work_other")):
            if cleaned.get(choice) == OTHER and not cleaned.get(other, "").strip():
                self.add_error(other, _("“Diğer”i seçtiyseniz kısaca yazın."))
            elif cleaned.get(choice) != OTHER:
                cleaned[other] = ""  # a value left from an earlier "other" would mislead
        return cleaned


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Anahtarın adı"),
        max_length=100,
        help_text=_("Neyin kullanacağını hatırlatan bir ad, örneğin “yıllık rapor tablosu”."),
    )
