"""Reliability as a hostile user sees it: kills mid-build, requests nobody asked for, runaway
queries, exit codes, one-line messages, memory across builds, concurrent builds and loads."""

from __future__ import annotations

import fcntl
import gc
import http.server
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph

from defectorkg import build, cli, files
from defectorkg.cli import main
from defectorkg.errors import OutputError, QueryError
from defectorkg.files import OutputSet
from defectorkg.sparql import query as q
from defectorkg.sparql import store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "graphs" / "sample.ttl"
DKG = [sys.executable, "-m", "defectorkg"]
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }\n"


def temp_files(folder: Path) -> list[str]:
    """The hidden files of ``folder``: every temporary name we stage begins with a dot."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def one_line(output: str) -> str:
    """The only line of ``output`` (fails when there are more)."""
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    return lines[0]


# ---------------------------------------------------------------------------------------
# 1. Temporary files: killed builds, failed writes, the next build
# ---------------------------------------------------------------------------------------


def _start_build(out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*DKG, "build", "--out", str(out), "--quiet"], cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def _kill_when_staged(out: Path, sig: signal.Signals, staged: int) -> tuple[int, str]:
    """Start a build, send ``sig`` once it has staged ``staged`` new temporary files."""
    before = set(temp_files(out)) if out.exists() else set()
    build_process = _start_build(out)
    try:
        deadline = time.monotonic() + 300
        while build_process.poll() is None and time.monotonic() < deadline:
            if out.exists() and len(set(temp_files(out)) - before) >= staged:
                break
            time.sleep(0.002)
        assert build_process.poll() is None, "the build ended before it staged its files"
        build_process.send_signal(sig)
        _, err = build_process.communicate(timeout=120)
    finally:
        if build_process.poll() is None:
            build_process.kill()
            build_process.wait()
    return build_process.returncode, err.decode()


@pytest.mark.slow
def test_killed_builds_leave_no_temp_files_after_the_next_build(tmp_path):
    """kill -9 at two points leaves the staged files (nothing can catch it); SIGTERM and Ctrl-C
    remove their own and exit 143/130 with one line; the next build sweeps what -9 left."""
    out = tmp_path / "out"
    code, _ = _kill_when_staged(out, signal.SIGKILL, 1)
    assert code == -signal.SIGKILL and len(temp_files(out)) >= 1
    code, _ = _kill_when_staged(out, signal.SIGKILL, 6)
    assert code == -signal.SIGKILL
    left_by_kills = temp_files(out)
    assert len(left_by_kills) >= 6  # the second build swept the first one's, then staged its own
    code, err = _kill_when_staged(out, signal.SIGTERM, 3)
    assert code == 143 and one_line(err) == "defectorkg: terminated (SIGTERM); nothing was left half-written"
    assert temp_files(out) == []  # it swept the stale files on taking the folder, then its own
    code, err = _kill_when_staged(out, signal.SIGINT, 2)
    assert code == 130 and one_line(err) == "defectorkg: interrupted; nothing was left half-written"
    assert temp_files(out) == []
    # kill -9 once more, then a build that runs to the end
    _kill_when_staged(out, signal.SIGKILL, 4)
    assert temp_files(out)
    finished = subprocess.run([*DKG, "build", "--out", str(out), "--quiet"], cwd=ROOT, capture_output=True)
    assert finished.returncode == 0
    assert temp_files(out) == []
    assert (out / "defectors.ttl").stat().st_size > 100_000


_FULL_DISK = """
import resource, signal, sys
from pathlib import Path
from defectorkg.errors import OutputError
from defectorkg.files import OutputSet
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
outputs = OutputSet(Path(sys.argv[1]))
outputs.add("first.ttl", "complete\\n")
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
try:
    outputs.add("second.ttl", "x" * 100_000)
except OutputError as exc:
    print(exc)
"""


def test_a_failed_write_removes_its_own_partial_file(tmp_path):
    """A write that fails midway (the disk full; here a file size limit) leaves neither its
    partial file nor the files staged before it."""
    done = subprocess.run(
        [sys.executable, "-c", _FULL_DISK, str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert done.stdout.strip() == f"{tmp_path / 'second.ttl'}: cannot write (File too large)", done.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_next_build_sweeps_stale_temp_files_of_its_own_pattern(tmp_path):
    """Temp files of a dead process and of earlier versions go; this process's own staged
    files and anyone else's dotfiles stay."""
    stale = [
        ".defectors.ttl.999999999-0badc0de.tmp",  # this version's name, a process long gone
        ".timeline.png.999999999-0badc0de.tmp.png",
        ".defectors.nt.k2_9xq0a.tmp",  # tempfile.mkstemp names of earlier versions
        ".relationships.png.abcd1234.png",
    ]
    kept = [".gitignore", ".notes.txt", ".cache.tmp"]
    for name in stale + kept + ["build-report.json"]:
        (tmp_path / name).write_text("x")
    mine = OutputSet(tmp_path)
    mine.add("a.txt", "a")
    own_temp = temp_files(tmp_path)
    other = OutputSet(tmp_path)  # a second set of this process: shares the lock, keeps `mine`
    other.add("b.txt", "b")
    assert set(temp_files(tmp_path)) >= set(own_temp)
    assert not set(stale) & set(temp_files(tmp_path))
    mine.commit()
    other.commit()
    assert temp_files(tmp_path) == sorted(kept)
    assert (tmp_path / "a.txt").read_text() == "a" and (tmp_path / "b.txt").read_text() == "b"


def test_names_of_earlier_versions_are_swept_only_in_a_build_folder(tmp_path):
    """Where no build has written (a folder a drawing is saved to), files that merely look like
    an earlier version's temp names stay; this version's own stale names go."""
    lookalike = ".draft.txt.k2_9xq0a.tmp"
    dead = ".hwang.svg.999999999-0badc0de.tmp.svg"
    for name in (lookalike, dead):
        (tmp_path / name).write_text("x")
    files.write_atomic(tmp_path / "hwang.svg", "<svg/>")
    assert temp_files(tmp_path) == [lookalike]


# ---------------------------------------------------------------------------------------
# 9. Two builds into one folder
# ---------------------------------------------------------------------------------------


@pytest.fixture()
def held_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder locked as another build holds it while writing (a separate open file)."""
    folder = tmp_path / "out"
    folder.mkdir()
    fd = os.open(folder, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield folder
    finally:
        os.close(fd)


def test_a_second_build_into_a_locked_folder_waits_then_fails_with_one_line(held_folder, monkeypatch):
    """While another process writes into --out, a build waits LOCK_WAIT seconds, then exit 2
    with one line; it writes nothing into the folder."""
    monkeypatch.setattr(files, "LOCK_WAIT", 0.5)
    result = CliRunner().invoke(main, ["build", "--out", str(held_folder), "--no-draw", "--quiet"])
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert re.fullmatch(
        rf"defectorkg: error: {re.escape(str(held_folder))}: another defectorkg process is writing "
        r"into this folder \(it holds the lock on the folder\); waited 0.5 s, try again when it has finished",
        line,
    ), line
    assert list(held_folder.iterdir()) == []


def test_a_second_build_waits_for_the_first_to_finish(tmp_path):
    """When the first writer lets go within LOCK_WAIT, the second one writes its files."""
    folder = tmp_path / "out"
    folder.mkdir()
    fd = os.open(folder, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    threading.Timer(0.3, os.close, args=(fd,)).start()
    started = time.monotonic()
    outputs = OutputSet(folder)
    outputs.add("a.txt", "a")
    assert time.monotonic() - started >= 0.25
    outputs.commit()
    assert [p.name for p in folder.iterdir()] == ["a.txt"]


# ---------------------------------------------------------------------------------------
# 2. SERVICE: no request the user did not ask for
# ---------------------------------------------------------------------------------------


class Listener:
    """A loopback HTTP server on a free port that records every request it gets."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.paths.append(self.path)
                self.send_response(500)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = do_GET

            def log_message(self, *args: object) -> None:
                """Quiet."""

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    """A Listener, closed by the test."""
    running = Listener()
    try:
        yield running
    finally:
        running.close()


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample graph in an Oxigraph store folder."""
    folder = tmp_path_factory.mktemp("store") / "store"
    store.load_into_store(SAMPLE, folder)
    return folder


def test_service_is_refused_unless_allowed(listener, sample_store, tmp_path):
    """A query file with SERVICE reaches no host from --graph or --store: exit 2, one line
    naming the IRI; with --allow-service the request goes out, and its failure is one line too."""
    rq = tmp_path / "federated.rq"
    rq.write_text(f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }} }}\n")
    runner = CliRunner()
    for target in (["--graph", str(SAMPLE)], ["--store", str(sample_store)]):
        result = runner.invoke(main, ["query", str(rq), *target])
        assert result.exit_code == 2
        assert one_line(result.stderr) == (
            f"defectorkg: error: {rq}: the query sends requests to <{listener.url}> (SERVICE); "
            "refused unless you pass --allow-service"
        )
    assert listener.paths == []
    with pytest.raises(QueryError, match="SERVICE"):
        q.run(rq.read_text(), q.GraphTarget(Graph().parse(SAMPLE)))
    assert listener.paths == []
    allowed = runner.invoke(main, ["query", str(rq), "--graph", str(SAMPLE), "--allow-service"])
    assert listener.paths == ["/sparql"]
    assert allowed.exit_code == 2
    assert one_line(allowed.stderr).startswith("defectorkg: error: federated: Oxigraph cannot run the query (")


def test_service_found_anywhere_in_the_query():
    """SERVICE inside EXISTS, UNION or a subquery is found as well; none in a plain query."""
    nested = (
        "SELECT ?s WHERE { { ?s ?p ?o } UNION { SELECT ?s WHERE { SERVICE <http://a.example/q> { ?s ?p ?o } } }"
        " FILTER EXISTS { SERVICE SILENT <http://b.example/q> { ?s ?p ?o } } }"
    )
    assert q.service_iris(q.parse_query(nested)) == ["http://a.example/q", "http://b.example/q"]
    assert q.service_iris(q.load_query("routes")) == []


# ---------------------------------------------------------------------------------------
# 3. Time limits on local queries
# ---------------------------------------------------------------------------------------


def test_a_runaway_query_is_stopped_after_the_timeout(sample_store, tmp_path):
    """A cartesian product on --graph and --store with --timeout 2 ends with exit 2 and one
    line well before it could finish (the bound is generous: this is not a timing test)."""
    rq = tmp_path / "cartesian.rq"
    rq.write_text(CARTESIAN)
    for target in (["--graph", str(SAMPLE)], ["--store", str(sample_store)]):
        started = time.monotonic()
        result = subprocess.run(
            [*DKG, "query", str(rq), *target, "--timeout", "2"], cwd=ROOT, capture_output=True, text=True,
            timeout=120,
        )  # fmt: skip
        assert result.returncode == 2
        assert one_line(result.stderr) == (
            "defectorkg: error: cartesian: the query did not finish within 2 s and was stopped (raise --timeout)"
        )
        assert time.monotonic() - started < 60


def test_library_timeout_on_an_rdflib_graph():
    """run() bounds an rdflib Graph too, and a query within the limit gives its rows."""
    graph = Graph().parse(SAMPLE)
    with pytest.raises(QueryError, match="did not finish within 1 s"):
        q.run(CARTESIAN, q.GraphTarget(graph), timeout=1)
    assert len(q.run("routes", q.GraphTarget(graph), timeout=60).rows) == len(q.run("routes", q.GraphTarget(SAMPLE)).rows) > 0


def test_timeout_is_documented_for_local_queries():
    """`query --help` says --timeout applies to graphs and stores, with both defaults."""
    text = " ".join(CliRunner().invoke(main, ["query", "--help"]).output.split())
    assert "a query on a graph file or store is stopped after this long (default 300)" in text
    assert "(default 30)" in text and "--allow-service" in text


# ---------------------------------------------------------------------------------------
# 5. and 6. Exit codes, one line per failure
# ---------------------------------------------------------------------------------------


def test_internal_errors_exit_3_with_a_debug_hint(monkeypatch):
    """An unexpected exception is exit 3 and one line pointing at --debug; --debug adds the
    traceback; out of memory says so."""
    import defectorkg.views as graphview

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(graphview, "read_graph_file", broken)
    runner = CliRunner()
    result = runner.invoke(main, ["stats", "--graph", str(SAMPLE)])
    assert result.exit_code == 3
    assert one_line(result.stderr) == (
        "defectorkg: internal error: ZeroDivisionError: division by zero (a bug or a resource limit, "
        "not your input; rerun with `defectorkg --debug ...` for the traceback)"
    )
    debug = runner.invoke(main, ["--debug", "stats", "--graph", str(SAMPLE)])
    assert debug.exit_code == 3
    assert "Traceback (most recent call last)" in debug.stderr and "ZeroDivisionError" in debug.stderr

    def no_memory(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(graphview, "read_graph_file", no_memory)
    result = runner.invoke(main, ["stats", "--graph", str(SAMPLE)])
    assert result.exit_code == 3 and "internal error: out of memory" in one_line(result.stderr)


def test_ctrl_c_exits_130_with_one_line(monkeypatch):
    """Ctrl-C is 130 and one line, not click's "Aborted!" with exit 1."""
    import defectorkg.views as graphview

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(graphview, "read_graph_file", interrupted)
    result = CliRunner().invoke(main, ["stats", "--graph", str(SAMPLE)])
    assert result.exit_code == 130
    assert one_line(result.stderr) == "defectorkg: interrupted; nothing was left half-written"


def test_usage_errors_are_one_line_with_a_pointer_to_help(tmp_path):
    """--out naming a file, an unknown command, a missing argument: one line, exit 2."""
    a_file = tmp_path / "afile"
    a_file.write_text("x")
    runner = CliRunner()
    result = runner.invoke(main, ["build", "--out", str(a_file)], prog_name="defectorkg")
    assert result.exit_code == 2
    assert one_line(result.stderr) == (
        f"defectorkg: error: Invalid value for '--out': Directory '{a_file}' is a file. "
        "(see `defectorkg build --help`)"
    )
    result = runner.invoke(main, ["buidl"], prog_name="defectorkg")
    assert result.exit_code == 2
    # click adds its suggestion from 8.2.1 on; the line is one line either way
    assert re.fullmatch(
        r"defectorkg: error: No such command 'buidl'\.( Did you mean 'build'\?)? \(see `defectorkg --help`\)",
        one_line(result.stderr),
    )
    result = runner.invoke(main, ["validate"], prog_name="defectorkg")
    assert result.exit_code == 2 and one_line(result.stderr).endswith("(see `defectorkg validate --help`)")


def test_an_unreadable_path_click_checks_is_one_line(tmp_path, monkeypatch):
    """A --shapes folder the user may not read (simulated: the tests may run as root) is one
    line, like every usage error click finds."""
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda path, mode, **kw: os.fsdecode(path) != str(shapes) and real_access(path, mode, **kw)
    )
    result = CliRunner().invoke(main, ["build", "--shapes", str(shapes)], prog_name="defectorkg")
    assert result.exit_code == 2
    assert one_line(result.stderr) == (
        f"defectorkg: error: Invalid value for '--shapes': Directory '{shapes}' is not readable. "
        "(see `defectorkg build --help`)"
    )


def test_an_ill_typed_param_literal_is_one_line_exit_2():
    """`arrived="1997-13"^^xsd:date` is refused in one line, not rdflib's traceback and exit 0."""
    value = '"1997-13"^^<http://www.w3.org/2001/XMLSchema#date>'
    result = CliRunner().invoke(main, ["query", "defectors", "--graph", str(SAMPLE), "--param", f"arrived={value}"])
    assert result.exit_code == 2
    assert one_line(result.stderr) == (
        f"defectorkg: error: parameter value {value!r}: '1997-13' is not a valid "
        "<http://www.w3.org/2001/XMLSchema#date>"
    )


def test_library_log_warnings_are_one_line(monkeypatch):
    """A library's logged warning with a traceback is printed as one line, without it."""
    import defectorkg.views as graphview

    real = graphview.read_graph_file

    def chatty(*args: object, **kwargs: object) -> object:
        try:
            int("x")
        except ValueError:
            logging.getLogger("rdflib.term").warning("Failed to convert\nsecond line", exc_info=True)
        return real(*args, **kwargs)

    monkeypatch.setattr(graphview, "read_graph_file", chatty)
    result = CliRunner().invoke(main, ["stats", "--graph", str(SAMPLE), "--format", "json"])
    assert result.exit_code == 0
    assert one_line(result.stderr) == "defectorkg: warning: Failed to convert"


def test_the_readme_lists_every_exit_code():
    """Every code the CLI uses is a row of the README's exit-code table."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Exit codes", 1)[1].split("\n\n", 2)[1]
    rows = {int(m) for m in re.findall(r"^\| (\d+) \|", table, flags=re.M)}
    codes = {0, 1, 2, cli.EXIT_INTERNAL, cli.EXIT_INTERRUPTED, cli.EXIT_BROKEN_PIPE, cli.EXIT_TERMINATED}
    assert rows == codes


# ---------------------------------------------------------------------------------------
# 7. Memory across builds in one process
# ---------------------------------------------------------------------------------------


def _rss_mib() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs /proc")
def test_twenty_builds_in_one_process_keep_memory_bounded(tmp_path):
    """build() leaves the collector as it found it (nothing frozen, still enabled), so 20
    builds of the bundled article grow the process by a few MiB, not 4.7 MiB each."""
    gc.unfreeze()  # whatever earlier tests froze (a build no longer does)
    assert gc.isenabled()
    sizes = []
    for _ in range(20):
        build(None, tmp_path / "out", draw=False)
        assert gc.get_freeze_count() == 0 and gc.isenabled()
        gc.collect()
        sizes.append(_rss_mib())
    growth = sizes[-1] - sizes[4]  # after the caches (gazetteers, shapes, parsers) are warm
    assert growth < 25, sizes  # was 71 MiB over these 15 builds


def test_a_callers_frozen_objects_stay_as_they_were(tmp_path):
    """A caller that froze its own objects finds exactly those frozen after a build."""
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        build(None, None, draw=False)
        assert gc.get_freeze_count() <= frozen  # none added (refcounting may free a frozen one)
    finally:
        gc.unfreeze()


# ---------------------------------------------------------------------------------------
# 9. Concurrent loads into one store
# ---------------------------------------------------------------------------------------

_LOAD = """
import sys
from pathlib import Path
from defectorkg.sparql.store import load_into_store
from defectorkg.errors import StoreError
try:
    load_into_store(Path(sys.argv[1]), Path(sys.argv[2]))
    print("loaded")
except StoreError as exc:
    print(exc)
"""


def test_two_loads_into_a_new_store_name_the_lock(tmp_path):
    """Two loads racing to create one store: each either loads or names the lock, never
    "not an Oxigraph store"."""
    answers = []
    for attempt in range(3):
        folder = tmp_path / f"store-{attempt}"
        procs = [
            subprocess.Popen([sys.executable, "-c", _LOAD, str(SAMPLE), str(folder)], stdout=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        answers += [p.communicate(timeout=120)[0].strip() for p in procs]
    assert "loaded" in answers
    for answer in answers:
        assert answer == "loaded" or re.fullmatch(
            r".*store-\d: the store is in use by another process \(it holds the lock file .*/LOCK\); "
            r"try again when that process has finished",
            answer,
        ), answer


def _graph_file(path: Path, graph: str, value: str, size: int) -> Path:
    g = ox.NamedNode(graph)
    quads = [
        ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://example.org/v"), ox.Literal(value), g)
        for i in range(size)
    ]
    path.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    return path


def test_a_replaced_graph_is_never_seen_half_replaced(tmp_path):
    """Loading a new version of a graph replaces it in one transaction: a reader opening the
    store meanwhile counts the old quads or the new ones, never a mix or a gap."""
    size = 3000
    folder = tmp_path / "store"
    graph = "http://example.org/graph/a"
    store.load_into_store(_graph_file(tmp_path / "other.nq", "http://example.org/graph/b", "b", 10), folder)
    store.load_into_store(_graph_file(tmp_path / "v0.nq", graph, "v0", size), folder)
    versions = [_graph_file(tmp_path / f"v{i}.nq", graph, f"v{i}", size) for i in (1, 2, 3)]
    reader = subprocess.Popen(
        [sys.executable, "-c", _READER, str(folder), graph], stdout=subprocess.PIPE, stdin=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        for version in versions:
            store.load_into_store(version, folder)
    finally:
        seen, _ = reader.communicate("stop\n", timeout=120)
    counts = [line for line in seen.split() if line]
    assert counts, "the reader saw nothing"
    assert set(counts) <= {f"{size}:1"}, sorted(set(counts))


_READER = """
import select, sys
import pyoxigraph as ox
folder, graph = sys.argv[1], ox.NamedNode(sys.argv[2])
while not select.select([sys.stdin], [], [], 0)[0]:
    try:
        opened = ox.Store.read_only(folder)
    except OSError:
        continue
    values = {q.object.value for q in opened.quads_for_pattern(None, None, None, graph)}
    count = sum(1 for _ in opened.quads_for_pattern(None, None, None, graph))
    print(f"{count}:{len(values)}", flush=True)
"""


def test_deprecation_notices_of_libraries_are_not_shown(monkeypatch):
    """A library's DeprecationWarning (pyparsing's to rdflib) is for its developers: not printed;
    any other warning is one line."""
    import warnings

    import defectorkg.views as graphview

    real = graphview.read_graph_file

    def noisy(*args: object, **kwargs: object) -> object:
        warnings.warn("'parseString' deprecated - use 'parse_string'", DeprecationWarning, stacklevel=1)
        warnings.warn("a literal could not be converted", UserWarning, stacklevel=1)
        return real(*args, **kwargs)

    monkeypatch.setattr(graphview, "read_graph_file", noisy)
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        result = CliRunner().invoke(main, ["stats", "--graph", str(SAMPLE), "--format", "json"])
    assert result.exit_code == 0
    assert one_line(result.stderr) == "defectorkg: warning: a literal could not be converted"
