"""One place to read process-wide hub settings (``settings.HUB``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from hub.errors import ConfigurationError

_MISSING = object()


def hub_setting(name: str, default: Any = _MISSING) -> Any:
    """Return ``settings.HUB[name]``; ``default`` when absent, else a ConfigurationError saying where to set it."""
    value = getattr(settings, "HUB", {}).get(name, _MISSING)
    if value is _MISSING or value in (None, "", []):
        if default is not _MISSING:
            return default
        raise ConfigurationError(
            f"settings.HUB[{name!r}] is not set: set the environment variable HUB_{name} (see .env.example)."
        )
    return value
