"""``python manage.py demo [--sandboxes]``: the demo agency, users and (with the sandboxes) an integration.

Idempotent: running it again changes nothing that exists. With ``--sandboxes`` it prepares the
FactuSOL sandbox database under ``HUB_SANDBOX_DIR`` and creates the shop, the FactuSOL connections
and the ``demo`` integration that ``scripts/run-demo`` starts the sandboxes for.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from hub.conf import hub_setting
from hub.models import Agency, FactusolConnection, Integration, Membership, Role, Shop, SyncPoint, ValueMapping

PS_PORT, FS_API_PORT = 8081, 8082
PS_KEY = "DEMOKEYDEMOKEYDEMOKEYDEMOKEY0001"
FS_API_CREDENTIALS = {"fabricante": "9999", "cliente": "1234", "database": "FS001", "password": "sandbox"}
#: The demo shop's payment modules and carriers ↔ the FactuSOL sandbox's F_FPA and F_TRN codes.
VALUE_MAPPINGS = [
    ("payment", "ps_wirepayment", "TRA", "Transferencia bancaria"),
    ("payment", "ps_checkpayment", "TAR", "Tarjeta"),
    ("payment", "ps_cashondelivery", "CON", "Contra reembolso"),
    ("carrier", "1", "1", "Recogida en tienda → SEUR"),
    ("carrier", "2", "2", "Correos Express"),
]
#: What an articles sync would have linked: shop combinations → CODART|size|colour.
COMBINATION_LINKS = {"1": "CAM001|S|BLA", "2": "CAM001|M|BLA"}
USERS = [("admin", "admin", None), ("operador", "operador", Role.OPERATOR), ("lector", "lector", Role.VIEWER)]


def sandbox_dir() -> Path:
    path = Path(hub_setting("SANDBOX_DIR", "var"))
    path.mkdir(parents=True, exist_ok=True)
    return path.resolve()


def factusol_pattern() -> str:
    return str(sandbox_dir() / "factusol-{year}.db")


class Command(BaseCommand):
    help = "Create the demo agency and users; with --sandboxes, the demo integration between the sandboxes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sandboxes", action="store_true", help="Also set up the sandboxes and the integration.")
        parser.add_argument(
            "--print",
            choices=["ps-key", "ps-args", "factusol-args"],
            help="Print what scripts/run-demo passes to the sandboxes, and exit.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = timezone.localdate().year
        if options["print"]:
            self.stdout.write(self._print(options["print"], year))
            return
        with transaction.atomic():
            agency = self._agency()
        if options["sandboxes"]:
            self._factusol_database(year)
            with transaction.atomic():
                self._integration(agency, year)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo ready: http://127.0.0.1:8000/admin/ — admin/admin, operador/operador, lector/lector"
            )
        )

    def _print(self, what: str, year: int) -> str:
        if what == "ps-key":
            return PS_KEY
        if what == "ps-args":
            data = sandbox_dir() / "prestashop.json"
            return f"--port {PS_PORT} --seed demo --data {data} --key {PS_KEY}"
        creds = FS_API_CREDENTIALS
        return (
            f"--db {factusol_pattern()} --year {year} --keep --serve-api --port {FS_API_PORT} "
            f"--fabricante {creds['fabricante']} --cliente {creds['cliente']} --database {creds['database']} "
            f"--password {creds['password']}"
        )

    def _agency(self) -> Agency:
        agency, _ = Agency.objects.get_or_create(name="Agencia Demo")
        User = get_user_model()
        for username, password, role in USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username=username, password=password, is_staff=True, is_superuser=role is None
                )
                self.stdout.write(f"User {username} / {password} created.")
            if role is not None:
                Membership.objects.get_or_create(agency=agency, user=user, defaults={"role": role})
        return agency

    def _factusol_database(self, year: int) -> None:
        from connectors.factusol.sandbox.db import database_path
        from connectors.factusol.sandbox.testing import make_sandbox_db

        path = database_path(factusol_pattern(), year)
        if not os.path.exists(path):
            make_sandbox_db(factusol_pattern(), year=year)
            self.stdout.write(f"FactuSOL sandbox database created: {path}")

    def _integration(self, agency: Agency, year: int) -> Integration:
        from connectors.factusol.sandbox.testing import odbc_connection_string
        from sync.links import bind

        shop, _ = Shop.objects.get_or_create(
            agency=agency,
            name="Tienda Demo (sandbox)",
            defaults={"base_url": f"http://127.0.0.1:{PS_PORT}", "webservice_key": PS_KEY, "timeout": 10},
        )
        odbc, _ = FactusolConnection.objects.get_or_create(
            agency=agency,
            name="FactuSOL Demo (ODBC)",
            defaults={
                "transport": "odbc",
                "odbc_connection_string": odbc_connection_string(factusol_pattern()),
                "year_policy": "fixed",
                "fixed_year": year,
            },
        )
        creds = FS_API_CREDENTIALS
        FactusolConnection.objects.get_or_create(
            agency=agency,
            name="FactuSOL Demo (API REST)",
            defaults={
                "transport": "api",
                "api_base_url": f"http://127.0.0.1:{FS_API_PORT}",
                "api_manufacturer_code": creds["fabricante"],
                "api_client_code": creds["cliente"],
                "api_database": creds["database"],
                "api_password": creds["password"],
                "year_policy": "fixed",
                "fixed_year": year,
            },
        )
        integration, created = Integration.objects.get_or_create(
            slug="demo",
            defaults={"agency": agency, "name": "Tienda Demo ↔ FactuSOL Demo", "shop": shop, "factusol": odbc},
        )
        if created:
            for kind, shop_value, fs_value, label in VALUE_MAPPINGS:
                ValueMapping.objects.get_or_create(
                    integration=integration,
                    kind=kind,
                    shop_value=shop_value,
                    defaults={"factusol_value": fs_value, "label": label},
                )
            for attribute, key in COMBINATION_LINKS.items():
                bind(integration, "combination", attribute, key)
            # Short intervals so a newcomer sees data flow within a minute.
            for point in SyncPoint.objects.filter(integration=integration, entity__in=["customers", "orders"]):
                point.enabled, point.interval_minutes = True, 1
                point.save()
            self.stdout.write("Integration 'demo' created (manage.py sync demo orders).")
        return integration
