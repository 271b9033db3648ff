"""Time the pages and transitions that decide deadline-day speed, on the database DATABASE_URL names.

    .venv/bin/python bench/run.py                      # every scenario, results in bench/results/
    .venv/bin/python bench/run.py --compare A.json B.json   # ratios between two runs (e.g. 10k and 200k cases)

Each page is requested with the Django test client (the full middleware stack, templates included) as the
busiest unit admin, the busiest recogniser reviewer, an applicant or an anonymous visitor: one warm-up, then
`--repeat` timed runs (median reported) and one run under CaptureQueriesContext for the query count and the
slowest SQL, which is then EXPLAINed. Approvals go through `reviews.services.case_approve`, as the 办理 dialog
does, and change the data (a few dozen cases per run). With an empty database it generates a small one first.
"""

import argparse
import json
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import env

env.setup()

from django.contrib.auth.hashers import check_password  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.db import OperationalError, close_old_connections, connection  # noqa: E402
from django.db.backends.signals import connection_created  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from zhuanji.accounts.models import Person, User  # noqa: E402
from zhuanji.certificates.models import Certificate  # noqa: E402
from zhuanji.hours.models import Application  # noqa: E402
from zhuanji.hours.routes import RECOGNIZER_NODE, UNIT_NODE  # noqa: E402
from zhuanji.hours.selectors import recognizers_for  # noqa: E402
from zhuanji.orgs.models import Membership, Organisation, Role  # noqa: E402
from zhuanji.reviews import selectors as review_selectors  # noqa: E402
from zhuanji.reviews.models import Case, CaseState, Step  # noqa: E402
from zhuanji.reviews.services import case_approve  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
PAGE_SIZE = 10  # common.pagination's default
SLOW = 3.0  # seconds


def _statement_timeout(seconds: int):
    """On PostgreSQL, cut off any statement after `seconds` (a quadratic plan must not hang the run)."""

    def apply(connection, **kwargs):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = {int(seconds * 1000)}")

    connection_created.connect(apply, weak=False)
    if connection.connection is not None:
        apply(connection)


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


class Personas:
    """The accounts whose pages are the heaviest: the unit and the recogniser with the longest queues."""

    def __init__(self):
        def busiest(node):
            row = (Case.objects.filter(state=CaseState.PENDING, node=node).values("current_org")
                   .annotate(n=Count("id")).order_by("-n").first())
            if row is None:
                raise SystemExit(f"no case is pending at node {node!r}: generate data first")
            return Organisation.objects.get(pk=row["current_org"])

        self.unit = busiest(UNIT_NODE)
        self.unit_admin = self.unit.registered_account
        self.recognizer = busiest(RECOGNIZER_NODE)
        self.recognizer_staff = Membership.objects.filter(org=self.recognizer, role=Role.REVIEWER).latest("pk").user
        top = (Application.objects.values("applicant").annotate(n=Count("id")).order_by("-n").first())
        self.applicant = User.objects.get(pk=top["applicant"])
        self.certificate = Certificate.objects.filter(status=Certificate.Status.VALID).order_by("-pk").first()
        self.login_person = Person.objects.select_related("user").order_by("-pk").first().user


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def measure(name: str, request, repeat: int, url: str = "") -> dict:
    """Median wall time of `request()` (which returns a response), its query count and slowest queries.

    A request cut off by the statement timeout is reported as such; one slower than SLOW seconds is timed
    once more instead of `repeat` times, so a pathological page cannot take the whole run.
    """
    started = time.perf_counter()
    try:
        response = request()  # warm-up: template and URL caches, connection
    except OperationalError as exc:
        print(f"  {name:<44} TIMEOUT ({exc.__class__.__name__}: statement_timeout)", flush=True)
        return {"name": name, "url": url, "timeout": True, "median_ms": None, "queries": None, "slowest": []}
    if response.status_code not in (200, 302):
        raise SystemExit(f"{name}: HTTP {response.status_code}")
    if time.perf_counter() - started > SLOW:
        repeat = 1
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        request()
        samples.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as captured:
        response = request()
    everything = captured.captured_queries
    reads = sorted((q for q in everything if q["sql"].lstrip().upper().startswith("SELECT")),
                   key=lambda q: float(q["time"]), reverse=True)
    result = {"name": name, "url": url, "median_ms": median_ms(samples), "min_ms": round(min(samples) * 1000, 2),
              "queries": len(everything), "writes": len(everything) - len(reads), "status": response.status_code,
              "db_ms": round(sum(float(q["time"]) for q in everything) * 1000, 2),
              "slowest": [{"ms": round(float(q["time"]) * 1000, 2), "sql": q["sql"]} for q in reads[:2]]}
    slowest = result["slowest"][0]["ms"] if reads else 0
    print(f"  {name:<44} {result['median_ms']:>9.2f} ms  {result['queries']:>3} queries ({result['writes']} writes, "
          f"{result['db_ms']} ms in SQL, slowest SELECT {slowest} ms)", flush=True)
    return result


def page_scenarios(p: Personas, year: int) -> list[tuple[str, object, str]]:
    unit, recognizer = client_for(p.unit_admin), client_for(p.recognizer_staff)
    unit_pages = review_selectors.case_queue(user=p.unit_admin).count() // PAGE_SIZE or 1
    recognizer_pages = review_selectors.case_queue(user=p.recognizer_staff).count() // PAGE_SIZE or 1
    inbox, query = reverse("reviews:inbox"), reverse("reviews:query")
    unit_review, recognizer_review = reverse("hours:unit_review"), reverse("hours:recognizer_review")
    cert = p.certificate
    verify_args = f"number={cert.number}&name={cert.name}"
    return [
        ("inbox p1 (unit admin)", unit, inbox),
        ("inbox last page (unit admin)", unit, f"{inbox}?page={unit_pages}"),
        ("inbox p1 (recogniser)", recognizer, inbox),
        ("inbox last page (recogniser)", recognizer, f"{inbox}?page={recognizer_pages}"),
        ("inbox 我要收回 tab (unit admin)", unit, f"{inbox}?tab=withdraw"),
        ("inbox search by name (recogniser)", recognizer, f"{inbox}?q={p.applicant.name[:2]}"),
        ("reviews:query (unit admin)", unit, f"{query}?year={year}"),
        ("reviews:query (recogniser)", recognizer, f"{query}?year={year}"),
        ("hours:unit_review 待审核 (unit admin)", unit, unit_review),
        ("hours:unit_review 全部 (unit admin)", unit, f"{unit_review}?status=all"),
        ("hours:recognizer_review 待审核 (recogniser)", recognizer, recognizer_review),
        ("hours:recognizer_review 已审核 (recogniser)", recognizer, f"{recognizer_review}?status=done"),
        ("hours:list (applicant)", client_for(p.applicant), reverse("hours:list")),
        ("certificates:verify (anonymous)", Client(), f"{reverse('certificates:verify')}?{verify_args}"),
        ("API certificates/verify (anonymous)", Client(), f"/api/v1/certificates/verify?{verify_args}"),
    ]


def login_scenario(p: Personas, repeat: int) -> list[dict]:
    data = {"identifier": p.login_person.username, "password": env.PASSWORD, "captcha_0": "bench",
            "captcha_1": "PASSED"}
    url = reverse("accounts:login")

    def post():
        return Client().post(url, data)

    response = post()
    if response.status_code != 302:
        raise SystemExit(f"login failed: HTTP {response.status_code}")
    results = [measure("accounts:login POST (argon2 inside)", post, repeat)]
    encoded = p.login_person.password
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        check_password(env.PASSWORD, encoded)
        samples.append(time.perf_counter() - started)
    results.append({"name": "argon2 check_password alone", "median_ms": median_ms(samples),
                    "min_ms": round(min(samples) * 1000, 2), "queries": 0, "status": 0, "slowest": []})
    print(f"  {'argon2 check_password alone':<44} {results[-1]['median_ms']:>9.2f} ms", flush=True)
    return results


def _pending(org, node: str, count: int, skip: int = 0) -> list[Case]:
    return list(Case.objects.filter(state=CaseState.PENDING, node=node, current_org=org)
                .order_by("submitted_at", "pk")[skip:skip + count])


def _targets(cases: list[Case]) -> dict[int, Organisation]:
    """The 认定单位 the unit picks for each case (the 办理 dialog's choice), looked up before timing."""
    targets = {}
    for app in Application.objects.filter(case__in=cases).select_related("area", "qualification__specialty"):
        targets[app.case_id] = recognizers_for(area=app.area, qualification=app.qualification).first()
    return targets


def _approve_all(cases, actor, targets, outcome: dict) -> None:
    for case in cases:
        try:
            case_approve(case=case, actor=actor, next_org=targets.get(case.pk), expected_version=case.version)
            outcome["ok"] += 1
        except ValidationError as exc:
            outcome.setdefault("errors", {}).setdefault(exc.messages[0], 0)
            outcome["errors"][exc.messages[0]] += 1


def _threaded(batches, actor, targets) -> tuple[float, list[dict]]:
    outcomes = [{"ok": 0} for _ in batches]

    def work(batch, outcome):
        try:
            _approve_all(batch, actor, targets, outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(b, o)) for b, o in zip(batches, outcomes, strict=True)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, outcomes


def approve_scenarios(p: Personas, n: int, final_n: int) -> list[dict]:
    """同意 throughput: forwarding at the unit node, final approval (certificate issue), two threads."""
    results = []

    def record(name, seconds, done, queries=None, extra=None):
        row = {"name": name, "approvals": done, "seconds": round(seconds, 3),
               "per_approval_ms": round(seconds * 1000 / max(done, 1), 2),
               "per_second": round(done / seconds, 1) if seconds else 0, "queries_per_approval": queries}
        row.update(extra or {})
        results.append(row)
        print(f"  {name:<44} {row['per_approval_ms']:>9.2f} ms/approval  {row['per_second']:>6} /s  "
              f"queries/approval={queries} {extra or ''}", flush=True)

    cases = _pending(p.unit, UNIT_NODE, n + 1)
    targets = _targets(cases)
    with CaptureQueriesContext(connection) as captured:
        _approve_all(cases[:1], p.unit_admin, targets, {"ok": 0})
    queries = len(captured.captured_queries)
    outcome = {"ok": 0}
    started = time.perf_counter()
    _approve_all(cases[1:], p.unit_admin, targets, outcome)
    record("case_approve 基层单位→认定单位, 1 thread", time.perf_counter() - started, outcome["ok"], queries)

    finals = _pending(p.recognizer, RECOGNIZER_NODE, final_n + 1)
    with CaptureQueriesContext(connection) as captured:
        _approve_all(finals[:1], p.recognizer_staff, {}, {"ok": 0})
    outcome = {"ok": 0}
    started = time.perf_counter()
    _approve_all(finals[1:], p.recognizer_staff, {}, outcome)
    record("case_approve final (issues signed PDF)", time.perf_counter() - started, outcome["ok"],
           len(captured.captured_queries))

    cases = _pending(p.unit, UNIT_NODE, 2 * n)
    targets = _targets(cases)
    seconds, outcomes = _threaded([cases[0::2], cases[1::2]], p.unit_admin, targets)
    record("case_approve 基层单位, 2 threads, disjoint", seconds, sum(o["ok"] for o in outcomes))

    # Both threads try the same cases: each must be approved exactly once, the loser told it is stale.
    same = _pending(p.unit, UNIT_NODE, n)
    targets = _targets(same)
    seconds, outcomes = _threaded([same, same], p.unit_admin, targets)
    errors: dict[str, int] = {}
    for o in outcomes:
        for message, count in o.get("errors", {}).items():
            errors[message] = errors.get(message, 0) + count
    steps = Step.objects.filter(case__in=same, node=UNIT_NODE, action="approve", handler=p.unit_admin).count()
    record("case_approve 2 threads, same cases (race)", seconds, sum(o["ok"] for o in outcomes),
           extra={"attempted": 2 * len(same), "cases": len(same), "refused": errors,
                  "duplicate_steps": steps - len(same)})
    close_old_connections()
    return results


def explain(sql: str) -> str:
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        rows = cursor.fetchall()
    return "\n".join(" | ".join(str(c) for c in row) if connection.vendor != "postgresql" else row[0]
                     for row in rows)


def inbox_explain(p: Personas) -> dict:
    """The 待办 query as the inbox's first page and its count run it, and whether it uses case_inbox."""
    plans = {}
    for label, user in (("recogniser", p.recognizer_staff), ("unit admin", p.unit_admin)):
        qs = review_selectors.case_queue(user=user)
        # The SQL exactly as the server received it (parameters inlined by the database driver).
        with CaptureQueriesContext(connection) as captured:
            list(qs[:PAGE_SIZE])
            qs.count()
        for kind, query in zip(("page", "count"), captured.captured_queries, strict=True):
            plan = explain(query["sql"])
            plans[f"inbox {kind} ({label})"] = {"sql": query["sql"], "plan": plan,
                                                "uses_case_inbox": "case_inbox" in plan}
    return plans


def run(args) -> dict:
    if not Case.objects.exists():
        print("empty database: generating a small data set first", flush=True)
        subprocess.run([sys.executable, str(Path(__file__).with_name("generate.py")), "--persons", "20000",
                        "--applications", "10000"], check=True)
    _statement_timeout(args.statement_timeout)
    p = Personas()
    year = timezone.localdate().year
    counts = {"cases": Case.objects.count(), "steps": Step.objects.count(), "users": User.objects.count(),
              "certificates": Certificate.objects.count(),
              "unit_queue": review_selectors.case_queue(user=p.unit_admin).count(),
              "recogniser_queue": review_selectors.case_queue(user=p.recognizer_staff).count()}
    print(f"{connection.vendor}: {counts}", flush=True)
    pages = [measure(name, (lambda c=client, u=url: c.get(u)), args.repeat, url)
             for name, client, url in page_scenarios(p, year)]
    pages += login_scenario(p, args.repeat)
    approvals = approve_scenarios(p, args.approvals, args.final_approvals)
    plans = inbox_explain(p)
    for slow in sorted((s for r in pages for s in r["slowest"]), key=lambda s: s["ms"], reverse=True)[:args.explain]:
        plans[f"slow {slow['ms']} ms"] = {"sql": slow["sql"], "plan": explain(slow["sql"])}
    return {"vendor": connection.vendor, "database": connection.settings_dict["NAME"], "counts": counts,
            "pages": pages, "approvals": approvals, "plans": plans,
            "at": timezone.now().isoformat(timespec="seconds")}


def compare(paths: list[str]) -> None:
    """A markdown table of medians and query counts per scenario, with the last run's ratio to the first."""
    runs = [json.loads(Path(p).read_text()) for p in paths]
    head = " | ".join(f"{r['vendor']} {r['counts']['cases']} cases" for r in runs)
    print(f"| scenario | {head} | ratio |\n|---|{'---|' * len(runs)}---|")
    for row in runs[-1]["pages"]:
        found = [next((r for r in run_["pages"] if r["name"] == row["name"]), None) for run_ in runs]
        cells = [("timeout" if r.get("timeout") else f"{r['median_ms']} ms / {r['queries']} q") if r else "–"
                 for r in found]
        ratio = (f"{row['median_ms'] / found[0]['median_ms']:.2f}×"
                 if found[0] and row["median_ms"] and found[0]["median_ms"] else "–")
        print(f"| {row['name']} | {' | '.join(cells)} | {ratio} |")
    for row in runs[-1]["approvals"]:
        found = [next((r for r in run_["approvals"] if r["name"] == row["name"]), None) for run_ in runs]
        cells = [f"{r['per_approval_ms']} ms ({r['per_second']}/s)" if r else "–" for r in found]
        ratio = f"{row['per_approval_ms'] / found[0]['per_approval_ms']:.2f}×" if found[0] else "–"
        print(f"| {row['name']} | {' | '.join(cells)} | {ratio} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per page (median reported)")
    parser.add_argument("--approvals", type=int, default=40, help="approvals per throughput scenario")
    parser.add_argument("--final-approvals", type=int, default=8, help="final approvals (each signs a PDF)")
    parser.add_argument("--explain", type=int, default=4, help="EXPLAIN the N slowest page queries")
    parser.add_argument("--statement-timeout", type=int, default=30, help="PostgreSQL statement timeout (s)")
    parser.add_argument("--out", default=None, help="JSON result file (default: bench/results/<db>-<cases>.json)")
    parser.add_argument("--compare", nargs="+", metavar="JSON", help="print ratios between earlier runs")
    args = parser.parse_args()
    if args.compare:
        compare(args.compare)
        return
    result = run(args)
    RESULTS.mkdir(exist_ok=True)
    out = Path(args.out) if args.out else RESULTS / f"{result['vendor']}-{result['counts']['cases']}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    for name, plan in result["plans"].items():
        print(f"\n--- EXPLAIN {name} (uses case_inbox: {plan.get('uses_case_inbox')})\n{plan['plan']}")
    print(f"\nwritten {out}")


if __name__ == "__main__":
    main()
