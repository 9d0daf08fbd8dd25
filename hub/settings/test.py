"""Test settings: tasks run inline, passwords hash fast, a fixed encryption key."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key")
os.environ.setdefault("HUB_ENCRYPTION_KEYS", "nJ8ZqNR0mWcGCe-QXbmcK2E1uG4m7U6QYt3y7wOxd5A=")

from .base import *  # noqa: E402,F401,F403
from .base import HUB, Q_CLUSTER  # noqa: E402

Q_CLUSTER["sync"] = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HUB["ENCRYPTION_KEYS"] = [os.environ["HUB_ENCRYPTION_KEYS"]]
LANGUAGE_CODE = "en"
