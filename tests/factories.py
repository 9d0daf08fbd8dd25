"""Plain functions that build model objects for tests."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from hub.models import Agency, FactusolConnection, Integration, Membership, Role, Shop


@dataclass
class World:
    agency: Agency
    owner: object
    operator: object
    viewer: object
    shop: Shop
    factusol: FactusolConnection
    integration: Integration


def make_user(username: str, *, staff: bool = True, superuser: bool = False):
    User = get_user_model()
    return User.objects.create_user(
        username=username, password="pw", is_staff=staff or superuser, is_superuser=superuser
    )


def make_agency_world(name: str) -> World:
    slug = slugify(name)
    agency = Agency.objects.create(name=name)
    users = {}
    for role in (Role.OWNER, Role.OPERATOR, Role.VIEWER):
        user = make_user(f"{slug}-{role}")
        Membership.objects.create(agency=agency, user=user, role=role)
        users[role] = user
    shop = Shop.objects.create(
        agency=agency, name=f"Tienda {name}", base_url="http://127.0.0.1:9/", webservice_key=f"KEY-{slug.upper()}"
    )
    factusol = FactusolConnection.objects.create(
        agency=agency, name=f"FactuSOL {name}", transport="odbc", odbc_file_path="/tmp/none-{year}.db"
    )
    integration = Integration.objects.create(
        agency=agency, name=f"Integración {name}", slug=slug, shop=shop, factusol=factusol
    )
    return World(agency, users[Role.OWNER], users[Role.OPERATOR], users[Role.VIEWER], shop, factusol, integration)
