from __future__ import annotations

from django.urls import URLPattern, path

from sync.webhooks import prestashop_hook

app_name = "sync"
urlpatterns: list[URLPattern] = [
    path("prestashop/<str:token>/", prestashop_hook, name="prestashop_hook"),
]
