"""The hub's error hierarchy.

Every error a connector or a sync step raises on purpose is a ``HubError``. The subclass says
what happens next: ``TransientError`` may succeed when tried again, everything else waits for a
person (fix a setting, add a mapping, correct the data) and is never retried automatically.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured


class HubError(Exception):
    """Root of the hub's errors.

    ``connection`` is the model instance (Shop or FactusolConnection) involved, ``request`` and
    ``response`` are redacted snapshots (dicts or short strings) kept for the journal.
    """

    retryable: bool = False

    def __init__(
        self,
        message: str = "",
        *,
        connection: Any = None,
        request: Any = None,
        response: Any = None,
        code: str | int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.connection = connection
        self.request = request
        self.response = response
        self.code = code

    def __str__(self) -> str:
        return self.message or self.__class__.__name__


class ConfigurationError(HubError, ImproperlyConfigured):
    """A setting is wrong or missing (bad key, unknown database, missing driver): fix, then retry."""


class ConnectorError(HubError):
    """The external system refused or failed a request."""


class TransientError(ConnectorError):
    """Timeouts, locks, 5xx, connection resets: trying again later can help."""

    retryable = True


class PermanentError(ConnectorError):
    """The request itself is wrong (bad data, 400): the same call will fail again."""


class ConflictError(PermanentError):
    """The record already exists (duplicate key, duplicate e-mail)."""


class RecordNotFound(PermanentError):
    """The record asked for does not exist on the external system."""


class UnsupportedFeature(PermanentError):
    """The connector cannot do what was asked (an optional capability)."""


class MappingError(HubError):
    """A value has no mapping (payment method, carrier, tax, country, product): add it, then retry."""


class DataError(HubError):
    """The record cannot be synced as it is (totals do not match, a required value is empty)."""
