"""The admin mixin that scopes every model to the user's agencies."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from hub.tenancy import EDIT_ROLES, agencies_for, agency_of, scope


class AgencyScopedAdmin(admin.ModelAdmin):
    """Scope querysets, foreign-key choices, object URLs and actions to the user's agencies.

    ``agency_path`` is the lookup from the model to its ``Agency``. Permissions come from the
    membership role, not from Django's per-model permissions: viewers read, operators and owners
    change and run actions, owners alone add and delete configuration.
    """

    agency_path: str = "agency"
    #: Roles that may add and delete objects of this model.
    manage_roles: tuple[str, ...] = ("owner",)
    #: Roles that may change objects and run the model's actions.
    edit_roles: tuple[str, ...] = EDIT_ROLES

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return scope(super().get_queryset(request), request.user, self.agency_path)

    # -- permissions ---------------------------------------------------------------------------
    def _has_role(self, request: HttpRequest, roles: tuple[str, ...] | None, obj: Model | None = None) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        if user.is_superuser:
            return True
        allowed = agencies_for(user, roles)
        if obj is None:
            return allowed.exists()
        agency = agency_of(obj, self.agency_path)
        return agency is not None and allowed.filter(pk=agency.pk).exists()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._has_role(request, None)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._has_role(request, None, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._has_role(request, self.edit_roles, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._has_role(request, self.manage_roles)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._has_role(request, self.manage_roles, obj)

    # -- choices -----------------------------------------------------------------------------
    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        related = db_field.remote_field.model
        if not request.user.is_superuser:
            path = _agency_path_for(related)
            if path is not None:
                base = kwargs.get("queryset") or related._default_manager.all()
                kwargs["queryset"] = scope(base, request.user, path)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        agency = agency_of(obj, self.agency_path)
        if agency is not None and not request.user.is_superuser:
            if not agencies_for(request.user, self.edit_roles).filter(pk=agency.pk).exists():
                from django.core.exceptions import PermissionDenied

                raise PermissionDenied
        super().save_model(request, obj, form, change)


class AgencyScopedInline(admin.TabularInline):
    """Inlines live inside a scoped parent; they inherit its permission to change."""

    extra = 0

    def _parent_ok(self, request: HttpRequest, obj: Model | None, roles: tuple[str, ...] | None) -> bool:
        user = request.user
        if user.is_superuser:
            return True
        if obj is None:
            return agencies_for(user, roles).exists()
        agency = getattr(obj, "agency", None)
        return agency is not None and agencies_for(user, roles).filter(pk=agency.pk).exists()

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._parent_ok(request, obj, None)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._parent_ok(request, obj, EDIT_ROLES)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._parent_ok(request, obj, EDIT_ROLES)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._parent_ok(request, obj, EDIT_ROLES)


def _agency_path_for(model: type[Model]) -> str | None:
    """How a related model reaches its agency (``None``: not agency-scoped, e.g. User)."""
    from hub.models import Agency

    if model is Agency:
        return "pk"
    names = {f.name for f in model._meta.get_fields()}
    if "agency" in names:
        return "agency"
    if "integration" in names:
        return "integration__agency"
    if "run" in names:
        return "run__integration__agency"
    return None
