"""Serve a ``SandboxApp`` on loopback with a threaded wsgiref server."""

from __future__ import annotations

import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from connectors.prestashop.sandbox.app import SandboxApp


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(app: SandboxApp, port: int = 0, host: str = "127.0.0.1", quiet: bool = True) -> WSGIServer:
    """A bound server (``port=0``: a free port); call ``serve_forever()`` on it."""
    handler = QuietHandler if quiet else WSGIRequestHandler
    return make_server(host, port, app, server_class=ThreadingWSGIServer, handler_class=handler)


def start_in_thread(server: WSGIServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="prestashop-sandbox", daemon=True)
    thread.start()
    return thread
