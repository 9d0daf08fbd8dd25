"""Test settings: tasks run inline, passwords hash fast, a fixed encryption key."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key")
os.environ.setdefault("HUB_ENCRYPTION_KEYS", "nJ8ZqNR0mWcGCe-QXbmcK2E1uG4m7U6QYt3y7wOxd5A=")

from .base import *  # noqa: F403
from .base import HUB, Q_CLUSTER

Q_CLUSTER["sync"] = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HUB["ENCRYPTION_KEYS"] = [os.environ["HUB_ENCRYPTION_KEYS"]]
LANGUAGE_CODE = "en"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # One test database per test process, so that runs started side by side do not collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_hub_{os.getpid()}"}  # noqa: F405
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory, so that tests with several threads get SQLite's real
    # locking (busy timeout, BEGIN IMMEDIATE) instead of "database table is locked".
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"factusol-hub-test-{os.getpid()}.sqlite3")
    }
