from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from hub.defaults import seed_field_mappings
from hub.models import Integration


@receiver(post_save, sender=Integration, dispatch_uid="hub.seed_field_mappings")
def _seed_new_integration(sender: Any, instance: Integration, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        seed_field_mappings(instance)
