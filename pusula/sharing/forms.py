from django import forms
from django.utils.translation import gettext_lazy as _

from pusula.sharing.models import ReportLink, Share


class ShareForm(forms.ModelForm):
    class Meta:
        model = Share
        fields = ["message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"message": _("Örneğin neden paylaştığınız: danışmanlık başvurusu, bir eğitim isteği…")}


class ReportLinkForm(forms.Form):
    label = forms.CharField(
        label=_("Bağlantı kimin için?"), max_length=200, help_text=_("Örneğin fon verenin ya da ortağın adı.")
    )
    days = forms.TypedChoiceField(
        label=_("Ne kadar süre açık kalsın?"), choices=ReportLink.EXPIRY_CHOICES, coerce=int, initial=30
    )


class OperatorShareForm(forms.ModelForm):
    class Meta:
        model = Share
        fields = ["status", "operator_note"]
        widgets = {"operator_note": forms.Textarea(attrs={"rows": 4})}
