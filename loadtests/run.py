"""``make load``: a fresh MariaDB database, the seeded learners, gunicorn serving the demo, each Locust scenario
headless, the invariants checked in the database, one summary table.

Parameters (environment): LOAD_LEARNERS (2500), LOAD_USERS (simulated users at once, 50), LOAD_SPAWN_RATE
(25), LOAD_RUN_TIME (cap of the rush, 300s), LOAD_DEADLINE_TIME (cap of the deadline hour, 120s), LOAD_WALL_TIME
(60s), LOAD_WORKERS (gunicorn sync workers, 3), LOAD_DB (spoc_load), LOAD_PORT (8765),
SPOC_MYSQL_HOST/PORT/USER/PASSWORD.
"""
import csv
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "load"
GOAL_RATIO = 3.0
FLOOR = "floor: ping"


def parameters():
    env = os.environ.get
    return {
        "learners": int(env("LOAD_LEARNERS", "2500")), "users": int(env("LOAD_USERS", "50")),
        "spawn_rate": int(env("LOAD_SPAWN_RATE", "25")), "run_time": env("LOAD_RUN_TIME", "300s"),
        "deadline_time": env("LOAD_DEADLINE_TIME", "120s"),
        "wall_time": env("LOAD_WALL_TIME", "60s"), "workers": int(env("LOAD_WORKERS", "3")),
        "database": env("LOAD_DB", "spoc_load"), "port": int(env("LOAD_PORT", "8765")),
    }


def server_environment(params):
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "loadtests.settings", "SPOC_DB": "mysql",
            "SPOC_MYSQL_NAME": params["database"], "SPOC_VAR_DIR": str(OUT / "var"),
            "LOAD_LEARNERS": str(params["learners"]), "PYTHONPATH": str(ROOT)}


def fresh_database(name):
    import MySQLdb

    connection = MySQLdb.connect(host=os.environ.get("SPOC_MYSQL_HOST", "127.0.0.1"),
                                 port=int(os.environ.get("SPOC_MYSQL_PORT", "3306")),
                                 user=os.environ.get("SPOC_MYSQL_USER", "root"),
                                 passwd=os.environ.get("SPOC_MYSQL_PASSWORD", ""))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    connection.close()


def step(message):
    print(f"[load {time.strftime('%H:%M:%S')}] {message}", flush=True)


def start_gunicorn(params, env):
    log = open(OUT / "gunicorn.log", "w")  # noqa: SIM115 (kept open while the server runs)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "loadtests.wsgi:application", "--preload", "--workers",
         str(params["workers"]), "--bind", f"127.0.0.1:{params['port']}", "--timeout", "120"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped (exit {server.returncode}): see {OUT / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{params['port']}/scenario/load_floor/", timeout=5):
                return server
        except OSError:
            time.sleep(1)
    raise RuntimeError("gunicorn did not answer within 120 s")


def stop(server):
    if server is not None and server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def run_locust(name, params, env, run_time):
    prefix = OUT / name
    observed = OUT / f"{name}-observations.json"
    command = [sys.executable, "-m", "locust", "-f", str(ROOT / "loadtests" / "locustfiles" / f"{name}.py"),
               "--headless", "-u", str(params["users"]), "-r", str(params["spawn_rate"]), "-t", run_time,
               "--csv", str(prefix), "--host", f"http://127.0.0.1:{params['port']}", "--only-summary",
               "--loglevel", "WARNING"]
    step(f"scenario {name}: {' '.join(command[3:])}")
    subprocess.run(command, cwd=ROOT, env={**env, "LOAD_DATA": str(OUT / "people.json"),
                                           "LOAD_OBSERVATIONS": str(observed)}, check=False)
    stats = {row["Name"]: row for row in csv.DictReader(open(f"{prefix}_stats.csv")) if row["Name"] != "Aggregated"}
    return stats, json.loads(observed.read_text())


def percentile(values, share):
    """The ``share`` percentile of ``values`` (nearest rank), or nan."""
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(share * len(values)) - 1))] if values else float("nan")


def five_hundreds(observed):
    return [f"{count} 5xx on {name}" for name, count in observed["5xx"].items()]


def rows_of(scenario, stats, observed, invariant, notes=()):
    """Table rows of one scenario: every endpoint, its p95 against the floor's measured in the same run, as seen
    by Locust and inside the server."""
    floor = float(stats.get(FLOOR, {}).get("95%") or "nan")
    server_floor = percentile(observed["server_ms"].get(FLOOR, []), 0.95)
    rows = []
    for name, row in sorted(stats.items(), key=lambda item: (item[0] == FLOOR, item[0])):
        server = observed["server_ms"].get(name, [])
        rows.append({
            "scenario": scenario, "endpoint": name, "requests": int(row["Request Count"]),
            "rps": float(row["Requests/s"]), "p50": row["50%"], "p95": row["95%"], "p99": row["99%"],
            "errors": int(row["Failure Count"]), "5xx": observed["5xx"].get(name, 0), "floor": floor,
            "ratio": float(row["95%"]) / floor, "server_p95": percentile(server, 0.95),
            "server_ratio": percentile(server, 0.95) / server_floor,
            "queries": percentile(observed["queries"].get(name, []), 0.5),
            "goal": name.split(":")[0] in SPOC_NAMES, "invariant": " ".join([invariant, *notes]),
        })
    return rows


SPOC_NAMES = {"webinar", "checkpoint", "wall", "report"}


def table(rows):
    header = ("scenario", "endpoint", "req", "req/s", "p50", "p95", "p99", "errors", "5xx", "floor p95", "ratio",
              "server p95", "server ratio", "queries", "goal", "invariant")
    lines = [header]
    for row in rows:
        # Both ratios: a saturated server queues every request alike, and Locust's ratios then tend to 1.
        goal = "" if not row["goal"] else (
            "met" if max(row["ratio"], row["server_ratio"]) <= GOAL_RATIO else "NOT MET")
        lines.append((row["scenario"], row["endpoint"], str(row["requests"]), f"{row['rps']:.1f}", row["p50"],
                      row["p95"], row["p99"], str(row["errors"]), str(row["5xx"]), f"{row['floor']:.0f}",
                      f"{row['ratio']:.1f}x", f"{row['server_p95']:.1f}", f"{row['server_ratio']:.1f}x",
                      f"{row['queries']}", goal, row["invariant"]))
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
                     for line in lines)


def verdict(problems):
    return "OK" if not problems else "FAIL: " + "; ".join(problems)


def served(observed, total):
    """A note when the time cap stopped the scenario before every learner was served."""
    return [] if observed["done"] >= total else [f"(time cap: {observed['done']} of {total} learners)"]


def main():
    params = parameters()
    OUT.mkdir(parents=True, exist_ok=True)
    env = server_environment(params)
    os.environ.update({key: env[key] for key in ("DJANGO_SETTINGS_MODULE", "SPOC_DB", "SPOC_MYSQL_NAME",
                                                  "SPOC_VAR_DIR", "LOAD_LEARNERS")})
    step(f"parameters: {json.dumps(params)}; think time 0.5-1.5 s; floor: 5 users on an empty handler")
    step(f"fresh database {params['database']}, migrations")
    fresh_database(params["database"])
    subprocess.run([sys.executable, str(ROOT / "demo" / "manage.py"), "migrate", "--run-syncdb", "-v", "0"],
                   cwd=ROOT, env=env, check=True)
    import django

    django.setup()
    from django.db import connections

    from loadtests import invariants, seeding

    step(f"seeding {params['learners']} learners")
    people = seeding.seed(params["learners"])
    (OUT / "people.json").write_text(json.dumps(people))
    connections.close_all()
    server = None
    signal.signal(signal.SIGTERM, lambda *args: sys.exit(1))
    runs = {}
    try:
        step(f"gunicorn, {params['workers']} sync workers, --preload")
        server = start_gunicorn(params, env)
        runs["webinar"] = run_locust("webinar", params, env, params["run_time"])
        runs["deadline"] = run_locust("deadline", params, env, params["deadline_time"])
        runs["wall"] = run_locust("wall", params, env, params["wall_time"])
    finally:
        stop(server)  # every request answered: the database holds what the learners were told
        connections.close_all()
    step("invariants")
    rows, learners = [], params["learners"]
    stats, observed = runs["webinar"]
    problems = invariants.webinar(observed["positions"]) + five_hundreds(observed)
    rows += rows_of("1+4 rush", stats, observed, verdict(problems), served(observed, learners))
    stats, observed = runs["deadline"]
    problems = invariants.deadline() + five_hundreds(observed)
    rows += rows_of("2 deadline", stats, observed, verdict(problems), served(observed, learners))
    stats, observed = runs["wall"]
    reader = next(person for person in people["learners"] if person["cohort_id"] == people["cohorts"][0])
    problems = invariants.busy_wall(reader["user_id"]) + five_hundreds(observed)
    if observed["duplicates"]:
        problems.append(f"{observed['duplicates']} posts seen twice while paging")
    rows += rows_of("3 wall", stats, observed, verdict(problems), [f"({observed['rate_limited']} posts refused: 429)"])
    summary = table(rows)
    (OUT / "summary.txt").write_text(summary + "\n")
    print("\n" + summary + "\n", flush=True)
    step(f"goal: every SPOC handler's p95 within {GOAL_RATIO:.0f}x of the floor's, zero 5xx, every invariant OK; "
         f"CSV and logs in {OUT}")
    return 0 if all(row["invariant"].startswith("OK") for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
