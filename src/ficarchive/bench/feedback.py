"""`ficarchive bench feedback [--seconds S] [--clients N] [--database D] [--json]`: comments and
kudos under load, on SQLite and PostgreSQL.

Starts `ficarchive serve` (gunicorn) on a new, empty archive of its own (a temporary data folder,
and on PostgreSQL a scratch database beside the one `DATABASE_URL` names; both removed at the
end), on a free loopback port. N client threads (default 50) log in like browsers (CSRF token
from the form, session cookie) and post comments and kudos for S seconds (default 60). Then it
stops the server and checks, in the database, that every write the server accepted is there. It
reports requests per second, latency percentiles, errors (5xx, other failures) and lost writes.

`--database` chooses `sqlite`, `postgresql` or `both` (each run in a process of its own, one after
the other); by default both when `DATABASE_URL` names a PostgreSQL database, else SQLite alone.
With `--json` the last line printed is one JSON object: one run's figures, or with both
databases `{"benchmark": "feedback", "runs": {"sqlite": {...}, "postgresql": {...}}}`.

The server runs with throttles raised (`FICARCHIVE_THROTTLES`) so that it measures the write path,
not the rate limiter's refusals; the limiter's own database write still happens on every request.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import IO, Any
from urllib.parse import urlencode

from ficarchive.bench.harness import (
    arguments,
    database_is_postgres,
    django_setup,
    percentile,
    report,
    say,
    scratch_archive,
)

PASSWORD = "bench-passphrase-2026"
RELAXED_THROTTLES = "signup=1000000/60,login=1000000/60,comment=1000000/60,kudos=1000000/60"
WORKS = 20


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _archive_prepare(clients: int) -> tuple[list[int], list[str]]:
    """Make an author with works and the client accounts in the bench's own database."""
    from django.contrib.auth.hashers import make_password
    from django.db import connections

    from ficarchive.accounts.models import User
    from ficarchive.accounts.services import user_create
    from ficarchive.posting.services import WorkInput, work_create

    author = user_create(username="bench-author", email="", password=PASSWORD)
    work_ids = [
        work_create(
            data=WorkInput(
                title=f"Bench work {i}", pseuds=list(author.pseuds.all()), fandoms=["Original Work"]
            ),
            chapter_title="",
            body="Words for the bench.",
        ).pk
        for i in range(WORKS)
    ]
    hashed = make_password(PASSWORD)  # hashed once: the same password for every bench account
    names = [f"bench-reader-{i}" for i in range(clients)]
    User.objects.bulk_create([User(username=n, password=hashed) for n in names])
    connections.close_all()
    return work_ids, names


@dataclass
class ClientResult:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    exceptions: int = 0
    comment_ids: list[int] = field(default_factory=list)
    kudos: list[int] = field(default_factory=list)  # work ids where the server answered created
    reconnects: int = 0


class BrowserLikeClient:
    """One keep-alive connection with a cookie jar and the CSRF token, like a browser tab."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.reconnects = 0
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, form: dict | None = None, accept: str = "text/html"):
        headers = {"Accept": accept, "Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server closed an idle keep-alive connection before reading the request;
                # like a browser, send it again once on a new connection.
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                self.reconnects += 1
                if attempt == 2:
                    raise
            except (OSError, http.client.HTTPException):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                raise
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
        return response.status, data

    def log_in(self, username: str) -> None:
        status, page = self.request("GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            raise RuntimeError(f"log-in page answered {status}")
        form = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
        status, _ = self.request("POST", "/login/", form)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"log-in as {username} answered {status}")


def _client_run(
    port: int, username: str, work_ids: list[int], start: threading.Barrier, seconds: float
) -> ClientResult:
    result = ClientResult()
    client = BrowserLikeClient(port)
    client.log_in(username)
    rng = random.Random(username)
    start.wait()
    deadline = time.monotonic() + seconds
    sequence = 0
    while time.monotonic() < deadline:
        work_id = rng.choice(work_ids)
        sequence += 1
        began = time.perf_counter()
        try:
            if rng.random() < 0.75:
                marker = f"{username}#{sequence}"
                status, data = client.request(
                    "POST",
                    f"/works/{work_id}/comments/",
                    {"body": f"Bench comment {marker}"},
                    accept="application/json",
                )
                if status == 201:
                    result.comment_ids.append(json.loads(data)["id"])
            else:
                status, data = client.request(
                    "POST", f"/works/{work_id}/kudos/", {}, accept="application/json"
                )
                if status == 200 and json.loads(data).get("created"):
                    result.kudos.append(work_id)
        except (OSError, http.client.HTTPException, ValueError):
            result.exceptions += 1
            continue
        result.latencies.append(time.perf_counter() - began)
        result.statuses[status] = result.statuses.get(status, 0) + 1
    result.reconnects = client.reconnects
    return result


def _writes_verify(results: list[tuple[str, ClientResult]], work_ids: list[int]) -> dict:
    """Count accepted writes missing from the database, and counters that disagree with rows."""
    from django.db.models import Count

    from ficarchive.feedback.models import Comment, CommentStatus, Kudos
    from ficarchive.works.models import Work

    accepted_comments = [cid for _, r in results for cid in r.comment_ids]
    found = set(Comment.objects.filter(pk__in=accepted_comments).values_list("pk", flat=True))
    accepted_kudos = {(name, wid) for name, r in results for wid in r.kudos}
    stored_kudos = set(
        Kudos.objects.filter(user__username__startswith="bench-reader-").values_list(
            "user__username", "work_id"
        )
    )
    comment_rows = dict(
        Comment.objects.filter(status=CommentStatus.PUBLISHED, deleted=False)
        .values_list("work_id")
        .annotate(n=Count("id"))
    )
    kudos_rows = dict(Kudos.objects.values_list("work_id").annotate(n=Count("id")))
    counters_off = sum(
        1
        for w in Work.objects.filter(pk__in=work_ids)
        if w.comments_count != comment_rows.get(w.pk, 0) or w.kudos_count != kudos_rows.get(w.pk, 0)
    )
    return {
        "comments_accepted": len(accepted_comments),
        "comments_lost": len(set(accepted_comments) - found),
        "kudos_accepted": len(accepted_kudos),
        "kudos_lost": len(accepted_kudos - stored_kudos),
        "works_with_wrong_counters": counters_off,
    }


def _server_wait(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server exited while starting")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/login/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not answer in time")


def _server_start(port: int, workers: int, log: IO[bytes]) -> subprocess.Popen[bytes]:
    """`ficarchive serve` (gunicorn) on a loopback port, answering once it serves the log-in page."""
    server = subprocess.Popen(
        [sys.executable, "-m", "ficarchive", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=dict(os.environ, WEB_WORKERS=str(workers)),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _server_wait(port, server)
    except RuntimeError:
        _server_stop(server)
        raise
    return server


def _server_stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def _clients_run(
    port: int, names: list[str], work_ids: list[int], seconds: float
) -> tuple[list[tuple[str, ClientResult]], list[str], float]:
    """Every client logs in, then all post together for `seconds`: their results, the clients
    that failed, and the wall time of the load."""
    results: list[tuple[str, ClientResult]] = []
    failures: list[str] = []
    start = threading.Barrier(len(names) + 1)
    lock = threading.Lock()

    def run(name: str) -> None:
        try:
            outcome = _client_run(port, name, work_ids, start, seconds)
        except Exception as exc:  # a client that cannot log in still releases the barrier
            failures.append(f"{name}: {exc}")
            start.abort()
            return
        with lock:
            results.append((name, outcome))

    threads = [threading.Thread(target=run, args=(n,)) for n in names]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.monotonic()
    for thread in threads:
        thread.join()
    return results, failures, time.monotonic() - began


def _figures(
    args: argparse.Namespace, results: list[tuple[str, ClientResult]], elapsed: float
) -> dict[str, Any]:
    """Throughput, latency percentiles and answers by status, over every client's requests."""
    latencies = [x for _, r in results for x in r.latencies]
    statuses: dict[int, int] = {}
    for _, r in results:
        for status, n in r.statuses.items():
            statuses[status] = statuses.get(status, 0) + n
    return {
        "benchmark": "feedback",
        "database": args.database,
        "clients": args.clients,
        "workers": args.workers,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "requests_per_second": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "latency_ms": {
            name: round(percentile(latencies, fraction) * 1000, 1)
            for name, fraction in (("p50", 0.50), ("p95", 0.95), ("p99", 0.99), ("max", 1.0))
        },
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "errors_5xx": sum(n for s, n in statuses.items() if s >= 500),
        "errors_other": sum(n for s, n in statuses.items() if 400 <= s < 500)
        + sum(r.exceptions for _, r in results),
        "keepalive_reconnects": sum(r.reconnects for _, r in results),
    }


def _one_database(args: argparse.Namespace) -> int:
    """The run on the database `DATABASE_URL` names (SQLite without it), in a scratch archive."""
    os.environ["FICARCHIVE_THROTTLES"] = RELAXED_THROTTLES
    with scratch_archive("feedback") as data:
        data_dir = django_setup(data=str(data), prefix="feedback")
        work_ids, names = _archive_prepare(args.clients)
        port = _free_port()
        with open(data_dir / "server.log", "wb") as log:
            try:
                server = _server_start(port, args.workers, log)
            except RuntimeError:
                # The log goes with the scratch archive: show its end first.
                print(
                    (data_dir / "server.log").read_text(errors="replace")[-3000:], file=sys.stderr
                )
                raise
            try:
                results, failures, elapsed = _clients_run(port, names, work_ids, args.seconds)
            finally:
                _server_stop(server)
        verified = _writes_verify(results, work_ids)
    figures = {**_figures(args, results, elapsed), "client_failures": failures, **verified}
    lines = [] if args.json else [f"{key}: {value}" for key, value in figures.items()]
    report(figures, lines, as_json=args.json)
    bad = figures["errors_5xx"] or verified["comments_lost"] or verified["kudos_lost"] or failures
    return 1 if bad else 0


def _each_database(args: argparse.Namespace) -> int:
    """SQLite, then PostgreSQL, each in a process of its own (one Django setup per database);
    their figures side by side."""
    runs: dict[str, dict[str, Any]] = {}
    status = 0
    for database in ("sqlite", "postgresql"):
        say(f"== {database}", as_json=args.json)
        env = dict(os.environ)
        if database == "sqlite":
            env.pop("DATABASE_URL", None)
        options = ["--seconds", str(args.seconds), "--clients", str(args.clients)]
        options += ["--workers", str(args.workers), "--database", database, "--json"]
        child = subprocess.run(
            [sys.executable, "-m", "ficarchive", "bench", "feedback", *options],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        lines = child.stdout.strip().splitlines()
        runs[database] = json.loads(lines[-1]) if lines else {"failed": child.returncode}
        status = status or child.returncode
    figures = {"benchmark": "feedback", "runs": runs}
    keys = ("requests_per_second", "latency_ms", "errors_5xx", "comments_lost", "kudos_lost")
    lines = (
        [] if args.json else [f"{db} {k}: {run.get(k)}" for db, run in runs.items() for k in keys]
    )
    report(figures, lines, as_json=args.json)
    return status


def main(argv: list[str]) -> int:
    """Run the load test; exit status 1 when there were 5xx answers or lost writes."""
    parser = arguments("feedback", __doc__)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument(
        "--workers", type=int, default=(os.cpu_count() or 1) + 1, help="gunicorn worker processes"
    )
    parser.add_argument(
        "--database",
        choices=("sqlite", "postgresql", "both"),
        default="both" if database_is_postgres() else "sqlite",
    )
    args = parser.parse_args(argv)
    if args.database == "both":
        return _each_database(args)
    if args.database == "sqlite":
        os.environ.pop("DATABASE_URL", None)
    elif not database_is_postgres():
        parser.error("--database postgresql needs DATABASE_URL naming a PostgreSQL database")
    return _one_database(args)
