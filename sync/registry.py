"""Which class implements each sync point. Imported lazily, so a missing module only fails
the runs that need it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from hub.errors import ConfigurationError

if TYPE_CHECKING:
    from sync.base import SyncStep

#: entity → dotted path of its :class:`sync.base.SyncStep` subclass.
SYNC_POINTS: dict[str, str] = {
    "customers": "sync.customers.CustomerSync",
    "orders": "sync.orders.OrderSync",
    "articles": "sync.articles.ArticleSync",
    "stock": "sync.stock.StockSync",
    "delivery": "sync.delivery.DeliverySync",
    "invoices": "sync.invoices.InvoiceSync",
}


def step_class(entity: str) -> type[SyncStep]:
    """The sync point class for ``entity``; ConfigurationError when unknown or not written yet."""
    path = SYNC_POINTS.get(entity)
    if path is None:
        raise ConfigurationError(_("Unknown sync point %(entity)r.") % {"entity": entity})
    module = path.rsplit(".", 1)[0]
    try:
        return import_string(path)
    except ImportError as err:
        # Only "the module/class is missing" means "not available yet"; a broken import inside an
        # existing module must surface as itself.
        if isinstance(err, ModuleNotFoundError) and err.name not in (module, None):
            raise
        raise ConfigurationError(
            _("The %(entity)s sync point is not available yet (%(path)s cannot be imported).")
            % {"entity": entity, "path": path}
        ) from err


def is_available(entity: str) -> bool:
    try:
        step_class(entity)
    except ConfigurationError:
        return False
    return True
