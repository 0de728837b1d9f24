from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pusula.plans.models import RATING_CHOICES, Action, ProgressEntry

_RATING_OPTIONS = [(str(n), label) for n, label in RATING_CHOICES]


class RatingsForm(forms.Form):
    """Importance and feasibility (1–5) for each candidate; one left unpicked stays unrated."""

    def __init__(self, candidates, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        for candidate in candidates:
            number = candidate.question.number
            for prefix, label, value in (
                ("importance", _("Önem / etki"), candidate.importance),
                ("feasibility", _("Uygulanabilirlik"), candidate.feasibility),
            ):
                self.fields[f"{prefix}{number}"] = forms.TypedChoiceField(
                    label=label,
                    choices=_RATING_OPTIONS,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect,
                    initial="" if value is None else str(value),
                    error_messages={"invalid_choice": _("1 ile 5 arasında bir değer seçin.")},
                )

    def rows(self):
        return [
            (c, [self[f"importance{c.question.number}"], self[f"feasibility{c.question.number}"]])
            for c in self.candidates
        ]

    def ratings(self):
        return {
            c.question.pk: (
                self.cleaned_data.get(f"importance{c.question.number}"),
                self.cleaned_data.get(f"feasibility{c.question.number}"),
            )
            for c in self.candidates
        }


class AddCandidateForm(forms.Form):
    question = forms.TypedChoiceField(label=_("Başka bir soru ekleyin"), coerce=int)

    def __init__(self, questionnaire, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.fields["question"].choices = [
            (q.number, f"{q.ordinal}. {q.text[:90]}") for area in questionnaire.areas for q in area.question_list
        ]

    def clean_question(self):
        number = self.cleaned_data["question"]
        return next(q for q in self.questionnaire.questions.values() if q.number == number)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "title", "responsible", "starts_on", "due_on", "status",
            "resources_needed", "success_indicator", "notes",
        ]  # fmt: skip
        widgets = {
            "starts_on": DateInput(),
            "due_on": DateInput(),
            "resources_needed": forms.Textarea(attrs={"rows": 2}),
            "success_indicator": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "title": _("Somut bir adım: kim neyi, hangi çıktıyla yapacak."),
            "success_indicator": _("Bittiğini neyden anlayacaksınız? Örneğin: “Yönetim kurulu planı onayladı.”"),
        }

    def __init__(self, *args, link_options=(), studied_options=(), **kwargs):
        """link_options: resources a new action may link; studied_options: an action's linked resources."""
        super().__init__(*args, **kwargs)
        if link_options:
            self.fields["link"] = forms.TypedMultipleChoiceField(
                label=_("Öğrenme kaynakları (reçeteden)"),
                choices=[(r.pk, r.title) for r in link_options],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=[r.pk for r in link_options],
            )
        if studied_options:
            self.fields["studied"] = forms.TypedMultipleChoiceField(
                label=_("Çalışılan öğrenme kaynakları"),
                choices=[(item.pk, item.resource.title) for item in studied_options],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=[item.pk for item in studied_options if item.studied_at],
            )

    def clean(self):
        cleaned = super().clean()
        starts_on, due_on = cleaned.get("starts_on"), cleaned.get("due_on")
        if starts_on and due_on and starts_on > due_on:
            self.add_error("due_on", _("Bitiş tarihi başlangıç tarihinden önce olamaz."))
        return cleaned

    def fields_to_save(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ProgressForm(forms.ModelForm):
    class Meta:
        model = ProgressEntry
        fields = ["written_on", "text"]
        widgets = {"written_on": DateInput(), "text": forms.Textarea(attrs={"rows": 2})}

    def clean_written_on(self):
        day = self.cleaned_data["written_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("İlerleme notu ileri bir tarihe yazılamaz."))
        return day
