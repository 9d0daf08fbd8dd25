"""``python manage.py sandbox_prestashop --port 8081 --seed demo``: a PrestaShop 8.1.2 look-alike on loopback."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from connectors.prestashop.sandbox.faults import parse_error_rates
from connectors.prestashop.sandbox.server import serve
from connectors.prestashop.sandbox.testing import build_app


class Command(BaseCommand):
    help = "Serve the PrestaShop webservice sandbox on 127.0.0.1."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8081)
        parser.add_argument("--seed", choices=["demo", "none"], default="none", help="Seed an empty store.")
        parser.add_argument("--data", help="JSON file holding the data (kept between runs); memory when absent.")
        parser.add_argument("--key", help="Webservice key to accept (32 characters recommended).")
        parser.add_argument("--latency", type=float, default=0.0, help="Seconds added to every answer.")
        parser.add_argument("--jitter", type=float, default=0.0, help="Random extra seconds (0..jitter).")
        parser.add_argument("--error-rate", default="", help='Status:probability pairs, e.g. "503:0.1,500:0.02".')
        parser.add_argument("--fail-nth", default="", help='Fail given requests, e.g. "3:503,10:500".')
        parser.add_argument("--slow-body", type=float, default=0.0, help="Seconds between 1 KiB body chunks.")
        parser.add_argument("--truncate-rate", type=float, default=0.0)
        parser.add_argument("--malformed-rate", type=float, default=0.0)
        parser.add_argument(
            "--webservice-off", action="store_true", help="Answer 503, code 22, as a shop whose webservice is off."
        )
        parser.add_argument("--verbose-log", action="store_true", help="Log every request.")

    def handle(self, *args: Any, **options: Any) -> None:
        app = build_app(options["seed"], options["key"], options["data"])
        fail_nth = {int(n): int(s) for n, s in (p.split(":") for p in options["fail_nth"].split(",") if p)}
        app.faults.configure(
            latency=options["latency"],
            jitter=options["jitter"],
            error_rates=parse_error_rates(options["error_rate"]),
            fail_nth=fail_nth,
            slow_body=options["slow_body"],
            truncate_rate=options["truncate_rate"],
            malformed_rate=options["malformed_rate"],
        )
        app.access.enabled = not options["webservice_off"]
        server = serve(app, options["port"], quiet=not options["verbose_log"])
        url = f"http://127.0.0.1:{server.server_address[1]}"
        self.stdout.write(f"PrestaShop sandbox (8.1.2) at {url}/api/  webservice key: {app.key}")
        self.stdout.write(f"Try: curl -u {app.key}: '{url}/api/orders?display=full'")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
