from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = _("Agencies and connections")

    def ready(self) -> None:
        from hub import checks, signals  # noqa: F401  (registers checks and receivers)
