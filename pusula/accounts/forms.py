from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from pusula.accounts.models import User
from pusula.lib.fields import EmailAddressField


class SignupForm(forms.Form):
    name = forms.CharField(
        label=_("Adınız"), max_length=150, required=False, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = EmailAddressField(
        label=_("E-posta"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("Parola"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("En az 8 karakter; yalnızca rakamlardan ya da çok yaygın bir paroladan oluşmasın."),
    )

    taken = _("Bu e-posta adresiyle bir hesap zaten var. Giriş yapmayı deneyin.")

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"].strip())
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(self.taken)
        return email

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            candidate = User(email=cleaned.get("email", ""), name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned

    def save(self):
        """The new user, or None (with the form's error) when the address was taken since the check."""
        data = self.cleaned_data
        try:
            with transaction.atomic():
                return User.objects.create_user(email=data["email"], password=data["password"], name=data["name"])
        except IntegrityError:
            self.add_error("email", self.taken)
            return None


class LoginForm(AuthenticationForm):
    username = EmailAddressField(
        label=_("E-posta"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
