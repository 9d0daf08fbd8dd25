"""Admin forms whose secret fields are write-only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class SecretFieldsForm(forms.ModelForm):
    """A ModelForm whose ``secret_fields`` are password inputs that never show the stored value.

    Leaving one empty keeps what is stored; typing a value replaces it. ``clear_<name>`` empties it.
    """

    secret_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.secret_fields:
            if name not in self.fields:
                continue
            model_field = self._meta.model._meta.get_field(name)
            is_set = bool(self.instance.pk and getattr(self.instance, name))
            self.fields[name] = forms.CharField(
                label=model_field.verbose_name,
                required=False,
                strip=True,
                widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
                help_text=(_("Stored (hidden). Leave empty to keep it.") if is_set else _("Not set yet.")),
            )
            self.initial[name] = ""
            if is_set:
                self.fields[f"clear_{name}"] = forms.BooleanField(label=_("Delete the stored value"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name in self.secret_fields:
            if name not in self.fields:
                continue
            if cleaned.get(f"clear_{name}"):
                cleaned[name] = ""
            elif not cleaned.get(name) and self.instance.pk:
                cleaned[name] = getattr(self.instance, name)
        return cleaned

    def _post_clean(self) -> None:
        super()._post_clean()
        for name in self.secret_fields:
            if name in self.cleaned_data:
                setattr(self.instance, name, self.cleaned_data[name])


class ShopForm(SecretFieldsForm):
    secret_fields = ("webservice_key",)


class FactusolConnectionForm(SecretFieldsForm):
    secret_fields = ("odbc_connection_string", "api_password")
