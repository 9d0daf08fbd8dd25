"""The contract every sync point module implements (one module per integration point)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from sync.retry import RetryPolicy

if TYPE_CHECKING:
    from hub.models import Integration
    from sync.models import SyncRun


class Action:
    """What ``sync_item`` did (or, in a dry run, would do) with one record."""

    CREATED = "created"
    UPDATED = "updated"
    SKIPPED = "skipped"
    UNCHANGED = "unchanged"
    ALL = (CREATED, UPDATED, SKIPPED, UNCHANGED)


@dataclass
class Item:
    """One source record to sync.

    ``key`` identifies it for the journal, claims and retries (a string: ``"42"``,
    ``"address:7"``, a FactuSOL code); ``label`` is what a person reads in the journal;
    ``changed_at`` feeds the cursor; ``data`` is whatever the sync point needs (the raw record).
    """

    key: str
    label: str = ""
    changed_at: datetime | None = None
    data: Any = None


@dataclass
class Outcome:
    """The result of ``sync_item``.

    ``action`` is one of :class:`Action`. ``shop_id``/``factusol_key`` are the two sides' keys
    (shown and searchable in the journal). ``plan`` describes the writes, one dict per write,
    e.g. ``{"side": "factusol", "op": "insert", "table": "F_CLI", "values": {...}}``; it is
    required in a dry run and kept in the journal otherwise. ``request``/``response`` are
    snapshots for the journal (the engine redacts secrets).
    """

    action: str
    shop_id: str = ""
    factusol_key: str = ""
    plan: list[dict[str, Any]] = field(default_factory=list)
    message: str = ""
    request: Any = None
    response: Any = None

    def __post_init__(self) -> None:
        if self.action not in Action.ALL:
            raise ValueError(f"Outcome.action must be one of {Action.ALL}, not {self.action!r}")


class SyncStep:
    """Base class of the sync points: one subclass per integration point (customers, orders, …).

    The engine (:func:`sync.engine.run_sync`) owns the run, the journal, claims, retries,
    counters and the cursor; a subclass only reads and writes records.

    Class attributes:
        ``entity``: a ``hub.models.SyncEntity`` value; ``direction``: a ``hub.models.Direction``
        value; ``retry_policy``: in-process retry bounds for ``TransientError``.

    Built as ``Step(integration, run, dry_run=...)``; ``self.integration``, ``self.run`` and
    ``self.dry_run`` are available to the hooks. When ``dry_run`` is true the step must not
    write to the shop, to FactuSOL or to record links: it returns the Outcome it *would*
    produce, with ``plan`` filled.

    Hooks (raise only ``hub.errors.HubError`` subclasses for failures it understands; a
    ``TransientError`` is retried with backoff, anything else is journaled for a person):

    * ``changes(since, full)`` → iterable of :class:`Item` changed after ``since`` (already
      moved back by the engine's overlap window; ``None`` on the first run), or every record
      when ``full``. Ordered by change time so the cursor is meaningful. Must be implemented.
    * ``fetch(key)`` → the :class:`Item` for one key, read fresh (retries and push events).
      Raise ``RecordNotFound`` when it no longer exists. Must be implemented.
    * ``sync_item(item)`` → :class:`Outcome`. Does the writes, idempotently: look up the record
      link first (``sync.links.get_link``), compare ``content_hash`` to skip unchanged records,
      and ``bind`` after a create. Must be implemented.
    * ``cursor_value(item)`` → the string stored as the point's cursor for this item (default:
      ``item.changed_at`` in ISO format, or ``None`` to leave the cursor alone).
    * ``close()`` → release connectors; called once at the end of the run.
    """

    entity: ClassVar[str] = ""
    direction: ClassVar[str] = ""
    retry_policy: ClassVar[RetryPolicy] = RetryPolicy()

    def __init__(self, integration: Integration, run: SyncRun | None, *, dry_run: bool = False) -> None:
        self.integration = integration
        self.run = run
        self.dry_run = dry_run

    def _must(self, hook: str) -> NotImplementedError:
        return NotImplementedError(f"{type(self).__module__}.{type(self).__name__} must implement {hook}()")

    def changes(self, since: datetime | None, full: bool) -> Iterable[Item]:
        raise self._must("changes")

    def fetch(self, key: str) -> Item:
        raise self._must("fetch")

    def sync_item(self, item: Item) -> Outcome:
        raise self._must("sync_item")

    def cursor_value(self, item: Item) -> str | None:
        return item.changed_at.isoformat() if item.changed_at else None

    def close(self) -> None:
        """Release resources (connectors). Default: nothing."""
