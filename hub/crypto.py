"""Encryption at rest for connection secrets (Fernet, keys from settings.HUB['ENCRYPTION_KEYS'])."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.db import models

from hub.conf import hub_setting
from hub.errors import ConfigurationError

PREFIX = "fernet:"


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except (ValueError, TypeError) as err:
        raise ConfigurationError(
            "HUB_ENCRYPTION_KEYS holds an invalid Fernet key: generate one with "
            "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`."
        ) from err


def fernet() -> MultiFernet:
    return _fernet(tuple(hub_setting("ENCRYPTION_KEYS")))


def encrypt(plaintext: str) -> str:
    return PREFIX + fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    if not token.startswith(PREFIX):
        raise ConfigurationError("A stored secret is not encrypted; save it again in the admin.")
    try:
        return fernet().decrypt(token[len(PREFIX) :].encode()).decode()
    except InvalidToken as err:
        raise ConfigurationError(
            "A stored secret cannot be decrypted with HUB_ENCRYPTION_KEYS: the key changed. "
            "Add the old key after the new one, or enter the secret again."
        ) from err


class EncryptedTextField(models.TextField):
    """A text column whose value is stored encrypted and read back in clear.

    The empty string is stored as is, so that "not set" stays visible without a key.
    """

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)
