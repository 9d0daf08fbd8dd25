"""The journal admin over HTTP: retry (bulk and single), sync now, scoped to the user's agencies."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from hub.errors import MappingError
from sync.engine import run_sync
from sync.models import JournalEntry, SyncRun

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:sync_journalentry_changelist"


@pytest.fixture
def entries(world_a, three_customers):
    """Agency A: customer 2 failed on a missing mapping (since added), 1 and 3 succeeded."""
    three_customers.failures["2"] = [MappingError("No payment mapping.")]
    run_sync(world_a.integration.pk, "customers", trigger="schedule")
    assert three_customers.writes == ["1", "3"]
    return {e.key: e for e in JournalEntry.objects.all()}


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def retry(client, ids, *, confirm, **kwargs):
    data = {"action": "retry_entries", "_selected_action": ids, "index": 0}
    if confirm:
        data["post"] = "yes"
    return client.post(reverse(CHANGELIST), data, **kwargs)


def test_retry_asks_for_confirmation_with_the_count_then_reports_queued_and_skipped(
    client, world_a, entries, three_customers, django_capture_on_commit_callbacks
):
    client.force_login(world_a.operator)
    ids = [entries["1"].pk, entries["2"].pk]
    page = retry(client, ids, confirm=False)
    assert page.status_code == 200
    text = page.content.decode()
    assert "You selected 2 journal entries." in text and "1 of them is failed" in text
    assert JournalEntry.objects.get(pk=entries["2"].pk).status == "failed"  # nothing done yet
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        done = retry(client, ids, confirm=True, follow=True)
    assert len(callbacks) == 1
    assert "1 entry queued for retry." in messages_of(done)
    assert "1 entry skipped because it already succeeded." in messages_of(done)
    retried = JournalEntry.objects.get(pk=entries["2"].pk)
    assert (retried.status, retried.attempts) == ("ok", 2)
    assert three_customers.writes == ["1", "3", "2"]
    assert SyncRun.objects.filter(trigger="retry").count() == 1


def test_retrying_an_entry_twice_queues_it_once(client, world_a, entries, django_capture_on_commit_callbacks):
    client.force_login(world_a.owner)
    JournalEntry.objects.filter(pk=entries["2"].pk).update(status="queued")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        done = retry(client, [entries["2"].pk], confirm=True, follow=True)
    assert callbacks == []
    assert "1 entry skipped because it is not failed (running or already queued)." in messages_of(done)


def test_a_viewer_cannot_retry(client, world_a, entries, django_capture_on_commit_callbacks):
    client.force_login(world_a.viewer)
    listing = client.get(reverse(CHANGELIST))
    assert listing.status_code == 200 and "retry_entries" not in listing.content.decode()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        retry(client, [entries["2"].pk], confirm=True)
        single = client.post(reverse("admin:sync_journalentry_retry", args=[entries["2"].pk]))
    assert single.status_code == 403
    assert callbacks == []
    assert JournalEntry.objects.get(pk=entries["2"].pk).status == "failed"
    page = client.get(reverse("admin:sync_journalentry_change", args=[entries["2"].pk]))
    assert page.status_code == 200 and "Retry this entry" not in page.content.decode()


def test_agency_b_can_neither_see_nor_retry_agency_a_entries(
    client, world_a, world_b, entries, django_capture_on_commit_callbacks
):
    client.force_login(world_b.operator)
    listing = client.get(reverse(CHANGELIST))
    assert listing.status_code == 200
    assert "Bea" not in listing.content.decode()
    assert world_a.integration.name not in listing.content.decode()  # not even in the filter
    pk = entries["2"].pk
    assert client.get(reverse("admin:sync_journalentry_change", args=[pk])).status_code in (302, 404)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page = retry(client, [pk], confirm=False)
        retry(client, [pk], confirm=True)
        single = client.post(reverse("admin:sync_journalentry_retry", args=[pk]))
    assert "You selected" not in page.content.decode()
    assert single.status_code == 404
    assert callbacks == []
    assert JournalEntry.objects.get(pk=pk).status == "failed"


def test_the_single_entry_retry_button_retries_that_entry(
    client, world_a, entries, three_customers, django_capture_on_commit_callbacks
):
    client.force_login(world_a.operator)
    change = reverse("admin:sync_journalentry_change", args=[entries["2"].pk])
    page = client.get(change)
    assert "Retry this entry" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    assert client.get(reverse("admin:sync_journalentry_retry", args=[entries["2"].pk])).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("admin:sync_journalentry_retry", args=[entries["2"].pk]), follow=True)
    assert done.redirect_chain[-1][0] == change
    assert "1 entry queued for retry." in messages_of(done)
    assert JournalEntry.objects.get(pk=entries["2"].pk).status == "ok"


def test_the_journal_is_read_only(client, world_a, entries):
    client.force_login(world_a.owner)
    assert client.get(reverse("admin:sync_journalentry_add")).status_code == 403
    client.post(reverse("admin:sync_journalentry_change", args=[entries["2"].pk]), {"status": "ok"})
    assert JournalEntry.objects.get(pk=entries["2"].pk).status == "failed"


def test_sync_now_asks_for_the_point_then_queues_a_run_per_selected_integration(
    client, world_a, world_b, three_customers, django_capture_on_commit_callbacks
):
    client.force_login(world_a.operator)
    url = reverse("admin:hub_integration_changelist")
    selected = {"action": "sync_now", "_selected_action": [world_a.integration.pk], "index": 0}
    form = client.post(url, selected)
    assert form.status_code == 200 and 'name="entity"' in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        done = client.post(url, {**selected, "post": "yes", "entity": "customers"}, follow=True)
    assert len(callbacks) == 1
    assert "Customers sync queued for 1 integration." in messages_of(done)
    run = SyncRun.objects.get()
    assert (run.integration_id, run.trigger, run.created) == (world_a.integration.pk, "manual", 3)


def test_sync_now_ignores_integrations_of_other_agencies(
    client, world_a, world_b, fake, django_capture_on_commit_callbacks
):
    client.force_login(world_b.operator)
    url = reverse("admin:hub_integration_changelist")
    data = {"action": "sync_now", "_selected_action": [world_a.integration.pk], "index": 0,
            "post": "yes", "entity": "customers"}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(url, data, follow=True)
    assert callbacks == []
    assert not SyncRun.objects.exists()


def test_sync_now_is_not_offered_to_viewers(client, world_a, fake, django_capture_on_commit_callbacks):
    client.force_login(world_a.viewer)
    url = reverse("admin:hub_integration_changelist")
    data = {"action": "sync_now", "_selected_action": [world_a.integration.pk], "index": 0,
            "post": "yes", "entity": "customers"}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(url, data, follow=True)
    assert callbacks == []


def test_runs_and_links_are_listed_for_the_agency(client, world_a, world_b, entries):
    client.force_login(world_a.viewer)
    runs = client.get(reverse("admin:sync_syncrun_changelist"))
    assert runs.status_code == 200 and "100 %" in runs.content.decode()
    links = client.get(reverse("admin:sync_recordlink_changelist") + "?q=C1")
    assert links.status_code == 200 and "C1" in links.content.decode()
    client.force_login(world_b.owner)
    assert "C1" not in client.get(reverse("admin:sync_recordlink_changelist")).content.decode()
