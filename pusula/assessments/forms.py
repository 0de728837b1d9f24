from django import forms
from django.utils.translation import gettext_lazy as _

from pusula.assessments.models import Role


def _choice_label(choice):
    if getattr(choice, "untranslated", False):
        return f"{choice.title} {_('(henüz çevrilmedi, Türkçe gösteriliyor)')}"
    return choice.title


def _choice_options(question):
    return [(str(c.number), c.unscored_label or _choice_label(c)) for c in question.options]


class AreaAnswersForm(forms.Form):
    """One radio group per question of an area; a question may be left for later."""

    def __init__(self, area, *args, initial_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        for question in area.question_list:
            initial = initial_choices.get(question.pk) if initial_choices else None
            self.fields[f"q{question.number}"] = forms.TypedChoiceField(
                label=question.text,
                help_text=question.help,
                choices=_choice_options(question),
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
                initial=str(initial.number) if initial else None,
                error_messages={"invalid_choice": _("Bu soru için geçerli bir seçenek seçin.")},
            )

    def chosen(self):
        """question pk → choice pk for the questions answered on this page."""
        chosen = {}
        for question in self.area.question_list:
            number = self.cleaned_data.get(f"q{question.number}")
            if number is None or number == "":
                continue
            chosen[question.pk] = next(c.pk for c in question.options if c.number == number)
        return chosen

    def bound_questions(self):
        return [(question, self[f"q{question.number}"]) for question in self.area.question_list]


class RespondentProfileForm(forms.Form):
    role = forms.ChoiceField(label=_("Örgütteki rolünüz"), choices=Role.choices, widget=forms.RadioSelect)
    anonymous = forms.BooleanField(
        label=_("Anonim kalmak istiyorum"),
        required=False,
        help_text=_("Yanıtlarınız hiçbir yerde kişi kişi görünmez; ne görüneceği aşağıda “Kim neyi görür?” bölümünde."),
    )


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Değerlendirmenin adı"), max_length=200)
    closes_on = forms.DateField(
        label=_("Kapanış tarihi (isteğe bağlı)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    named_answers_visible = forms.BooleanField(
        label=_("Adıyla yanıtlayanların yanıtlarını tek tek görmek istiyorum"),
        required=False,
        help_text=_(
            "Davet ettiğiniz kişilere, yanıtlamadan önce bu söylenir. Anonim yanıtlar her durumda yalnızca "
            "toplu olarak görünür. Değerlendirme başladıktan sonra değiştirilemez."
        ),
    )


class InviteForm(forms.Form):
    people = forms.CharField(
        label=_("Davet edilecek kişiler"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Her satıra bir kişi: e-posta adresi (davet e-postayla gider) ya da yalnızca bir ad "
            "(bağlantıyı siz iletirsiniz). En fazla 100 satır."
        ),
        max_length=20000,
    )

    def clean_people(self):
        people = []
        for number, line in enumerate(self.cleaned_data["people"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            if "@" in line:
                try:
                    forms.EmailField().clean(line)
                except forms.ValidationError:
                    raise forms.ValidationError(
                        _("%(n)d. satırdaki e-posta adresi geçerli değil: %(line)s") % {"n": number, "line": line}
                    ) from None
                people.append((line, line))
            else:
                people.append((line[:200], ""))
        if not people:
            raise forms.ValidationError(_("En az bir kişi yazın."))
        if len(people) > 100:
            raise forms.ValidationError(_("Bir seferde en fazla 100 kişi davet edilebilir."))
        return people


class ConsensusForm(forms.Form):
    """Per question: the agreed choice (or none yet) and why."""

    def __init__(self, questionnaire, *args, recorded=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        recorded = recorded or {}
        for question in questionnaire.questions.values():
            current = recorded.get(question.pk)
            self.fields[f"q{question.number}"] = forms.TypedChoiceField(
                label=question.text,
                choices=[("", _("— henüz uzlaşı yok —"))] + _choice_options(question),
                coerce=int,
                empty_value=None,
                required=False,
                initial=str(questionnaire.choices[current.choice_id].number) if current else "",
            )
            self.fields[f"note{question.number}"] = forms.CharField(
                label=_("Gerekçe"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.note if current else "",
            )

    def decisions(self):
        decisions = {}
        for question in self.questionnaire.questions.values():
            number = self.cleaned_data.get(f"q{question.number}")
            note = self.cleaned_data.get(f"note{question.number}", "").strip()
            if number is None:
                decisions[question.pk] = (None, "")
                continue
            decisions[question.pk] = (next(c.pk for c in question.options if c.number == number), note)
        return decisions
