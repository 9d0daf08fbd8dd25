"""``python manage.py sandbox_factusol --db PATH --seed demo [--serve-api --port N]``: a FactuSOL on this machine.

Creates the year's FactuSOL-shaped SQLite database (reachable through the SQLite ODBC driver) and,
with ``--serve-api``, serves a DELSOL-API-compatible sandbox over it on 127.0.0.1.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from connectors.factusol.sandbox import db
from connectors.factusol.sandbox.api import SandboxApi, make_api_server
from connectors.factusol.sandbox.seed import SEEDS
from connectors.factusol.sandbox.testing import make_sandbox_db, odbc_connection_string


class Command(BaseCommand):
    help = "Create a sandbox FactuSOL database and optionally serve the DELSOL API over it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--db", required=True, help="SQLite file; {year} is replaced, e.g. /tmp/001{year}.db")
        parser.add_argument("--seed", choices=SEEDS, default="demo")
        parser.add_argument("--year", type=int, action="append", help="Fiscal year(s) to create (default 2026).")
        parser.add_argument("--keep", action="store_true", help="Keep an existing database instead of recreating it.")
        parser.add_argument("--serve-api", action="store_true", help="Serve the DELSOL API sandbox.")
        parser.add_argument("--port", type=int, default=8090)
        parser.add_argument("--fabricante", default="9999", help="codigoFabricante accepted by the API.")
        parser.add_argument("--cliente", default="1234", help="codigoCliente accepted by the API.")
        parser.add_argument("--database", default="FS001", help="baseDatosCliente accepted by the API.")
        parser.add_argument("--password", default="sandbox", help="API password (clients send it base64-encoded).")
        parser.add_argument("--ko-rate", type=float, default=0.0, help="Probability of answering respuesta KO.")
        parser.add_argument("--latency", type=float, default=0.0, help="Seconds added to every answer.")
        parser.add_argument("--locked", action="store_true", help="Answer KO as if the database were locked.")
        parser.add_argument("--token-ttl", type=float, default=180.0, help="Token lifetime in seconds (JWT exp).")

    def handle(self, *args: Any, **options: Any) -> None:
        pattern: str = options["db"]
        years: list[int] = options["year"] or [2026]
        if len(years) > 1 and "{year}" not in pattern:
            raise CommandError("Several years need {year} in --db (one database per fiscal year).")
        for year in years:
            path = db.database_path(pattern, year)
            if options["keep"] and os.path.exists(path):
                self.stdout.write(f"Kept {path}")
                continue
            make_sandbox_db(pattern, year=year, seed=options["seed"])
            self.stdout.write(f"Created {path} (seed: {options['seed']})")
        self.stdout.write(f"ODBC connection string: {odbc_connection_string(pattern)}")
        if not options["serve_api"]:
            return
        app = SandboxApi(
            pattern,
            fabricante=options["fabricante"],
            cliente=options["cliente"],
            database=options["database"],
            password=options["password"],
            token_ttl=options["token_ttl"],
            ko_rate=options["ko_rate"],
            latency=options["latency"],
            locked=options["locked"],
        )
        server = make_api_server(app, port=options["port"])
        url = f"http://127.0.0.1:{server.server_port}"
        self.stdout.write(f"DELSOL API sandbox at {url}")
        self.stdout.write(
            f"Credentials: codigoFabricante={app.fabricante} codigoCliente={app.cliente} "
            f"baseDatosCliente={app.database} password={app.password}"
        )
        self.stdout.write(f"Years served: {', '.join(str(y) for y in years)} (ejercicio); others answer BDNoExiste")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
