"""A private Virtuoso Open Source instance for the ``store``-marked tests.

The fixture starts ``virtuoso-t`` on two free loopback ports with its own database folder,
waits (bounded) until ``/sparql`` answers, creates a user allowed to write through the
digest-authenticated Graph Store endpoint, lets anonymous clients write through the plain one,
and stops the server by its process id (and its process group) at the end of the session.

Without the ``virtuoso-opensource`` package the tests skip, except under ``CI=true`` where a
missing server is a failure: CI must exercise the real server (``.ci/run`` installs it).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SERVER = "virtuoso-t"
ISQL = "isql-vt"
VAD_DIR = "/usr/share/virtuoso-opensource-7/vad"
START_TIMEOUT = 60.0  # seconds; a new database answers in about 4-5 s
STOP_TIMEOUT = 20.0
USER, PASSWORD = "dkg", "dkg-secret"  # the writer the fixture creates (not the admin)
ADMIN, ADMIN_PASSWORD = "dba", "dba"  # a new database's admin


@dataclass(frozen=True)
class VirtuosoServer:
    """A running private Virtuoso: where to reach it and who may write."""

    base_url: str  # http://127.0.0.1:PORT
    sql_port: int
    folder: Path
    pid: int
    user: str = USER
    password: str = PASSWORD

    @property
    def sparql(self) -> str:
        """The SPARQL 1.1 Protocol endpoint."""
        return f"{self.base_url}/sparql"

    @property
    def graph_store(self) -> str:
        """The digest-authenticated Graph Store HTTP Protocol endpoint."""
        return f"{self.base_url}/sparql-graph-crud-auth"

    @property
    def anonymous_graph_store(self) -> str:
        """The Graph Store endpoint without authentication (needs the SPARQL grant)."""
        return f"{self.base_url}/sparql-graph-crud"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_ini(folder: Path, sql_port: int, http_port: int) -> Path:
    """A virtuoso.ini whose database, log and lock files all live in ``folder``."""
    ini = folder / "virtuoso.ini"
    ini.write_text(
        f"""[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {folder}, {VAD_DIR}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 4
MaxKeepAlives = 4
KeepAliveTimeout = 10

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
""",
        encoding="utf-8",
    )
    return ini


def answers(url: str) -> bool:
    """True when ``url`` answers an ASK query with HTTP 200."""
    try:
        with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def wait_until_answers(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll ``url`` until it answers; fail with the log's end if the server dies or hangs."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with {process.returncode}: {_tail(log)}")
        if answers(url):
            return
        time.sleep(0.25)
    raise RuntimeError(f"virtuoso-t did not answer within {START_TIMEOUT:g} s: {_tail(log)}")


def _tail(log: Path) -> str:
    """The last lines of a log file, on one line."""
    if not log.is_file():
        return "(no log)"
    return " | ".join(log.read_text(errors="replace").splitlines()[-5:])


def isql(sql_port: int, statements: str) -> None:
    """Run SQL statements as the admin through isql-vt; raise when one fails."""
    done = subprocess.run(
        [ISQL, f"127.0.0.1:{sql_port}", ADMIN, ADMIN_PASSWORD, f"exec={statements}"],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
        raise RuntimeError(f"isql-vt failed: {done.stdout.strip()} {done.stderr.strip()}")


def grant_writers(sql_port: int) -> None:
    """Create the writing user and let anonymous clients use the plain Graph Store endpoint."""
    isql(
        sql_port,
        f"DB.DBA.USER_CREATE('{USER}', '{PASSWORD}'); "
        f'GRANT SPARQL_UPDATE TO "{USER}"; '
        'GRANT SPARQL_UPDATE TO "SPARQL";',
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server by its pid and process group: TERM, then KILL after a bound."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=STOP_TIMEOUT)
    try:
        os.killpg(process.pid, signal.SIGKILL)  # any child left in the group
    except ProcessLookupError:
        pass


def _missing(reason: str) -> None:
    """Skip on a developer machine; fail in CI, which must run the real server."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """A private Virtuoso instance for this test session."""
    if shutil.which(SERVER) is None or shutil.which(ISQL) is None:
        _missing("virtuoso-t / isql-vt not installed (apt-get install virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = write_ini(folder, sql_port, http_port)
    with (folder / "stdout.log").open("wb") as out:
        process = subprocess.Popen(
            [SERVER, "+foreground", "+configfile", str(ini)],
            cwd=folder, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        base_url = f"http://127.0.0.1:{http_port}"
        wait_until_answers(f"{base_url}/sparql", process, folder / "virtuoso.log")
        grant_writers(sql_port)
        yield VirtuosoServer(base_url=base_url, sql_port=sql_port, folder=folder, pid=process.pid)
    finally:
        stop(process)
