"""Who may call the sandbox: the webservice switch, keys, per-key permissions and shops.

Mirrors ``WebserviceRequest`` (PrestaShop 8): ``isActivated`` (503, code 22), ``authenticate``
(401, codes 20/21), ``shopHasRight`` (403, code 132), ``checkResource`` (401, code 26) and
``checkHTTPMethod`` (405, codes 101 then 25), in that order. Messages are PrestaShop's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

METHODS = ("GET", "PUT", "POST", "PATCH", "DELETE", "HEAD")
#: Methods a resource refuses whatever the key (``forbidden_method``, reference §1.1).
FORBIDDEN_METHODS: dict[str, frozenset[str]] = {"stock_availables": frozenset({"POST", "DELETE"})}

DISABLED = (22, "The PrestaShop webservice is disabled. Please activate it in the PrestaShop Back Office")
NOT_ACTIVE = (20, "Authentification key is not active")
NO_PERMISSION = (21, "No permission for this authentication key")
NO_SHOP_RIGHT = (132, "No permission for this key on this shop")


def resource_not_allowed(resource: str) -> tuple[int, str]:
    return 26, f'Resource of type "{resource}" is not allowed with this authentication key'


def method_forbidden(method: str, resource: str) -> tuple[int, str]:
    return 101, f"Method {method} is not allowed for the resource {resource}"


def method_not_allowed(method: str, resource: str) -> tuple[int, str]:
    return 25, f"Method {method} is not allowed for the resource {resource} with this authentication key"


@dataclass
class KeyAccess:
    """One webservice key. ``permissions``: resource → allowed methods (None: every resource and
    method); ``shops``: shop ids the key is associated with (None: every shop)."""

    active: bool = True
    permissions: dict[str, frozenset[str]] | None = None
    shops: frozenset[str] | None = None

    def methods(self, resource: str) -> frozenset[str] | None:
        """Methods granted on ``resource``; None when the resource is not granted at all."""
        if self.permissions is None:
            return frozenset(METHODS)
        return self.permissions.get(resource)


@dataclass
class Access:
    """The sandbox's webservice settings (change them while it serves)."""

    enabled: bool = True
    keys: dict[str, KeyAccess] = field(default_factory=dict)

    def set_key(
        self,
        key: str,
        permissions: Mapping[str, Iterable[str]] | None = None,
        *,
        shops: Iterable[str | int] | None = None,
        active: bool = True,
    ) -> KeyAccess:
        """Add or replace a key, e.g. ``set_key(k, {"orders": ["GET", "HEAD"]}, shops=[1])``."""
        perms = None
        if permissions is not None:
            perms = {name: frozenset(m.upper() for m in methods) for name, methods in permissions.items()}
            unknown = {m for methods in perms.values() for m in methods} - set(METHODS)
            if unknown:
                raise ValueError(f"Unknown method(s): {', '.join(sorted(unknown))}")
        access = KeyAccess(active, perms, None if shops is None else frozenset(str(s) for s in shops))
        self.keys[key] = access
        return access

    def authenticate(self, key: str) -> list[tuple[int, str]]:
        """The 401 errors for ``key`` ([] when it is accepted)."""
        access = self.keys.get(key)
        errors = [] if access is not None and access.active else [NOT_ACTIVE]
        if access is None or not access.active or access.permissions == {}:
            errors.append(NO_PERMISSION)
        return errors

    def shop_right(self, key: str, shop_ids: Iterable[str]) -> bool:
        shops = self.keys[key].shops
        return shops is None or bool(shops & set(shop_ids))

    def check(self, key: str, method: str, resource: str | None) -> tuple[int, tuple[int, str]] | None:
        """``(status, error)`` when ``key`` may not send ``method`` to ``resource`` (None: the API root)."""
        if resource is None or method not in METHODS:
            return None
        methods = self.keys[key].methods(resource)
        if methods is None:
            return 401, resource_not_allowed(resource)
        if method in FORBIDDEN_METHODS.get(resource, ()):
            return 405, method_forbidden(method, resource)
        if method not in methods:
            return 405, method_not_allowed(method, resource)
        return None

    def root_permissions(self, key: str, names: Iterable[str]) -> dict[str, frozenset[str]]:
        """What ``GET /api/`` lists for ``key``: granted resources with their methods."""
        access = self.keys[key]
        granted = {}
        for name in names:
            methods = access.methods(name)
            if methods is not None:
                granted[name] = methods
        return granted
