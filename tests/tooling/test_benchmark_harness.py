"""The framework benchmark harness (bench/harness/, manage.py run_benchmarks).

Unit tests of wrk's output, the maths and the recording need no server; the keep-alive check
runs against a tiny server of the standard library on 127.0.0.1. The smoke test runs the real
thing for about a second per app; it needs wrk and the frameworks' virtualenvs in
.venv-bench/, and says how to install them when it has to skip.
"""

import html
import http.server
import io
import threading
import time
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from bench.harness import environment
from bench.harness.catalogue import APPS, ENDPOINTS, METRICS
from bench.harness.environment import (
    APPS_DIR,
    Environment,
    cpu_count,
    cpu_model,
    cpu_split,
    memory_gib,
    unavailable_reason,
)
from bench.harness.errors import HarnessError
from bench.harness.load import WrkResult, parse_wrk, summarize, wrk_command
from bench.harness.records import ensure_benchmarks, record
from bench.harness.runs import MIN_RUNS, Measurement, Options
from bench.harness.servers import (
    FORTUNES,
    check_keep_alive,
    check_response,
    expected_fortunes,
    server_command,
    server_env,
)
from comparisons.models import (
    Benchmark,
    BenchmarkResult,
    ChangeLogEntry,
    Framework,
    ReleaseProposal,
    Source,
)
from comparisons.releases import accept_proposal
from tests.factories import BenchmarkFactory, FrameworkFactory, ReleaseFactory

WRK_OUTPUT = """\
Running 10s test @ http://127.0.0.1:40001/json
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.03ms    4.20ms  80.51ms   90.12%
    Req/Sec     2.66k   210.33     3.10k    70.50%
  Latency Distribution
     50%   11.50ms
     75%   13.02ms
     90%   15.80ms
     99%    1.02s
  52974 requests in 10.01s, 8.49MB read
  Socket errors: connect 0, read 12, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:   5292.13
Transfer/sec:    868.15KB
"""

CLEAN_OUTPUT = """\
Running 1s test @ http://127.0.0.1:40001/plaintext
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   830.00us  100.00us   2.00ms   75.00%
    Req/Sec     9.10k   500.00     9.90k    70.00%
  Latency Distribution
     50%  812.00us
     75%    0.90ms
     90%    1.00ms
     99%    1.50ms
  18200 requests in 1.00s, 2.50MB read
Requests/sec:  18200.00
Transfer/sec:      2.50MB
"""


# wrk's output


def test_parse_wrk_reads_rate_latencies_and_errors():
    result = parse_wrk(WRK_OUTPUT)
    assert result.requests_per_second == Decimal("5292.13")
    assert result.latency_p50_ms == Decimal("11.50")
    assert result.latency_p99_ms == Decimal("1020")  # 1.02 s
    assert result.latency_mean_ms == Decimal("12.03")
    assert result.requests == 52974
    assert result.seconds == Decimal("10.01")
    assert result.socket_errors == {"connect": 0, "read": 12, "write": 0, "timeout": 3}
    assert result.errors == 15
    assert result.non_2xx == 7


def test_parse_wrk_converts_microseconds_and_defaults_errors_to_zero():
    result = parse_wrk(CLEAN_OUTPUT)
    assert result.latency_p50_ms == Decimal("0.812")
    assert result.latency_mean_ms == Decimal("0.830")  # 830.00us
    assert result.latency_p99_ms == Decimal("1.50")
    assert result.errors == 0
    assert result.non_2xx == 0


@pytest.mark.parametrize(
    ("output", "message"),
    [
        (WRK_OUTPUT.replace("Requests/sec:", "Requests:"), "no Requests/sec"),
        (WRK_OUTPUT.replace("     99%    1.02s\n", ""), "no 99% latency"),
        (WRK_OUTPUT.replace("    Latency    12.03ms", "    Lat"), "no mean latency"),
        ("unable to connect to 127.0.0.1:1 Connection refused", "no Requests/sec"),
    ],
)
def test_parse_wrk_refuses_incomplete_output(output, message):
    with pytest.raises(HarnessError, match=message):
        parse_wrk(output)


# The maths


def test_summary_is_the_median_with_the_lowest_and_highest_run():
    summary = summarize([Decimal("5100"), Decimal("4900"), Decimal("5300")], places=0)
    assert (summary.median, summary.low, summary.high, summary.runs) == (5100, 4900, 5300, 3)
    assert float(summary.spread_percent) == pytest.approx(400 / 5100 * 100)


def test_summary_of_an_even_number_of_runs_takes_the_middle_two():
    summary = summarize([1, 2, 4, 10])
    assert summary.median == Decimal("3.00")
    assert summary.low <= summary.median <= summary.high


def test_summary_rounds_half_up_to_the_places_asked():
    summary = summarize([Decimal("1.005"), Decimal("2.675"), Decimal("3")], places=2)
    assert (summary.low, summary.median, summary.high) == (
        Decimal("1.01"),
        Decimal("2.68"),
        Decimal("3.00"),
    )


def test_summary_spread_of_identical_runs_is_zero_and_of_zero_median_none():
    assert summarize([7, 7, 7]).spread_percent == 0
    assert summarize([0, 0, 0]).spread_percent is None
    with pytest.raises(ValueError, match="no runs"):
        summarize([])


# The apps' answers, checked before any load


def _fortunes_page(rows, escape=html.escape):
    cells = "".join(f"<tr><td>{id_}</td><td>{escape(message)}</td></tr>" for id_, message in rows)
    return f"<!DOCTYPE html><html><body><table><tr><th>id</th><th>message</th></tr>{cells}</table>"


def test_fortunes_check_accepts_the_escaped_sorted_rows():
    page = _fortunes_page(expected_fortunes())
    check_response(ENDPOINTS["fortunes"], 200, "text/html; charset=utf-8", page)
    assert len(expected_fortunes()) == 13
    assert expected_fortunes()[0][1].startswith("<script>")  # "<" sorts first


@pytest.mark.parametrize(
    ("page", "problem"),
    [
        (_fortunes_page(expected_fortunes(), escape=str), "not escaped"),
        (_fortunes_page(FORTUNES), "not the 13 fortunes"),
        (_fortunes_page(list(reversed(expected_fortunes()))), "not the 13 fortunes"),
    ],
)
def test_fortunes_check_refuses_unescaped_missing_or_unsorted_rows(page, problem):
    with pytest.raises(HarnessError, match=problem):
        check_response(ENDPOINTS["fortunes"], 200, "text/html", page)


@pytest.mark.parametrize(
    ("endpoint", "status", "content_type", "body"),
    [
        ("json", 200, "application/json", '{"message": "Hello, World"}'),
        ("json", 200, "text/html", '{"message": "Hello, World!"}'),
        ("plaintext", 500, "text/plain", ""),
        ("plaintext", 200, "text/plain", "Hello, World!\n"),
    ],
)
def test_wrong_answers_stop_the_run(endpoint, status, content_type, body):
    with pytest.raises(HarnessError, match="answered wrongly"):
        check_response(ENDPOINTS[endpoint], status, content_type, body)


# The machine


def test_hardware_reads_cpu_model_count_and_memory(tmp_path):
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nmodel name\t: AMD  EPYC 7B13\nprocessor\t: 1\n")
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:       16303500 kB\nMemFree:  1 kB\n")
    assert cpu_model(cpuinfo) == "AMD EPYC 7B13"
    assert memory_gib(meminfo) == 16
    assert memory_gib(tmp_path / "missing") is None
    machine = Environment("AMD EPYC 7B13", 2, 16, "wrk 4.2.0", {}, {})
    assert machine.hardware == "AMD EPYC 7B13 × 2 cores, 16 GiB RAM"


def test_wrk_is_pinned_apart_from_the_servers_when_there_are_two_cpus(monkeypatch):
    monkeypatch.setattr(environment.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert cpu_split([0, 1]) == ((0,), (1,))
    assert cpu_split([0, 1, 2, 3]) == ((0, 1, 2), (3,))
    assert cpu_split([0]) == ((), ())
    monkeypatch.setattr(environment.shutil, "which", lambda name: None)  # no taskset
    assert cpu_split([0, 1]) == ((), ())

    pinned = Options(concurrency=64, server_cpus=(0,), load_cpus=(1,))
    assert wrk_command(pinned).startswith("taskset -c 1 wrk -t1 -c64 ")
    assert "CPU 1" in pinned.pinning and "CPU 0" in pinned.pinning
    assert server_command(APPS["flask"], 40001, 1, (0,))[:3] == ["taskset", "-c", "0"]
    shared = Options(concurrency=64)
    assert wrk_command(shared).startswith("wrk -t2 -c64 ")
    assert server_command(APPS["flask"], 40001, 1)[0].endswith("/flask/bin/gunicorn")


def test_every_app_has_its_code_requirements_and_documented_server():
    assert len(APPS) == 13
    for app in APPS.values():
        assert (APPS_DIR / app.directory / "requirements.txt").exists(), app.slug
        assert app.docs.startswith("https://"), app.slug
        command = server_command(app, 40001, 2)
        assert "2" in command and "40001" in " ".join(command), app.slug
        assert f"/.venv-bench/{app.slug}/bin/" in command[0], app.slug
    assert APPS["django-ninja"].directory == "django_ninja_app"


def test_servers_are_named_with_their_versions():
    assert APPS["flask"].server({"gunicorn": "27.0.1"}) == (
        "gunicorn 27.0.1 (gthread workers, 4 threads each)"
    )
    assert APPS["fastapi"].server({"uvicorn": "0.55.0"}) == (
        "uvicorn 0.55.0 (--workers; uvloop, httptools)"
    )
    assert APPS["aiohttp"].server({"gunicorn": "27.0.1"}) == (
        "gunicorn 27.0.1 (aiohttp.GunicornWebWorker)"
    )
    assert APPS["tornado"].server({"tornado": "6.6.1"}) == (
        "Tornado HTTPServer 6.6.1 (fork_processes)"
    )


def test_servers_get_a_clean_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://site")
    env = server_env(APPS["django"], "/tmp/x/fortunes.sqlite3")
    assert env["DJANGO_SETTINGS_MODULE"] == "django_app.settings"
    assert env["BENCH_FORTUNES_DB"] == "/tmp/x/fortunes.sqlite3"
    assert "DATABASE_URL" not in env
    command = server_command(APPS["flask"], 40001, 2)
    assert command[command.index("--bind") + 1] == "127.0.0.1:40001"
    assert command[command.index("--workers") + 1] == "2"
    assert command[command.index("--worker-class") + 1] == "gthread"
    command = server_command(APPS["sanic"], 40001, 2)
    assert command[command.index("--workers") + 1] == "2"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"Hello, World!"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.mark.parametrize(("protocol", "keeps_alive"), [("HTTP/1.1", True), ("HTTP/1.0", False)])
def test_keep_alive_check_refuses_a_server_that_closes_connections(protocol, keeps_alive):
    handler = type("Handler", (_Handler,), {"protocol_version": protocol})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        if keeps_alive:
            check_keep_alive(base)
        else:
            with pytest.raises(HarnessError, match="keep-alive is off"):
                check_keep_alive(base)
    finally:
        server.shutdown()
        server.server_close()


def test_unavailable_reason_names_the_frameworks_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(environment.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(environment, "BENCH_ROOT", tmp_path)
    reason = unavailable_reason([APPS["flask"], APPS["sanic"]])
    assert reason.endswith("bash bench/frameworks/setup_env.sh flask sanic")
    # A stamp that matches the requirements as they are: ready.
    digest = environment.hashlib.sha256(environment.requirements(APPS["flask"]).read_bytes())
    (tmp_path / "flask" / "bin").mkdir(parents=True)
    (tmp_path / "flask" / "bin" / "python").touch()
    (tmp_path / "flask" / ".requirements-stamp").write_text(f"{digest.hexdigest()} python-3.13.0")
    assert unavailable_reason([APPS["flask"]]) is None
    (tmp_path / "flask" / ".requirements-stamp").write_text("0123 python-3.13.0")
    assert "flask" in unavailable_reason([APPS["flask"]])


# Recording, without servers


def _measurement(slug, endpoint, rates, p99s=None, means=None):
    p99s = p99s or [10] * len(rates)
    means = means or [2] * len(rates)
    runs = [
        WrkResult(
            requests_per_second=Decimal(rate),
            latency_p50_ms=Decimal(1),
            latency_p99_ms=Decimal(p99),
            latency_mean_ms=Decimal(mean),
            requests=rate * 10,
            seconds=Decimal(10),
            socket_errors={"connect": 0, "read": 0, "write": 0, "timeout": 0},
            non_2xx=0,
        )
        for rate, p99, mean in zip(rates, p99s, means, strict=True)
    ]
    app = APPS[slug]
    return Measurement(
        app=app,
        endpoint=ENDPOINTS[endpoint],
        runs=runs,
        server=app.server({"gunicorn": "27.0.1", "uvicorn": "0.55.0"}),
        framework_version="3.1.3",
        python_version="3.13.0",
        load_average=0.25,
    )


ENVIRONMENT = Environment(
    "Test CPU",
    2,
    8,
    "wrk 4.2.0",
    {"flask": "3.13.0", "django": "3.13.0"},
    {},
    {"flask": "the newest Python on this machine"},
)
OPTIONS = Options(
    duration=10, runs=6, concurrency=64, workers=1, warmup=5, server_cpus=(0,), load_cpus=(1,)
)
RATES = [5100, 4900, 5300, 5000, 5200, 5050]


def test_record_stores_median_spread_runs_and_setup_with_history(db):
    FrameworkFactory(slug="flask", name="Flask")
    measurements = [
        _measurement("flask", "json", RATES, means=[2, 2.5, "2.25", 2, 3, 2]),
        _measurement("flask", "fortunes", [900, 1000, 950, 940, 960, 955], p99s=(40, 50, 45) * 2),
    ]
    results = record(measurements, OPTIONS, ENVIRONMENT, today=date(2026, 11, 25))
    # JSON throughput and mean latency; fortunes throughput and p99 latency
    assert len(results) == 4
    json_result = BenchmarkResult.objects.get(benchmark__slug="measured-json-throughput")
    assert json_result.origin == BenchmarkResult.Origin.MEASURED
    assert (json_result.median_value, json_result.low_value, json_result.high_value) == (
        5075,
        4900,
        5300,
    )
    assert json_result.run_values == RATES  # in the order the runs were made
    assert json_result.withheld_reason == ""  # a 7.9% spread is within the 10% limit
    assert json_result.display == "5075 req/s (95% CI 4900–5300, 6 runs)"
    assert dict(json_result.setup_items()) == {
        "Version": "3.1.3",
        "Server": "gunicorn 27.0.1 (gthread workers, 4 threads each)",
        "Workers": 1,
        "Concurrency": 64,
        "Python": "3.13.0",
        "Hardware": "Test CPU × 2 cores, 8 GiB RAM",
        "Runs": 6,
        "Seconds per run": 10,
    }
    assert json_result.measured_on == date(2026, 11, 25)
    assert json_result.source_url == ""
    assert json_result.notes == (
        "The median of 6 runs of `taskset -c 1 wrk -t1 -c64 -d10s --latency` against `/json` "
        "on 127.0.0.1, interleaved with the other frameworks' runs after a 5 s warm-up; low "
        "and high are the lowest and highest runs (spread 7.9%). wrk 4.2.0 ran on the same "
        "machine as the server, wrk pinned to CPU 1 and the servers to CPU 0 (taskset); "
        "0 socket errors; load average 0.25 when the benchmark started. Python 3.13.0: the "
        "newest Python on this machine."
    )
    mean = BenchmarkResult.objects.get(benchmark__slug="measured-json-latency-mean")
    assert (mean.low_value, mean.median_value, mean.high_value) == (2, Decimal("2.13"), 3)
    assert mean.run_values == [2.0, 2.5, 2.25, 2.0, 3.0, 2.0]
    assert mean.benchmark.statistic == "mean"
    assert mean.benchmark.lower_is_better and mean.benchmark.unit == "ms"
    assert mean.withheld_reason.startswith("Too noisy: the runs spread over 46.9%")
    latency = BenchmarkResult.objects.get(benchmark__slug="measured-fortunes-latency-p99")
    assert (latency.low_value, latency.median_value, latency.high_value) == (40, 45, 50)
    assert latency.benchmark.lower_is_better
    assert latency.benchmark.unit == "ms"
    assert latency.benchmark.statistic == "p99"
    # Saved normally: a history record each, and the public change log.
    assert json_result.history.count() == 1
    assert ChangeLogEntry.objects.filter(object_id=json_result.pk).exists()
    benchmark = Benchmark.objects.get(slug="measured-json-throughput")
    assert benchmark.name == "JSON: requests per second (measured)"
    assert benchmark.statistic == "throughput"
    assert not benchmark.lower_is_better
    assert "wrk" in benchmark.methodology and "median" in benchmark.methodology
    assert "keep-alive" in benchmark.methodology and "10%" in benchmark.methodology
    # Readers see only what is not withheld.
    shown = set(BenchmarkResult.objects.shown().values_list("benchmark__slug", flat=True))
    assert "measured-json-latency-mean" not in shown
    assert "measured-json-throughput" in shown


def test_a_result_noisier_than_the_limit_is_withheld_with_its_reason(db):
    FrameworkFactory(slug="flask", name="Flask")
    noisy = [_measurement("flask", "plaintext", [100, 120, 100, 100, 100, 100])]
    [result] = record(noisy, OPTIONS, ENVIRONMENT)
    assert result.withheld_reason == (
        "Too noisy: the runs spread over 20.0% of the median (100–120), above the 10% limit "
        "(--max-spread); measure again on a quieter machine."
    )
    assert len(result.withheld_reason) <= 300
    lenient = Options(runs=6, workers=1, max_spread=Decimal(25))
    [result] = record(noisy, lenient, ENVIRONMENT)
    assert result.withheld_reason == ""


def test_a_smoke_run_is_recorded_but_withheld(db):
    FrameworkFactory(slug="flask", name="Flask")
    [result] = record([_measurement("flask", "plaintext", [100])], OPTIONS, ENVIRONMENT)
    assert result.run_values == [100]
    assert result.withheld_reason.startswith(f"1 run(s): fewer than {MIN_RUNS}")


def test_ensure_benchmarks_sets_the_statistic_of_older_benchmarks_only(db):
    BenchmarkFactory(slug="measured-json-throughput", name="JSON", statistic="other")
    BenchmarkFactory(slug="measured-fortunes-latency-p99", name="p99", statistic="mean")
    benchmarks = ensure_benchmarks()
    assert {slug: b.statistic for slug, b in benchmarks.items()} == {
        metric.slug: metric.statistic for metric in METRICS
    } | {"measured-fortunes-latency-p99": "mean"}  # an editor's choice stays
    assert Benchmark.objects.get(slug="measured-json-throughput").statistic == "throughput"


def test_record_again_adds_results_and_keeps_edited_benchmarks(db):
    FrameworkFactory(slug="flask", name="Flask")
    record([_measurement("flask", "json", [1, 2, 3])], OPTIONS, ENVIRONMENT)
    Benchmark.objects.filter(slug="measured-json-throughput").update(description="Edited")
    record([_measurement("flask", "json", [4, 5, 6])], OPTIONS, ENVIRONMENT)
    assert BenchmarkResult.objects.filter(benchmark__slug="measured-json-throughput").count() == 2
    assert Benchmark.objects.get(slug="measured-json-throughput").description == "Edited"


def test_record_skips_frameworks_not_in_the_database(db):
    assert record([_measurement("django", "json", [1, 2, 3])], OPTIONS, ENVIRONMENT) == []


# The command's options


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"runs": 2}, "at least 6"),
        ({"runs": 5}, "95% confidence interval"),
        ({"duration": 0, "runs": 6}, "at least 1 second"),
        ({"max_spread": Decimal(0)}, "positive percentage"),
        ({"concurrency": 0}, "must be positive"),
        ({"workers": 0}, "must be positive"),
    ],
)
def test_command_refuses_options_that_would_mislead(db, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("run_benchmarks", **options)


def test_command_says_how_to_install_what_is_missing(db, monkeypatch):
    monkeypatch.setattr(environment.shutil, "which", lambda name: None)
    with pytest.raises(CommandError, match="apt-get install -y wrk"):
        call_command("run_benchmarks", smoke=True, dry_run=True)


def test_command_skips_frameworks_missing_from_the_database(db, monkeypatch):
    monkeypatch.setattr(
        "bench.management.commands.run_benchmarks.unavailable_reason", lambda apps: None
    )
    with pytest.raises(CommandError, match="No framework to measure"):
        call_command("run_benchmarks", frameworks=["flask"], smoke=True, stdout=io.StringIO())


# The smoke test: the real harness, about a second per app


def test_smoke_run_measures_every_app_and_records_its_setup(demo):
    reason = unavailable_reason()
    if reason:
        pytest.skip(f"The benchmark smoke test cannot run: {reason}")
    out = io.StringIO()
    measured_before = BenchmarkResult.objects.filter(origin="measured").count()
    started = time.monotonic()
    call_command("run_benchmarks", smoke=True, duration=1, runs=1, stdout=out)
    # Generous: shared 2-CPU machines run this several times slower than an idle one.
    assert time.monotonic() - started < 180
    output = out.getvalue()
    # Only the demo's three frameworks are in the database; the other apps are skipped.
    assert "Recorded 15 measured results" in output
    assert "Skipping Sanic" in output

    results = BenchmarkResult.objects.filter(origin=BenchmarkResult.Origin.MEASURED)
    assert results.count() == measured_before + 15  # the demo's runs, and this smoke run
    smoke = results.filter(runs=1).select_related("framework", "benchmark")
    assert sorted({result.framework.slug for result in smoke}) == ["django", "fastapi", "flask"]
    assert sorted({result.benchmark.slug for result in smoke}) == sorted(
        metric.slug for metric in METRICS
    )
    for result in smoke:
        assert result.median_value > 0
        assert result.low_value <= result.median_value <= result.high_value
        assert (result.runs, result.duration_seconds, result.concurrency) == (1, 1, 64)
        assert result.workers == (len(cpu_split()[0]) or cpu_count())
        assert result.framework_version
        assert result.python_version.count(".") == 2
        assert len(result.run_values) == 1
        assert result.withheld_reason  # one run is never published
        assert " cores" in result.hardware
        assert result.measured_on == timezone.localdate()
        assert "smoke run" in result.notes
    fastapi = smoke.filter(framework__slug="fastapi").first()
    assert fastapi.server.startswith("uvicorn ")
    assert "gthread" in smoke.filter(framework__slug="flask").first().server
    assert Framework.objects.get(slug="flask").benchmark_results.filter(runs=1).count() == 5


def test_record_links_the_release_it_measured(db):
    flask = FrameworkFactory(slug="flask", name="Flask")
    release = ReleaseFactory(framework=flask, version="3.1.3")
    results = record([_measurement("flask", "json", [1, 2, 3])], OPTIONS, ENVIRONMENT)
    assert {result.release for result in results} == {release}
    assert results[0].source.kind == Source.Kind.MEASUREMENT
    assert not ReleaseProposal.objects.exists()


def test_record_proposes_a_version_no_release_records_and_accepting_links_it(db):
    flask = FrameworkFactory(slug="flask", name="Flask")
    ReleaseFactory(framework=flask, version="3.1.0")
    today = date(2026, 11, 25)
    results = record([_measurement("flask", "json", [1, 2, 3])], OPTIONS, ENVIRONMENT, today=today)
    assert results[0].release is None
    proposal = ReleaseProposal.objects.get()
    assert (proposal.version, proposal.origin, proposal.found_on) == ("3.1.3", "benchmark", today)
    record([_measurement("flask", "json", [4, 5, 6])], OPTIONS, ENVIRONMENT, today=today)
    assert ReleaseProposal.objects.count() == 1  # proposed once

    release = accept_proposal(proposal, reason="Accepted in a test")
    assert set(BenchmarkResult.objects.values_list("release", flat=True)) == {release.pk}
