"""The control panel: every hub model registered, scoped to the user's agencies."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hub.admin import agencies, connections, integrations  # noqa: F401  (registers the admins)

admin.site.site_header = _("FactuSOL Hub")
admin.site.site_title = _("FactuSOL Hub")
admin.site.index_title = _("Control panel")
