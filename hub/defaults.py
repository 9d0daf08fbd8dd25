"""Field mappings every new integration starts with (editable in the admin)."""

from __future__ import annotations

from hub.models import FieldMapping, Integration, LinkEntity
from hub.models.mappings import Owner

S, F = Owner.SHOP, Owner.FACTUSOL

#: (entity, shop value, FactuSOL column, owner). The shop values are the names the customer
#: mapper derives from a PrestaShop customer and its addresses (sync.customers).
DEFAULT_FIELD_MAPPINGS: list[tuple[str, str, str, str]] = [
    (LinkEntity.CUSTOMER, "fiscal_name", "NOFCLI", S),
    (LinkEntity.CUSTOMER, "trade_name", "NOCCLI", S),
    (LinkEntity.CUSTOMER, "nif", "NIFCLI", S),
    (LinkEntity.CUSTOMER, "address", "DOMCLI", S),
    (LinkEntity.CUSTOMER, "town", "POBCLI", S),
    (LinkEntity.CUSTOMER, "postcode", "CPOCLI", S),
    (LinkEntity.CUSTOMER, "province", "PROCLI", S),
    (LinkEntity.CUSTOMER, "country_code", "PAICLI", S),
    (LinkEntity.CUSTOMER, "phone", "TELCLI", S),
    (LinkEntity.CUSTOMER, "mobile", "MOVCLI", S),
    (LinkEntity.CUSTOMER, "email", "EMACLI", S),
    (LinkEntity.CUSTOMER, "contact_name", "PCOCLI", S),
    (LinkEntity.CUSTOMER, "payment_method", "FPACLI", F),
    (LinkEntity.CUSTOMER, "created_date", "FALCLI", F),
    (LinkEntity.CUSTOMER, "modified_date", "FUMCLI", S),
    (LinkEntity.ADDRESS, "name", "NOMOBR", S),
    (LinkEntity.ADDRESS, "address", "DIROBR", S),
    (LinkEntity.ADDRESS, "town", "POBOBR", S),
    (LinkEntity.ADDRESS, "postcode", "CPOOBR", S),
    (LinkEntity.ADDRESS, "province", "PROOBR", S),
    (LinkEntity.ADDRESS, "country_code", "PAIOBR", S),
    (LinkEntity.ADDRESS, "phone", "TELOBR", S),
    (LinkEntity.ADDRESS, "email", "EMAOBR", S),
    (LinkEntity.ADDRESS, "contact_name", "PCOOBR", S),
]


def seed_field_mappings(integration: Integration) -> int:
    """Create the default field mappings that are missing; returns how many were created."""
    existing = set(integration.field_mappings.values_list("entity", "factusol_column"))
    new = [
        FieldMapping(integration=integration, entity=e, shop_field=s, factusol_column=c, owner=o)
        for e, s, c, o in DEFAULT_FIELD_MAPPINGS
        if (e, c) not in existing
    ]
    FieldMapping.objects.bulk_create(new)
    return len(new)
