#!/usr/bin/env python3
"""Crash test for `liquidus serve`: SIGKILL the server at random moments while a client
streams mark updates (with liquidations happening), restart it, and check that every acknowledged
input is in the log exactly once and in order, and that the state hash equals a clean replay.

    swift build -c release --product liquidus
    python3 scripts/crash-test.py --binary .build/release/liquidus --marks 100000 --kills 12

Loopback only; bounded in requests and time; stops by itself. Prints a JSON summary; exit 1 on
any mismatch.
"""
import argparse, decimal, http.client, json, os, random, signal, sqlite3, subprocess, sys, tempfile, threading, time

WRITE, READ = "crash-test-write-token-0001", "crash-test-read-token-00001"


class Server:
    def __init__(self, binary, db, port, workdir):
        self.binary, self.db, self.port, self.workdir = binary, db, port, workdir
        self.proc = None
        self.starts = 0
        self.lock = threading.Lock()

    def start(self):
        with self.lock:
            log = open(os.path.join(self.workdir, "server.log"), "ab")
            self.proc = subprocess.Popen(
                [self.binary, "serve", "--db", self.db, "--port", str(self.port), "--token-file", os.path.join(self.workdir, "w.token"),
                 "--read-token-file", os.path.join(self.workdir, "r.token"), "--insurance-fund", "100000", "--log-level", "warning"],
                stdout=log, stderr=log)
            self.starts += 1
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("server did not come up")

    def kill(self):
        with self.lock:
            if self.proc and self.proc.poll() is None:
                os.kill(self.proc.pid, signal.SIGKILL)   # the process this script started, by its id
                self.proc.wait()

    def stop(self):
        with self.lock:
            if self.proc and self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
                self.proc.wait(timeout=60)


def operations(marks, batch, seed):
    """The client's inputs, deterministic: (method, path, body, number of commands)."""
    rng = random.Random(seed)
    ops, btc, eth, t, n, account = [], 30000.0, 2000.0, 1000, 0, 0
    ops.append(("POST", "/v1/marks", {"markPrices": {"BTCUSDT": "30000", "ETHUSDT": "2000"}, "time": str(t)}, 2))
    expected_marks = [(t, "BTCUSDT", "30000"), (t, "ETHUSDT", "2000")]
    n = 2
    while n < marks:
        if len(ops) % 5 == 1:
            # A leveraged account opened at the current mark: it is liquidated on a move of ~1-2 %.
            account += 1
            side = 1 if account % 2 else -1
            entry = f"{btc:.1f}"
            size = f"{side * rng.choice([0.2, 0.5, 1.0]):.3f}"
            wallet = f"{abs(float(size)) * btc * rng.uniform(0.012, 0.03):.2f}"
            ops.append(("PUT", f"/v1/accounts/acct-{account}", {
                "marginMode": "cross", "walletBalance": wallet, "positions": [{"market": "BTCUSDT", "size": size, "entryPrice": entry}],
                "time": str(t)}, 1))  # one setAccount command
        ticks = []
        for _ in range(batch):
            if n >= marks:
                break
            t += 1
            btc = min(max(btc * (1 + rng.gauss(0, 0.002)) + (30000 - btc) * 0.001, 1000), 100000)
            eth = min(max(eth * (1 + rng.gauss(0, 0.002)) + (2000 - eth) * 0.001, 100), 10000)
            b, e = f"{btc:.1f}", f"{eth:.2f}"
            if n % 2 == 0:
                ticks.append({"markPrices": {"BTCUSDT": b}, "time": str(t)})
                expected_marks.append((t, "BTCUSDT", b)); n += 1
            else:
                ticks.append({"markPrices": {"ETHUSDT": e}, "time": str(t)})
                expected_marks.append((t, "ETHUSDT", e)); n += 1
        ops.append(("POST", "/v1/marks", {"ticks": ticks}, len(ticks)))
    return ops, expected_marks


def send(port, method, path, body, key, token=WRITE):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    data = json.dumps(body).encode()
    c.request(method, path, body=data, headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Idempotency-Key": key})
    r = c.getresponse()
    return r.status, r.read(), r.getheader("Idempotent-Replayed")


def run(binary, ops, workdir, port, kill_at, server_name):
    db = os.path.join(workdir, f"{server_name}.sqlite")
    server = Server(binary, db, port, workdir)
    server.start()
    acks, replayed, kills, retries, latencies, events = 0, 0, 0, 0, [], 0
    kill_at = set(kill_at)
    for index, (method, path, body, _) in enumerate(ops):
        if index in kill_at:
            # Kill at a random moment while this request is in flight (or just before/after it).
            delay = random.uniform(0, 0.004)
            threading.Timer(delay, server.kill).start()
            kills += 1
        key = f"{server_name}-op-{index}"
        while True:
            try:
                start = time.perf_counter()
                status, payload, again = send(port, method, path, body, key)
                latencies.append(time.perf_counter() - start)
            except (OSError, http.client.HTTPException):
                retries += 1
                time.sleep(0.01)
                if server.proc.poll() is not None:
                    server.start()
                continue
            if status == 503:
                retries += 1; time.sleep(0.01); continue
            if status != 200:
                raise RuntimeError(f"op {index} {method} {path}: {status} {payload[:300]}")
            acks += 1
            replayed += 1 if again == "true" else 0
            events += len(json.loads(payload).get("events", []))
            break
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", "/v1/state", headers={"Authorization": f"Bearer {READ}"})
    state = json.loads(c.getresponse().read())
    server.stop()
    return {"db": db, "state": state, "acks": acks, "replayed": replayed, "kills": kills, "retries": retries, "starts": server.starts}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--binary", default=".build/release/liquidus")
    p.add_argument("--marks", type=int, default=100_000)
    p.add_argument("--batch", type=int, default=10)
    p.add_argument("--kills", type=int, default=12)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--port", type=int, default=18181)
    a = p.parse_args()
    random.seed(a.seed)
    workdir = tempfile.mkdtemp(prefix="liquidus-crash-")
    for name, token in (("w.token", WRITE), ("r.token", READ)):
        open(os.path.join(workdir, name), "w").write(token + "\n")
    ops, expected_marks = operations(a.marks, a.batch, a.seed)
    kill_at = sorted(random.sample(range(5, len(ops)), a.kills))
    started = time.time()
    crashed = run(a.binary, ops, workdir, a.port, kill_at, "crashed")
    crash_seconds = time.time() - started
    clean = run(a.binary, ops, workdir, a.port + 1, [], "clean")
    # Every acknowledged input is in the crashed store's log exactly once, in order.
    rows = sqlite3.connect(crashed["db"]).execute("SELECT sequence, input FROM command ORDER BY sequence").fetchall()
    logged_marks = [(int(json.loads(i)["time"]), json.loads(i)["market"], decimal.Decimal(json.loads(i)["price"])) for _, i in rows if json.loads(i)["type"] == "markPrice"]
    expected_commands = sum(op[3] for op in ops)
    replay = json.loads(subprocess.run([a.binary, "replay", "--db", crashed["db"]], capture_output=True, check=True, text=True).stdout)
    summary = {
        "operations": len(ops), "markUpdates": len(expected_marks), "kills": crashed["kills"], "serverStarts": crashed["starts"],
        "acknowledged": crashed["acks"], "acknowledgedOnRetryFromStore": crashed["replayed"], "retries": crashed["retries"],
        "commandsExpected": expected_commands, "commandsLogged": len(rows),
        "marksInLogMatchAcknowledged": logged_marks == [(t, m, decimal.Decimal(p)) for t, m, p in expected_marks],
        "events": crashed["state"]["eventSequence"], "cleanEvents": clean["state"]["eventSequence"],
        "stateHash": crashed["state"]["stateHash"], "cleanReplayStateHash": clean["state"]["stateHash"], "offlineReplayStateHash": replay["stateHash"],
        "offlineSnapshotRestoredAt": replay["snapshotRestored"], "offlineFullReplayAgrees": replay.get("agree"),
        "crashRunSeconds": round(crash_seconds, 1), "workdir": workdir,
    }
    ok = (summary["kills"] >= 10 and summary["acknowledged"] == len(ops) and summary["commandsLogged"] == expected_commands
          and summary["marksInLogMatchAcknowledged"] and summary["stateHash"] == summary["cleanReplayStateHash"] == summary["offlineReplayStateHash"]
          and summary["events"] == summary["cleanEvents"] and summary["events"] > 0 and summary["offlineFullReplayAgrees"] is True)
    summary["ok"] = ok
    print(json.dumps(summary, indent=2))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
