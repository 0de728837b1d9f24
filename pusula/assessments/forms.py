import re
from email.utils import parseaddr

from django import forms
from django.utils.translation import gettext_lazy as _

from pusula.assessments.models import Role
from pusula.lib.fields import EmailAddressField

NOTE_MAX_LENGTH = 1000


def _choice_label(choice):
    if getattr(choice, "untranslated", False):
        return f"{choice.title} {_('(henüz çevrilmedi, Türkçe gösteriliyor)')}"
    return choice.title


def _choice_options(question):
    return [(str(c.number), c.unscored_label or _choice_label(c)) for c in question.options]


class AreaAnswersForm(forms.Form):
    """One radio group per question of an area; a question may be left for later."""

    def __init__(self, area, *args, initial_choices=None, initial_notes=None, autosave=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        self.autosave = autosave  # a single click saved as it is made: a note still waiting for its choice is no error
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
            self.fields[f"n{question.number}"] = forms.CharField(
                label=_("Notunuz (isteğe bağlı)"),
                help_text=_(
                    "Neden bu yanıtı seçtiniz, neye dayanarak? Uzlaşı toplantısında adınız olmadan gösterilir."
                ),
                required=False,
                max_length=NOTE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=(initial_notes or {}).get(question.pk, ""),
            )

    def clean(self):
        for question in self.area.question_list:
            note = (self.cleaned_data.get(f"n{question.number}") or "").strip()
            if note and not self.autosave and self.cleaned_data.get(f"q{question.number}") in (None, ""):
                self.add_error(f"n{question.number}", _("Notu kaydetmek için bu soruda bir seçenek seçin."))
        return self.cleaned_data

    def notes(self):
        """question pk → note, for the questions answered on this page."""
        chosen = self.chosen()
        return {
            question.pk: self.cleaned_data.get(f"n{question.number}", "").strip()
            for question in self.area.question_list
            if question.pk in chosen
        }

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
        return [
            (question, self[f"q{question.number}"], self[f"n{question.number}"]) for question in self.area.question_list
        ]


class RespondentProfileForm(forms.Form):
    role = forms.ChoiceField(label=_("Örgütteki rolünüz"), choices=Role.choices, widget=forms.RadioSelect)

    def __init__(self, *args, coordinator=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not coordinator:  # "Koordinatör" is the role of whoever runs the round, not of an invitee
            self.fields["role"].choices = [c for c in Role.choices if c[0] != Role.COORDINATOR]

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


def _people_on_line(line):
    """(label, email) pairs on one pasted line.

    A line is a name ("Veli (yönetim kurulu)"), an address, "Ad Soyad <adres>", a spreadsheet row
    ("Ad Soyad<TAB>adres") or several addresses separated by commas or semicolons. Raises ValueError
    with the part that is not an address.
    """
    if "@" not in line:
        return [(line[:200], "")]
    parts = [part.strip() for part in re.split(r"[\t,;]", line) if part.strip()]
    names, people = [], []
    for part in parts:
        name, address = parseaddr(part)
        if "@" not in part:
            names.append(part)
            continue
        try:
            address = EmailAddressField().clean(address)
        except forms.ValidationError:
            raise ValueError(part) from None
        people.append([name.strip(), address])
    if len(people) == 1 and names and not people[0][0]:
        people[0][0] = " ".join(names)  # "Ad Soyad, adres" or a spreadsheet row
    return [((name or address)[:200], address) for name, address in people]


class InviteForm(forms.Form):
    people = forms.CharField(
        label=_("Davet edilecek kişiler"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Her satıra bir kişi: e-posta adresi (davet e-postayla gider), “Ad Soyad <adres>”, ya da yalnızca "
            "bir ad (bağlantıyı siz iletirsiniz). Bir e-posta listesini ya da tablodan kopyaladığınız ad ve "
            "adres sütunlarını doğrudan yapıştırabilirsiniz. Bir seferde en fazla 100 kişi."
        ),
        max_length=20000,
    )

    def __init__(self, *args, already_invited=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.already_invited = set(already_invited)  # casefolded addresses
        self.skipped = []

    def clean_people(self):
        people, seen = [], set(self.already_invited)
        for number, line in enumerate(self.cleaned_data["people"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            try:
                on_line = _people_on_line(line)
            except ValueError as error:
                raise forms.ValidationError(
                    _("%(n)d. satırdaki e-posta adresi geçerli değil: %(line)s") % {"n": number, "line": error}
                ) from None
            for label, email in on_line:
                if email and email.casefold() in seen:
                    self.skipped.append(email)
                    continue
                seen.add(email.casefold())
                people.append((label, email))
        if len(people) > 100:
            raise forms.ValidationError(_("Bir seferde en fazla 100 kişi davet edilebilir."))
        if not people and self.skipped:
            raise forms.ValidationError(_("Bu adreslerin hepsi zaten davet edildi."))
        if not people:
            raise forms.ValidationError(_("En az bir kişi yazın."))
        return people


class ConsensusItemForm(forms.Form):
    """The answer the meeting agreed on for one question, and the meeting's note on why."""

    note = forms.CharField(
        label=_("Toplantının notu"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Neden bu yanıtta anlaştınız; neyi kanıt saydınız, ne yapmaya karar verdiniz."),
    )

    def __init__(self, question, *args, recorded=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.options = question.scored_choices + [question.dont_know]
        current = next((c for c in self.options if recorded and c.pk == recorded.choice_id), None)
        self.fields["choice"] = forms.TypedChoiceField(
            label=_("Uzlaşılan yanıt"),
            choices=_choice_options(question),
            coerce=int,
            widget=forms.RadioSelect,
            initial=str(current.number) if current else None,
            error_messages={
                "required": _("Üzerinde anlaştığınız yanıtı seçin."),
                "invalid_choice": _("Bu soru için geçerli bir seçenek seçin."),
            },
        )
        if recorded:
            self.fields["note"].initial = recorded.note
        self.order_fields(["choice", "note"])

    def decision(self):
        """{question pk: (choice pk, note)} for services.record_consensus."""
        number = self.cleaned_data["choice"]
        choice = next(c for c in self.options if c.number == number)
        return {self.question.pk: (choice.pk, self.cleaned_data["note"].strip())}


class PaperSheetForm(forms.Form):
    """Who filled in a paper answer sheet; the answers come from one AreaAnswersForm per area."""

    label = forms.CharField(
        label=_("Kâğıdın kodu ya da adı (isteğe bağlı)"),
        required=False,
        max_length=200,
        help_text=_("Kâğıdın sağ üstündeki kod (örneğin 12-03) ya da kişinin adı; anonim kâğıtlarda yalnızca kod."),
    )
    role = forms.ChoiceField(
        label=_("Kâğıtta işaretlenen rol"),
        choices=[c for c in Role.choices if c[0] != Role.COORDINATOR],
        widget=forms.RadioSelect,
    )
    anonymous = forms.BooleanField(label=_("Kâğıtta “Anonim kalmak istiyorum” işaretli"), required=False)


class SubmissionsUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Yanıt dosyası (CSV ya da XLSX)"),
        help_text=_(
            "KoboToolbox’ta: Data → Downloads → XLS ya da CSV (değerler “XML values”, başlıklar grup adlarıyla ya da "
            "onlarsız). ODK Central’da: Submissions → Download (CSV). En fazla 5 MB."
        ),
    )
