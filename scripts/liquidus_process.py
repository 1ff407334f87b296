"""`liquidus serve` processes on loopback for the fault scripts (failover-test.py,
shard-fault-test.py): start one and wait until it answers, signal it by its id, read its cluster
status and state, send it a request."""
import http.client, json, os, signal, subprocess, time


def request(port, method, path, body=None, timeout=0.5, key=None, token=None):
    """(status, headers, body) or None when the server refuses the connection or stays silent."""
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if key is not None:
            headers["Idempotency-Key"] = key
        if body is not None:
            headers["Content-Type"] = "application/json"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data
    except (OSError, http.client.HTTPException):
        return None


class Server:
    """One `liquidus serve` process the script starts, signals and stops by its id."""

    def __init__(self, port, log_path, token):
        self.port, self.log_path, self.token = port, log_path, token
        self.proc = None

    def spawn(self, arguments, name):
        """Starts `arguments` (its output appended to the log) and waits up to 60 s until it answers."""
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(arguments, stdout=log, stderr=log)
        deadline = time.time() + 60
        while time.time() < deadline:
            if request(self.port, "GET", "/healthz", timeout=1) is not None:
                return
            time.sleep(0.05)
        raise RuntimeError(f"{name} did not start")

    def signal(self, number):
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, number)   # a process this script started, by its id
            if number == signal.SIGKILL:
                self.proc.wait()

    def status(self, timeout=0.5):
        answer = request(self.port, "GET", "/v1/cluster", timeout=timeout, token=self.token)
        return json.loads(answer[2]) if answer and answer[0] == 200 else None

    def state(self):
        answer = request(self.port, "GET", "/v1/state", timeout=10, token=self.token)
        return json.loads(answer[2]) if answer and answer[0] == 200 else None


def psql(postgres, sql):
    """The rows of `sql` (tab-separated, unaligned) through psql, PostgreSQL's client."""
    return subprocess.run(["psql", postgres, "-AtX", "-F", "\t", "-c", sql], check=True, capture_output=True, text=True).stdout


def stop(servers, postgres, schemas):
    """Kills `servers` (resumed first if stopped) and drops `schemas`, as far as each goes."""
    for server in servers:
        server.signal(signal.SIGCONT)
        server.signal(signal.SIGKILL)
    for schema in schemas:
        try:
            psql(postgres, f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        except Exception:
            pass


def parser(description):
    """An argument parser with `--binary` (the liquidus executable) and `--postgres` (the database's URL)."""
    import argparse
    parsed = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parsed.add_argument("--binary", default=".build/release/liquidus")
    parsed.add_argument("--postgres", default=os.environ.get("LIQUIDUS_TEST_POSTGRES_URL", "postgres://liquidus:liquidus@127.0.0.1:55432/liquidus"))
    return parsed
