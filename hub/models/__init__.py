from hub.models.choices import Direction, LinkEntity, SyncEntity, ValueKind
from hub.models.connections import CONNECTOR_CLASSES, FactusolConnection, Shop
from hub.models.integration import Integration, SyncPoint, WarehouseChoice
from hub.models.mappings import FieldMapping, ValueMapping
from hub.models.tenancy import Agency, Membership, Role

__all__ = [
    "CONNECTOR_CLASSES",
    "Agency",
    "Direction",
    "FactusolConnection",
    "FieldMapping",
    "Integration",
    "LinkEntity",
    "Membership",
    "Role",
    "Shop",
    "SyncEntity",
    "SyncPoint",
    "ValueKind",
    "ValueMapping",
    "WarehouseChoice",
]
