"""The contract every connector (one per external system and transport) follows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hub.errors import UnsupportedFeature


@dataclass
class Check:
    """One line of a connection test: what was checked, whether it passed, and a human detail."""

    name: str
    ok: bool
    detail: str = ""


@dataclass
class ConnectionReport:
    """What "test connection" tells the admin."""

    ok: bool
    system: str
    version: str = ""
    checks: list[Check] = field(default_factory=list)

    def add(self, name: str, ok: bool, detail: str = "") -> Check:
        check = Check(name, ok, detail)
        self.checks.append(check)
        if not ok:
            self.ok = False
        return check


class Connector:
    """Base class of the connectors.

    A connector is built from one connection model instance (``Shop`` or ``FactusolConnection``),
    reads its settings from it, and raises only ``hub.errors.HubError`` subclasses for failures
    it understands (``TransientError`` when a retry can help). ``close()`` releases sockets or
    database handles; connectors are also context managers.
    """

    #: Human name of the external system, for messages.
    system: str = ""

    def __init__(self, connection: Any, **options: Any) -> None:
        self.connection = connection
        unknown = set(options) - set(self.allowed_options())
        if unknown:
            raise TypeError(f"{type(self).__name__} got unknown option(s): {', '.join(sorted(unknown))}")
        self.options = options

    def allowed_options(self) -> tuple[str, ...]:
        """Keyword options the connector accepts; anything else is rejected at construction."""
        return ()

    def test_connection(self) -> ConnectionReport:
        """Check credentials, permissions and version; never raises for a failed check."""
        raise NotImplementedError(f"{type(self).__module__}.{type(self).__name__} must implement test_connection()")

    def close(self) -> None:
        """Release resources. Default: nothing to release."""

    def unsupported(self, feature: str) -> None:
        raise UnsupportedFeature(f"{self.system or type(self).__name__} does not support {feature}.")

    def __enter__(self) -> Connector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
