#!/usr/bin/env python3
"""Recovery time of a `liquidus serve` store: from the latest snapshot versus a full replay.

    swift build -c release --product liquidus
    python3 scripts/recovery-time.py --binary .build/release/liquidus --accounts 50000 --commands 100000

Builds a store of exactly `--commands` commands: `--accounts` accounts (scripts/populate.py), then
single-market mark ticks (a random walk around 30,000 with dips, so liquidations happen) in
batches of 1,000, as fast as the server takes them or at `--rate` ticks per second; the server takes a snapshot every `--snapshot-interval` commands and is then
SIGKILLed (no snapshot at shutdown, so the tail after the latest snapshot is as long as it gets
for where the run ends). Then `liquidus replay` recovers the store both ways, and the server is
restarted on it and timed until it answers. Prints one JSON object. Loopback only; stops the
processes it started, by their ids.
"""
import argparse, http.client, json, os, random, signal, subprocess, sys, tempfile, time

TOKEN = "recovery-time-write-token-01"


def call(port, method, path, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    c.request(method, path, json.dumps(body) if body is not None else None, {"Authorization": "Bearer " + TOKEN})
    r = c.getresponse()
    data = r.read()
    if r.status != 200:
        sys.exit("recovery-time.py: %s %s → %d %s" % (method, path, r.status, data[:300]))
    return json.loads(data)


def wait_up(port, deadline=600):
    start = time.time()
    while time.time() - start < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return time.time() - start
        except OSError:
            time.sleep(0.01)
    sys.exit("recovery-time.py: the server did not come up")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/liquidus")
    parser.add_argument("--accounts", type=int, default=50000)
    parser.add_argument("--commands", type=int, default=100000)
    parser.add_argument("--snapshot-interval", type=int, default=10000)
    parser.add_argument("--port", type=int, default=18291)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rate", type=float, default=0, help="mark ticks per second after the accounts (0: as fast as the server takes them)")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="liquidus-recovery-")
    with open(os.path.join(work, "w.token"), "w") as f:
        f.write(TOKEN + "\n")
    db = os.path.join(work, "db.sqlite")
    command = [args.binary, "serve", "--db", db, "--port", str(args.port), "--token-file", os.path.join(work, "w.token"),
               "--insurance-fund", "1000000", "--snapshot-interval", str(args.snapshot_interval), "--log-level", "warning"]
    log = open(os.path.join(work, "server.log"), "ab")
    server = subprocess.Popen(command, stdout=log, stderr=log)
    try:
        wait_up(args.port)
        populate = subprocess.run(
            [sys.executable, os.path.join(os.path.dirname(__file__), "populate.py"), "--port", str(args.port), "--token", TOKEN,
             "--accounts", str(args.accounts), "--seed", str(args.seed)], check=True, capture_output=True, text=True)
        populated = json.loads(populate.stdout)
        rng = random.Random(args.seed)
        price, t = 30000.0, int(time.time())
        sequence = call(args.port, "GET", "/v1/state")["commandSequence"]
        began, sent = time.time(), 0
        while sequence < args.commands:
            if args.rate > 0:
                time.sleep(max(0.0, began + sent / args.rate - time.time()))
            ticks = []
            for _ in range(min(1000, args.commands - sequence)):
                price *= 1 + rng.gauss(0, 0.002) - (0.03 if rng.random() < 0.002 else 0)
                price = min(33000.0, max(27000.0, price))
                ticks.append({"markPrices": {"BTCUSDT": "%.1f" % price}, "time": str(t)})
            t += 1
            sequence = call(args.port, "POST", "/v1/marks", {"ticks": ticks})["lastCommand"]
            sent += len(ticks)
        state = call(args.port, "GET", "/v1/state")
    finally:
        if server.poll() is None:
            os.kill(server.pid, signal.SIGKILL)  # the server this script started, by its id
            server.wait()
    replay = subprocess.run([args.binary, "replay", "--db", db], capture_output=True, text=True)
    if replay.returncode != 0:
        sys.exit("recovery-time.py: replay failed: " + replay.stderr)
    verified = json.loads(replay.stdout)
    restarted = subprocess.Popen(command, stdout=log, stderr=log)
    try:
        startup = wait_up(args.port)
        after = call(args.port, "GET", "/v1/state")
    finally:
        restarted.send_signal(signal.SIGTERM)
        restarted.wait(timeout=120)
    print(json.dumps({
        "accounts": populated["accounts"], "commands": state["commandSequence"], "events": state["eventSequence"],
        "snapshotAt": verified["snapshotRestored"], "tailCommands": verified["replayedCommands"],
        "recoveryFromSnapshotSeconds": round(verified["recoverySeconds"], 3),
        "fullReplaySeconds": round(verified["fullReplay"]["seconds"], 3), "agree": verified["agree"],
        "serverStartSeconds": round(startup, 3), "stateHashBefore": state["stateHash"], "stateHashAfterRestart": after["stateHash"],
        "storeBytes": os.path.getsize(db) + (os.path.getsize(db + "-wal") if os.path.exists(db + "-wal") else 0),
    }))


if __name__ == "__main__":
    main()
