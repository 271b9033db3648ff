"""批量发证 in a real Celery worker: the request that starts a job answers at once, the worker issues it.

Every other test runs tasks eagerly (tests/settings.py). Here a worker runs in a thread of the test process, on
the file broker of the embedded default in a temporary folder, so it uses the test database on SQLite (a file)
and PostgreSQL alike; the test is transactional because the worker must see what the request committed.
"""

import threading
import time
from types import SimpleNamespace

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse
from kombu import pools

from zhuanji.celery import app
from zhuanji.certificates.models import BulkIssueJob, Certificate
from zhuanji.certificates.services import bulk

pytestmark = pytest.mark.django_db(transaction=True)


def _reset_producer_pools():
    # Connections and producers are pooled per broker, in kombu's global pools too (a closed pool left there
    # would be handed to the next test that sends a task, even eagerly); drop them all so each configuration
    # opens its own.
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def file_broker(tmp_path):
    folders = {name: tmp_path / "broker" / name for name in ("queue", "processed", "control")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    saved = {key: app.conf[key] for key in ("broker_url", "broker_transport_options", "task_always_eager",
                                            "worker_hijack_root_logger")}
    app.conf.update(
        broker_url="filesystem://localhost//", task_always_eager=False, worker_hijack_root_logger=False,
        broker_transport_options={"data_folder_in": str(folders["queue"]), "data_folder_out": str(folders["queue"]),
                                  "processed_folder": str(folders["processed"]),
                                  "control_folder": str(folders["control"])},
    )
    _reset_producer_pools()
    yield folders["queue"]
    app.conf.update(saved)
    _reset_producer_pools()


@pytest.fixture
def gate(monkeypatch):
    """Holds the worker before each item until the test opens it; records which threads issued items."""
    opened = threading.Event()
    threads = set()
    issue_next = bulk._issue_next

    def gated(job, owner):
        threads.add(threading.get_ident())
        if not opened.wait(timeout=60):
            raise RuntimeError("the test never opened the gate")
        return issue_next(job, owner)

    monkeypatch.setattr(bulk, "_issue_next", gated)
    return SimpleNamespace(open=opened.set, threads=threads)


def wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.1)


def test_a_bulk_job_runs_in_the_worker_while_the_web_server_answers(login, world, qualifications, file_broker,
                                                                      gate):
    senior, _ = qualifications
    client = login(world.title_office_staff)
    form = {"kind": "title", "title": "2025年批文发证", "year": 2025, "qualification": senior.pk,
            "id_numbers": f"{world.person.person.id_number}\n{world.other_person.person.id_number}\n"}

    def state():
        return BulkIssueJob.objects.values_list("state", flat=True).get()

    with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=30):
        started = time.monotonic()
        response = client.post(reverse("certificates:bulk_create"), form)
        # The request only queued the job: nothing issued yet, and it did not wait for the worker.
        assert response.status_code == 302 and time.monotonic() - started < 15
        assert state() in (BulkIssueJob.State.PENDING, BulkIssueJob.State.RUNNING)
        assert not Certificate.objects.exists()

        wait_for(lambda: state() == BulkIssueJob.State.RUNNING)  # the worker took the message
        page = client.get(response.url)  # ...and the web server answers meanwhile
        assert page.status_code == 200 and "发证中" in page.content.decode()
        assert gate.threads and threading.get_ident() not in gate.threads
        assert not list(file_broker.iterdir())  # the message left the queue folder

        gate.open()
        wait_for(lambda: state() == BulkIssueJob.State.DONE, timeout=60)

    assert set(Certificate.objects.values_list("holder", flat=True)) == {world.person.pk, world.other_person.pk}
    assert "已完成" in client.get(response.url).content.decode()
