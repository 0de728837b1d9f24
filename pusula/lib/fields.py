from django import forms

from pusula.lib.text import email_spelling


class EmailAddressField(forms.EmailField):
    """An e-mail address field that reads "İ" as the "i" a Turkish keyboard's capital meant."""

    def to_python(self, value):
        return email_spelling(super().to_python(value))
