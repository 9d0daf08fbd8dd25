"""System checks: refuse an unsafe task-queue configuration and missing encryption keys."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


def _cluster_errors(name: str, conf: dict[str, Any]) -> list[Error]:
    errors: list[Error] = []
    timeout, retry = conf.get("timeout"), conf.get("retry")
    if not timeout:
        errors.append(
            Error(f"Q_CLUSTER[{name}] has no timeout: a hung sync would hold a worker forever.", id="hub.E001")
        )
    elif not retry or retry <= timeout:
        errors.append(
            Error(
                f"Q_CLUSTER[{name}]: retry ({retry}) must be larger than timeout ({timeout}), or the broker "
                "hands a running task to a second worker and the sync runs twice.",
                hint="Set Q_RETRY above Q_TIMEOUT (e.g. timeout 300, retry 420).",
                id="hub.E002",
            )
        )
    return errors


@register(Tags.compatibility)
def check_task_queue(app_configs: Any, **kwargs: Any) -> list[Error]:
    q = getattr(settings, "Q_CLUSTER", {})
    errors = _cluster_errors("default", q)
    for alt, overrides in (q.get("ALT_CLUSTERS") or {}).items():
        errors += _cluster_errors(alt, {**q, **overrides})
    if "orm" not in q and "redis" not in q and not q.get("sync"):
        errors.append(Error("Q_CLUSTER names no broker (orm or redis).", id="hub.E003"))
    if q.get("save_limit", 250) < 0:
        errors.append(Error("Q_CLUSTER save_limit < 0 hides every task result.", id="hub.E004"))
    return errors


@register(Tags.security)
def check_encryption_keys(app_configs: Any, **kwargs: Any) -> list[Error]:
    from cryptography.fernet import Fernet

    keys = settings.HUB.get("ENCRYPTION_KEYS") or []
    if not keys:
        return [
            Error(
                "HUB_ENCRYPTION_KEYS is empty: connection secrets cannot be stored.",
                hint="Generate a key with: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'",
                id="hub.E010",
            )
        ]
    errors = []
    for i, key in enumerate(keys):
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            errors.append(Error(f"HUB_ENCRYPTION_KEYS[{i}] is not a valid Fernet key.", id="hub.E011"))
    return errors


@register(Tags.compatibility)
def check_odbc_driver(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if not settings.HUB.get("ODBC_DRIVER_CHECK", True):
        return []
    try:
        import pyodbc
    except ImportError:
        return [Warning("pyodbc cannot be imported: ODBC connections will not work here.", id="hub.W020")]
    if not pyodbc.drivers():
        return [
            Warning(
                "No ODBC driver is installed: FactuSOL ODBC connections cannot run on this machine.",
                hint="On the PC with the Access file install the Microsoft Access Database Engine; on Debian "
                "install unixodbc and libsqliteodbc for the sandbox.",
                id="hub.W021",
            )
        ]
    return []
