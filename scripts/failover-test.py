#!/usr/bin/env python3
"""Failover test for a cluster of `liquidus serve` processes on one PostgreSQL schema.

Starts MEMBERS servers (`--cluster`, loopback ports), loads them with writers that send mark
updates as clients would (to the member they believe leads, following 307 to the leader, moving on
when a member refuses, stays silent or answers 503; each write with an Idempotency-Key, so one
retried after its answer was lost is applied once), and ROUNDS times each:

  kill:  SIGKILL the leader; time from the signal to the first write a new leader accepts; start
         the killed member again (it rejoins as a standby);
  stop:  SIGSTOP the leader past its lease; time to the first write a new leader accepts; send a
         write straight to the stopped leader, SIGCONT it, and count it as a stale commit if it is
         accepted; the resumed member must step down and follow.

Stale commits (must be 0): commands of an older epoch after a newer one in the log, writes the
resumed leader accepted, and answers of the old leader that reached a client after the fault
naming a command that was not committed under its epoch before the new epoch's first command (an
answer the old leader had sent just before the fault is delivered after it: that is not stale).

After each round the load pauses, every member applies the log, and their state hashes are
compared with each other and with `liquidus replay` (snapshot recovery and a full replay from the
genesis). At the end every acknowledged write is looked up in the log (the command its answer
named must be that write) and the epochs along the log must never decrease.

    swift build -c release --product liquidus
    eval "$(bash .ci/postgres.sh)"
    python3 scripts/failover-test.py --binary .build/release/liquidus --rounds 10

Needs psql (PostgreSQL's client) to read the log. Loopback only; bounded in time; stops the
processes it started (by their ids) and drops its schema. Prints a summary; exit 1 on any lost
write, stale commit or hash mismatch.
"""
import json, os, random, signal, statistics, subprocess, sys, tempfile, threading, time, urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import liquidus_process

WRITE = "failover-test-write-token-01"


class Member(liquidus_process.Server):
    def __init__(self, index, args, workdir, schema, port):
        super().__init__(port, os.path.join(workdir, f"member-{index}.log"), WRITE)
        self.index, self.args, self.workdir, self.schema = index, args, workdir, schema
        self.address = f"http://127.0.0.1:{port}"

    def start(self):
        self.spawn(
            [self.args.binary, "serve", "--postgres", self.args.postgres, "--postgres-schema", self.schema, "--cluster", "failover",
             "--advertise", self.address, "--port", str(self.port), "--lease-seconds", str(self.args.lease),
             "--commits-in-flight", str(self.args.commits_in_flight),
             "--token-file", os.path.join(self.workdir, "w.token"), "--insurance-fund", "1000000", "--log-level", "notice"],
            f"member {self.index}")


def request(port, method, path, body=None, timeout=0.5, key=None):
    """(status, headers, body) or None when the member refuses the connection or stays silent."""
    return liquidus_process.request(port, method, path, body=body, timeout=timeout, key=key, token=WRITE)


class Load:
    """WRITERS threads sending one mark per request; every acknowledged write is recorded as
    (command sequence its answer named, price, member index, time)."""

    def __init__(self, members, writers):
        self.members, self.writers = members, writers
        self.by_port = {m.port: m.index for m in members}
        self.acknowledged, self.errors = [], []
        self.lock = threading.Lock()
        self.counter = 0
        self.running = threading.Event()
        self.stopping = False
        self.threads = [threading.Thread(target=self.run, args=(i,), daemon=True) for i in range(writers)]
        for t in self.threads:
            t.start()

    def next_write(self):
        """The next write's price and idempotency key (a retry after a failover is not applied twice)."""
        with self.lock:
            self.counter += 1
            return 29000 + self.counter % 2000, f"write-{self.counter}"

    def run(self, index):
        preferred = index % len(self.members)
        while not self.stopping:
            if not self.running.wait(timeout=0.1):
                continue
            price, key = self.next_write()
            body = json.dumps({"markPrices": {"BTCUSDT": str(price)}})
            member, deadline = preferred, time.time() + 30
            while time.time() < deadline and not self.stopping:
                answer = request(self.members[member].port, "POST", "/v1/marks", body=body, timeout=0.4, key=key)
                if answer and answer[0] == 200:
                    sequence = json.loads(answer[2])["lastCommand"]
                    with self.lock:
                        self.acknowledged.append((sequence, price, member, time.monotonic()))
                    preferred = member
                    break
                if answer and answer[0] == 307:
                    port = urllib.parse.urlsplit(answer[1]["location"]).port
                    member = self.by_port.get(port, member)
                    continue
                if answer and answer[0] not in (503,):
                    with self.lock:
                        self.errors.append(f"{answer[0]} {answer[2][:200]!r}")
                    break
                member = (member + 1) % len(self.members)
                time.sleep(0.01)

    def first_after(self, instant, excluding, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                later = [a for a in self.acknowledged if a[3] > instant and a[2] != excluding]
            if later:
                return min(later, key=lambda a: a[3])
            time.sleep(0.005)
        return None


def psql(args, sql):
    return liquidus_process.psql(args.postgres, sql)


def leader(members, exclude=None, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = []
        for m in members:
            if m is exclude:
                continue
            s = m.status()
            if s and s["role"] == "leader":
                found.append((s["epoch"], m))
        if found:
            return max(found, key=lambda f: f[0])[1]
        time.sleep(0.05)
    raise RuntimeError("no leader")


def settle(args, members, schema, load):
    """Pauses the load, waits until every member has applied the log, compares the state hashes
    with each other and with `liquidus replay`; resumes the load. The hashes compared."""
    load.running.clear()
    time.sleep(0.6)  # writes in flight finish
    head = int(psql(args, f"SELECT coalesce(max(sequence), 0) FROM {schema}.command").strip())
    deadline = time.time() + 60
    while time.time() < deadline:
        statuses = [m.status() for m in members]
        if all(s and s["appliedSequence"] == head for s in statuses):
            break
        time.sleep(0.05)
    else:
        raise RuntimeError(f"members did not apply the log to {head}: {[m.status() for m in members]}")
    hashes = {f"member-{m.index}": m.state()["stateHash"] for m in members}
    replay = subprocess.run([args.binary, "replay", "--postgres", args.postgres, "--postgres-schema", schema],
                            capture_output=True, text=True)
    report = json.loads(replay.stdout) if replay.stdout.strip().startswith("{") else {}
    hashes["replay (snapshot + tail)"] = report.get("stateHash", f"replay failed: {replay.stderr.strip()[:200]}")
    hashes["replay (from the genesis)"] = report.get("fullReplay", {}).get("stateHash", "no full replay")
    load.running.set()
    return head, hashes


def main():
    parser = liquidus_process.parser(__doc__)
    parser.add_argument("--members", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=10, help="rounds of each fault (kill, stop)")
    parser.add_argument("--lease", type=float, default=2.0, help="--lease-seconds of the members")
    parser.add_argument("--commits-in-flight", type=int, default=1, help="--commits-in-flight of the members")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--accounts", type=int, default=200, help="leveraged accounts imported first, so marks liquidate")
    parser.add_argument("--seed", type=int, default=20261219)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    workdir = tempfile.mkdtemp(prefix="liquidus-failover-")
    with open(os.path.join(workdir, "w.token"), "w") as f:
        f.write(WRITE)
    schema = f"failover_{os.getpid()}_{int(time.time())}"
    base = 19000 + rng.randrange(0, 2000)
    members = [Member(i, args, workdir, schema, base + i) for i in range(args.members)]
    summary = {"method": {"members": args.members, "lease": args.lease, "commitsInFlight": args.commits_in_flight, "writers": args.writers, "rounds": args.rounds, "schema": schema}}
    load = None
    try:
        for m in members:
            m.start()
        first = leader(members)
        request(first.port, "POST", "/v1/marks", json.dumps({"markPrices": {"BTCUSDT": "30000", "ETHUSDT": "2000"}}), timeout=10)
        for i in range(args.accounts):
            side = 1 if i % 2 else -1
            body = {"marginMode": "cross", "walletBalance": f"{rng.uniform(300, 900):.2f}",
                    "positions": [{"market": "BTCUSDT", "size": f"{side * 0.5:.3f}", "entryPrice": "30000"}]}
            answer = request(first.port, "PUT", f"/v1/accounts/acct-{i}", json.dumps(body), timeout=10)
            assert answer and answer[0] == 200, answer
        load = Load(members, args.writers)
        load.running.set()
        failovers = {"kill": [], "stop": []}
        probes_accepted, late, rounds, compared, mismatches = 0, [], [], 0, []
        for round_number in range(args.rounds * 2):
            fault = "kill" if round_number % 2 == 0 else "stop"
            time.sleep(1.5)
            old = leader(members)
            old_epoch = old.status()["epoch"]
            instant = time.monotonic()
            old.signal(signal.SIGKILL if fault == "kill" else signal.SIGSTOP)
            first_write = load.first_after(instant, excluding=old.index)
            if first_write is None:
                raise RuntimeError(f"round {round_number}: no write accepted after the {fault}")
            took = first_write[3] - instant
            failovers[fault].append(took)
            new = leader(members, exclude=old)
            new_epoch = new.status()["epoch"]
            if fault == "kill":
                old.start()
            else:
                time.sleep(0.3)
                probe = {}
                t = threading.Thread(target=lambda: probe.setdefault("answer", request(
                    old.port, "POST", "/v1/marks", json.dumps({"markPrices": {"BTCUSDT": "99999"}}), timeout=15)))
                t.start()
                time.sleep(0.2)
                old.signal(signal.SIGCONT)
                t.join()
                answer = probe.get("answer")
                if answer and answer[0] == 200:
                    probes_accepted += 1
            # Answers of the old leader that reached a client after the fault: each must name a
            # command its epoch committed before the new epoch's first one (checked at the end).
            with load.lock:
                late += [(a[0], old_epoch) for a in load.acknowledged if a[2] == old.index and a[3] > instant]
            head, hashes = settle(args, members, schema, load)
            compared += len(hashes)
            if len(set(hashes.values())) != 1:
                mismatches.append({"round": round_number, "hashes": hashes})
            rounds.append({"fault": fault, "failoverSeconds": round(took, 3), "epoch": [old_epoch, new_epoch], "head": head,
                           "hashesEqual": len(set(hashes.values())) == 1})
            print(json.dumps(rounds[-1]), flush=True)
        load.stopping = True
        load.running.set()
        for t in load.threads:
            t.join(timeout=40)
        head, hashes = settle(args, members, schema, load)
        compared += len(hashes)
        if len(set(hashes.values())) != 1:
            mismatches.append({"round": "end", "hashes": hashes})
        log, epoch_of, first_of_epoch = {}, {}, {}
        for line in psql(args, f"SELECT sequence, input, coalesce(epoch, 0) FROM {schema}.command ORDER BY sequence").splitlines():
            sequence, text, epoch = line.split("\t")
            log[int(sequence)] = json.loads(text)
            epoch_of[int(sequence)] = int(epoch)
            first_of_epoch.setdefault(int(epoch), int(sequence))
        epochs = [epoch_of[s] for s in sorted(epoch_of)]
        decreasing = sum(1 for a, b in zip(epochs, epochs[1:]) if b < a)

        def committed_while_current(sequence, epoch):
            newer = [first for e, first in first_of_epoch.items() if e > epoch]
            return epoch_of.get(sequence) == epoch and (not newer or sequence < min(newer))

        late_stale = sum(1 for sequence, epoch in late if not committed_while_current(sequence, epoch))
        stale = decreasing + probes_accepted + late_stale

        def price_of(entry):
            return entry.get("price") if entry.get("type") == "markPrice" and entry.get("market") == "BTCUSDT" else None

        found = sum(1 for (sequence, price, _, _) in load.acknowledged
                    if sequence in log and price_of(log[sequence]) is not None and float(price_of(log[sequence])) == float(price))
        claimed = len({a[0] for a in load.acknowledged})
        liquidations = int(psql(args, f"SELECT count(*) FROM {schema}.event").strip() or 0)

        def figures(values):
            return {"min": round(min(values), 3), "median": round(statistics.median(values), 3), "max": round(max(values), 3)} if values else None

        summary.update({
            "acknowledgedWrites": len(load.acknowledged), "writesFoundInLog": found, "distinctCommandsClaimed": claimed,
            "commandsInLog": head, "commandsBeyondTheAcknowledgedWrites": head - claimed - args.accounts - 1, "events": liquidations, "clientErrors": load.errors[:10],
            "failoverSeconds": {"kill": figures(failovers["kill"]), "stop": figures(failovers["stop"]),
                                "all": figures(failovers["kill"] + failovers["stop"])},
            "staleLeaderCommits": stale, "epochDecreases": decreasing, "resumedLeaderWritesAccepted": probes_accepted,
            "oldLeaderAnswersAfterTheFault": {"count": len(late), "committedUnderAnOutdatedEpoch": late_stale},
            "stateHashesCompared": compared, "stateHashMismatches": mismatches, "finalHashes": hashes,
        })
        print(json.dumps(summary, indent=2))
        ok = found == len(load.acknowledged) == claimed and stale == 0 and not mismatches and not load.errors
        return 0 if ok else 1
    finally:
        if load:
            load.stopping = True
        liquidus_process.stop(members, args.postgres, [schema])


if __name__ == "__main__":
    sys.exit(main())
