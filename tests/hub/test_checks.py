"""The system checks refuse an unsafe task queue and missing encryption keys."""

from __future__ import annotations

from hub.checks import check_encryption_keys, check_task_queue


def ids(errors) -> set[str]:
    return {e.id for e in errors}


def test_default_settings_pass():
    assert check_task_queue(None) == []
    assert check_encryption_keys(None) == []


def test_retry_not_above_timeout_is_refused(settings):
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "timeout": 300, "retry": 300}
    assert "hub.E002" in ids(check_task_queue(None))


def test_missing_timeout_is_refused(settings):
    conf = dict(settings.Q_CLUSTER)
    conf.pop("timeout")
    settings.Q_CLUSTER = conf
    assert "hub.E001" in ids(check_task_queue(None))


def test_alt_cluster_with_unsafe_retry_is_refused(settings):
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "ALT_CLUSTERS": {"long": {"timeout": 3600, "retry": 60}}}
    assert "hub.E002" in ids(check_task_queue(None))


def test_missing_or_bad_encryption_key_is_refused(settings):
    settings.HUB = {**settings.HUB, "ENCRYPTION_KEYS": []}
    assert "hub.E010" in ids(check_encryption_keys(None))
    settings.HUB = {**settings.HUB, "ENCRYPTION_KEYS": ["not-a-key"]}
    assert "hub.E011" in ids(check_encryption_keys(None))
