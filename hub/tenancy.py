"""Who may see and do what: agency membership decides, superusers see everything."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet

from hub.models import Agency, Membership, Role

#: Roles allowed to change objects, and to run actions such as "sync now" or "retry".
EDIT_ROLES = (Role.OWNER, Role.OPERATOR)


def agencies_for(user: Any, roles: tuple[str, ...] | None = None) -> QuerySet[Agency]:
    """The agencies ``user`` belongs to (with one of ``roles`` when given); all for superusers."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    memberships = Membership.objects.filter(user=user)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return Agency.objects.filter(pk__in=memberships.values("agency_id"))


def scope(queryset: QuerySet, user: Any, agency_path: str, roles: tuple[str, ...] | None = None) -> QuerySet:
    """Filter ``queryset`` to the objects whose ``agency_path`` is one of the user's agencies."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return queryset
    return queryset.filter(**{f"{agency_path}__in": agencies_for(user, roles)})


def agency_of(obj: Model, agency_path: str) -> Agency | None:
    """Follow ``agency_path`` (e.g. ``integration__agency``) from an object to its agency."""
    if agency_path in ("", "pk"):
        return obj if isinstance(obj, Agency) else None
    current: Any = obj
    for part in agency_path.split("__"):
        current = getattr(current, part, None)
        if current is None:
            return None
    return current
