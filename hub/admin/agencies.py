from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from hub.admin.tenancy import AgencyScopedAdmin
from hub.models import Agency, Membership, Role
from hub.tenancy import agencies_for


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ()

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_owner(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_owner(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_owner(request, obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = _visible_users(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _is_owner(request: HttpRequest, obj: Any) -> bool:
    if request.user.is_superuser:
        return True
    if obj is None:
        return False
    return agencies_for(request.user, (Role.OWNER,)).filter(pk=obj.pk).exists()


def _visible_users(request: HttpRequest) -> QuerySet:
    """Users a non-superuser may pick: members of the agencies they own (no directory of strangers)."""
    owned = agencies_for(request.user, (Role.OWNER,))
    return get_user_model().objects.filter(memberships__agency__in=owned).distinct()


@admin.register(Agency)
class AgencyAdmin(AgencyScopedAdmin):
    agency_path = "pk"
    list_display = ("name", "member_count", "created_at")
    search_fields = ("name",)
    inlines = [MembershipInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(_members=Count("memberships"))

    @admin.display(description=Agency._meta.get_field("members").verbose_name, ordering="_members")
    def member_count(self, obj: Agency) -> int:
        return obj._members

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._has_role(request, (Role.OWNER,), obj)


@admin.register(Membership)
class MembershipAdmin(AgencyScopedAdmin):
    list_display = ("user", "agency", "role")
    list_filter = ("role",)
    list_select_related = ("user", "agency")
    search_fields = ("user__username", "agency__name")
    edit_roles = (Role.OWNER,)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = _visible_users(request)
        if db_field.name == "agency" and not request.user.is_superuser:
            kwargs["queryset"] = agencies_for(request.user, (Role.OWNER,))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
