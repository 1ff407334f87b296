#!/usr/bin/env python3
"""Shard fault test: a seeded crash replayed through K shards on one PostgreSQL while one
shard's leader is killed.

Starts SHARDS shards of `liquidus serve` (`--shards K --shard I`), each a cluster of a leader and
STANDBYS standbys on its own schema of one PostgreSQL (loopback ports), all drawing on one shared
insurance fund (a schema of its own; --own-funds: a fund per shard). The requests come from the
simulator (`liquidus simulate --export-requests`): its generated population as
`PUT /v1/accounts/{id}` and the crash path as one `POST /v1/marks` a second. A sender per shard
replays them in order — second 0 (the start marks and the accounts open before the path) at once,
then paced at SPEED path-seconds per wall second: the accounts of its shard by
the map (FNV-1a 64 of the id, then the jump consistent hash — the server's `ShardMap`), every mark
to every shard. Each request carries an Idempotency-Key; a sender goes to the member it believes
leads, follows 307, moves on after 0.4 s of silence, a refused connection or 503, and retries the
same request until it is acknowledged.

At KILL_AT of the replay the leader of shard KILL_SHARD gets SIGKILL; a standby takes over, and
the killed member is started again as a standby once the new leader has accepted a write. The
senders are independent: a shard that is down holds back only its own requests.

Measured: the killed shard's failover (from the signal to its first acknowledged write) and how far
its replay fell behind the path; the other shards' marks acknowledged and liquidation events they
answered while it was down, and their own lag. Checked (exit 1 otherwise):
  - every acknowledged write is in its shard's log where its answer said (the commands its answer
    named are that request's inputs), and each request is in the log once (retries were not applied
    twice);
  - every member of each shard ends on the same state hash, equal to `liquidus replay` of the
    shard's log (snapshot recovery and a full replay from the genesis);
  - global conservation, exactly in units, from each shard's `money` (`GET /v1/state`): Σ over
    shards of (wallets + isolated margins + outside market's cash + unrecovered loss) + the shared
    fund's balance = Σ net deposits + the fund's initial balance (with --own-funds: + each shard's
    fund and initial fund), and Σ net deposits = the deposits the requests made.

    swift build -c release --product liquidus
    eval "$(bash .ci/postgres.sh)"
    python3 scripts/shard-fault-test.py --binary .build/release/liquidus

Needs psql (PostgreSQL's client) to read the logs. Loopback only; bounded in time; stops the
processes it started (by their ids) and drops its schemas. Prints a summary as JSON.
"""
import json, os, random, signal, statistics, subprocess, sys, tempfile, threading, time, urllib.parse
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import liquidus_process

WRITE = "shard-fault-test-write-token-1"
LIQUIDATIONS = ("partialLiquidation", "positionTakenOver")


def fnv1a64(data):
    value = 0xcbf29ce484222325
    for byte in data:
        value = ((value ^ byte) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return value


def jump(key, buckets):
    """Lamping and Veach's jump consistent hash (arXiv:1406.2294)."""
    b, j = -1, 0
    while j < buckets:
        b = j
        key = (key * 2862933555777941757 + 1) & 0xFFFFFFFFFFFFFFFF
        j = ((b + 1) << 31) // ((key >> 33) + 1)
    return b


def shard_of(account, count):
    """The account's shard: the server's `ShardMap`."""
    return jump(fnv1a64(account.encode("utf-8")), count)


def request(port, method, path, body=None, timeout=0.4, key=None):
    return liquidus_process.request(port, method, path, body=body, timeout=timeout, key=key, token=WRITE)


class Member(liquidus_process.Server):
    def __init__(self, shard, index, args, workdir, port):
        super().__init__(port, os.path.join(workdir, f"shard-{shard}-member-{index}.log"), WRITE)
        self.shard, self.index, self.args, self.workdir = shard, index, args, workdir
        self.schema = f"{args.schema_prefix}{shard}"
        self.address = f"http://127.0.0.1:{port}"

    def start(self):
        self.spawn(
            [self.args.binary, "serve", "--postgres", self.args.postgres, "--postgres-schema", self.schema,
             "--cluster", f"shard-{self.shard}", "--advertise", self.address, "--port", str(self.port),
             "--lease-seconds", str(self.args.lease), "--shards", str(self.args.shards), "--shard", str(self.shard),
             "--venue", self.args.venue, "--insurance-fund", self.args.insurance_fund, "--shared-fund-schema", self.args.fund_schema,
             "--token-file", os.path.join(self.workdir, "w.token"), "--log-level", "notice"],
            f"shard {self.shard} member {self.index}")


def leader(members, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = [(s["epoch"], m) for m in members for s in [m.status(timeout=1)] if s and s["role"] == "leader"]
        if found:
            return max(found, key=lambda f: f[0])[1]
        time.sleep(0.05)
    raise RuntimeError(f"no leader in shard {members[0].shard}")


class Sender(threading.Thread):
    """Replays one shard's requests in order, each retried (same Idempotency-Key) until
    acknowledged: second 0 (the start marks and the accounts open before the path) at once, then,
    once `go` is set, each request due at `start_at` + second ÷ speed. Records (request, answer,
    due, first sent, acknowledged)."""

    def __init__(self, shard, members, requests, speed):
        super().__init__(daemon=True)
        self.shard, self.members, self.requests, self.speed = shard, members, requests, speed
        self.by_port = {m.port: i for i, m in enumerate(members)}
        self.acknowledged, self.errors = [], []
        self.lock = threading.Lock()
        self.ready, self.go, self.start_at = threading.Event(), threading.Event(), None
        self.member = 0

    def run(self):
        for number, item in enumerate(self.requests):
            if item["second"] > 0 and not self.go.is_set():
                self.ready.set()
                self.go.wait()
            due = time.monotonic() if item["second"] == 0 else self.start_at + item["second"] / self.speed
            if due > time.monotonic():
                time.sleep(due - time.monotonic())
            if not self.send(number, item, due):
                return
        self.ready.set()

    def send(self, number, item, due):
        body, key = json.dumps(item["body"]), f"replay-{self.shard}-{number}"
        sent = time.monotonic()
        while time.monotonic() < sent + 120:
            answer = request(self.members[self.member].port, item["method"], item["path"], body=body, key=key)
            if answer and answer[0] == 200:
                with self.lock:
                    self.acknowledged.append((number, json.loads(answer[2]), due, sent, time.monotonic()))
                return True
            if answer and answer[0] == 307:
                self.member = self.by_port.get(urllib.parse.urlsplit(answer[1]["location"]).port, self.member)
                continue
            if answer and answer[0] != 503:
                self.errors.append(f"request {number} ({item['path']}): {answer[0]} {answer[2][:200]!r}")
                return False
            self.member = (self.member + 1) % len(self.members)
            time.sleep(0.01)
        self.errors.append(f"request {number} ({item['path']}) not acknowledged within 120 s")
        return False


def psql(args, sql):
    return liquidus_process.psql(args.postgres, sql)


def settle(args, members):
    """Waits until every member of the shard has applied its log; their hashes and `liquidus replay`'s, and the replay's report."""
    schema = members[0].schema
    head = int(psql(args, f"SELECT coalesce(max(sequence), 0) FROM {schema}.command").strip())
    deadline = time.time() + 60
    while time.time() < deadline:
        if all(s and s["appliedSequence"] == head for s in (m.status() for m in members)):
            break
        time.sleep(0.05)
    else:
        raise RuntimeError(f"shard {members[0].shard}: members did not apply the log to {head}")
    hashes = {f"member-{m.index}": m.state()["stateHash"] for m in members}
    replay = subprocess.run([args.binary, "replay", "--postgres", args.postgres, "--postgres-schema", schema], capture_output=True, text=True)
    report = json.loads(replay.stdout) if replay.stdout.strip().startswith("{") else {}
    hashes["replay (snapshot + tail)"] = report.get("stateHash", f"replay failed: {replay.stderr.strip()[:200]}")
    hashes["replay (from the genesis)"] = report.get("fullReplay", {}).get("stateHash", "no full replay")
    return head, hashes, report


def figures(values):
    return {"min": round(min(values), 3), "median": round(statistics.median(values), 3), "max": round(max(values), 3)} if values else None


def logged(args, schema):
    """The shard's log: sequence → input document."""
    log = {}
    for line in psql(args, f"SELECT sequence, input FROM {schema}.command ORDER BY sequence").splitlines():
        sequence, text = line.split("\t", 1)
        log[int(sequence)] = json.loads(text)
    return log


def matches(item, inputs):
    """Whether the logged `inputs` are the request `item`'s: its marks, or its account."""
    if item["path"] == "/v1/marks":
        marks = item["body"]["markPrices"]
        got = {i.get("market"): Decimal(i.get("price", "0")) for i in inputs if i.get("type") == "markPrice"}
        return len(inputs) == len(marks) and got == {m: Decimal(p) for m, p in marks.items()}
    account = item["path"].rsplit("/", 1)[1]
    return len(inputs) == 1 and inputs[0].get("type") == "setAccount" and inputs[0].get("id") == account


def main():
    parser = liquidus_process.parser(__doc__)
    parser.add_argument("--shards", type=int, default=3)
    parser.add_argument("--standbys", type=int, default=1, help="standbys per shard")
    parser.add_argument("--lease", type=float, default=2.0, help="--lease-seconds of the members")
    parser.add_argument("--accounts", type=int, default=600)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--from-hour", default="6.0333", help="where the window starts in the October 2025 scenario (6 = 21:00 UTC)")
    parser.add_argument("--minutes", type=float, default=10, help="the window's length")
    parser.add_argument("--speed", type=float, default=30, help="path seconds per wall second")
    parser.add_argument("--kill-shard", type=int, default=0)
    parser.add_argument("--kill-at", type=float, default=0.4, help="fraction of the replay's wall time")
    parser.add_argument("--venue", default="bybit", help="the preset the servers and the exported markets use")
    parser.add_argument("--insurance-fund", default="10000000", help="the shared fund's initial balance (with --own-funds: each shard's)")
    parser.add_argument("--own-funds", action="store_true", help="a fund per shard instead of one shared fund")
    args = parser.parse_args()
    args.schema_prefix = f"shardfault_{os.getpid()}_{int(time.time())}_"
    args.fund_schema = "none" if args.own_funds else f"{args.schema_prefix}fund"

    workdir = tempfile.mkdtemp(prefix="liquidus-shard-fault-")
    with open(os.path.join(workdir, "w.token"), "w") as f:
        f.write(WRITE)
    exported = os.path.join(workdir, "requests.jsonl")
    subprocess.run([args.binary, "simulate", "--markets", args.venue, "--accounts", str(args.accounts), "--seed", str(args.seed),
                    "--from-hour", args.from_hour, "--hours", str(args.minutes / 60), "--export-requests", exported, "--quiet"], check=True)
    requests = [json.loads(line) for line in open(exported)]
    per_shard = [[r for r in requests if r["account"] is None or shard_of(r["account"], args.shards) == s] for s in range(args.shards)]
    base = 21000 + random.Random(os.getpid()).randrange(0, 2000)
    shards = [[Member(s, i, args, workdir, base + s * 10 + i) for i in range(args.standbys + 1)] for s in range(args.shards)]
    summary = {"method": {"shards": args.shards, "membersPerShard": args.standbys + 1, "lease": args.lease, "accounts": args.accounts,
                          "seed": args.seed, "window": f"from hour {args.from_hour}, {args.minutes} min", "speed": args.speed,
                          "killShard": args.kill_shard, "killAt": args.kill_at,
                          "requestsPerShard": [len(r) for r in per_shard],
                          "accountsPerShard": [sum(1 for r in rs if r["account"]) for rs in per_shard]}}
    senders = []
    try:
        for members in shards:
            for m in members:
                m.start()
        for members in shards:
            leader(members)
        senders = [Sender(s, shards[s], per_shard[s], args.speed) for s in range(args.shards)]
        for sender in senders:
            sender.start()
        for sender in senders:   # the accounts open before the path, on every shard
            sender.ready.wait()
        start = time.monotonic() + 0.2
        for sender in senders:
            sender.start_at = start
            sender.go.set()
        duration = requests[-1]["second"] / args.speed
        time.sleep(max(0.0, start + args.kill_at * duration - time.monotonic()))
        victim = leader(shards[args.kill_shard])
        instant = time.monotonic()
        victim.signal(signal.SIGKILL)
        killed = senders[args.kill_shard]
        while True:   # the killed shard's first write after the signal
            with killed.lock:
                after = [a for a in killed.acknowledged if a[4] > instant]
            if after or not killed.is_alive():
                break
            time.sleep(0.005)
        if not after:
            raise RuntimeError(f"shard {args.kill_shard}: no write acknowledged after the kill: {killed.errors[:3]}")
        back = min(a[4] for a in after)
        victim.start()   # it rejoins as a standby
        for sender in senders:
            sender.join(timeout=duration + 180)

        def during(sender):
            with sender.lock:
                return [a for a in sender.acknowledged if instant < a[4] < back]

        def lag(sender, marks_only=True):
            with sender.lock:
                return [a[4] - a[2] for a in sender.acknowledged if not marks_only or per_shard[sender.shard][a[0]]["account"] is None]

        def events(acks):
            return sum(1 for a in acks for e in a[1].get("events", []) if e.get("type") in LIQUIDATIONS)

        def silence(sender):
            """The longest time without an acknowledgement while the killed shard was down."""
            times = [instant] + sorted(a[4] for a in during(sender)) + [back]
            return max(b - a for a, b in zip(times, times[1:]))

        with killed.lock:
            before = [a[4] for a in killed.acknowledged if a[4] < instant]
            caught_up = [a[4] for a in killed.acknowledged if a[4] >= back and a[4] - a[2] < 0.1]
        others = [s for s in senders if s.shard != args.kill_shard]
        summary["fault"] = {
            "failoverSeconds": round(back - instant, 3),
            "killedShardGapSeconds": round(back - max(before), 3) if before else None,
            "killedShardBackOnPaceSeconds": round(min(caught_up) - instant, 3) if caught_up else None,
            "killedShardLagSeconds": figures(lag(killed)),
            "otherShards": [{"shard": s.shard, "marksAcknowledgedWhileDown": sum(1 for a in during(s) if per_shard[s.shard][a[0]]["account"] is None),
                             "liquidationsWhileDown": events(during(s)), "longestSilenceWhileDownSeconds": round(silence(s), 3),
                             "lagWhileDownSeconds": figures([a[4] - a[2] for a in during(s)]), "lagSeconds": figures(lag(s)),
                             "worstLagAtSecondsFromTheKill": round(max(s.acknowledged, key=lambda a: a[4] - a[2])[4] - instant, 3)} for s in others],
        }
        errors = [e for s in senders for e in s.errors]
        # Every acknowledged write where its answer said, each request once.
        lost, duplicated, acknowledged, liquidations = 0, 0, 0, 0
        for sender in senders:
            log = logged(args, shards[sender.shard][0].schema)
            acknowledged += len(sender.acknowledged)
            liquidations += events(sender.acknowledged)
            for number, answer, _, _, _ in sender.acknowledged:
                last, count = answer.get("lastCommand"), answer.get("commands", 0)
                inputs = [log.get(sequence, {}) for sequence in range(last - count + 1, last + 1)] if last else []
                if not matches(per_shard[sender.shard][number], inputs):
                    lost += 1
            expected_marks = sum(len(r["body"]["markPrices"]) for r in per_shard[sender.shard] if r["account"] is None)
            expected_accounts = sum(1 for r in per_shard[sender.shard] if r["account"])
            types = [entry.get("type") for entry in log.values()]
            duplicated += abs(types.count("markPrice") - expected_marks) + abs(types.count("setAccount") - expected_accounts)
        # Hashes and the money of each shard.
        mismatches, compared, buckets, finals = [], 0, {}, []
        for members in shards:
            head, hashes, report = settle(args, members)
            compared += len(hashes)
            finals.append(report.get("stateHash"))
            if len(set(hashes.values())) != 1:
                mismatches.append({"shard": members[0].shard, "hashes": hashes})
            for name, value in (members[0].state() or {}).get("money", {}).items():
                buckets[name] = buckets.get(name, Decimal(0)) + Decimal(value)
        deposits = Decimal(0)
        for r in requests:
            if r["account"]:
                deposits += Decimal(r["body"]["walletBalance"]) + sum(Decimal(p.get("isolatedMargin", "0")) for p in r["body"]["positions"])
        if args.own_funds:
            funds, initial = buckets.get("insuranceFund", Decimal(0)), buckets.get("initialInsuranceFund", Decimal(0))
        else:
            funds = Decimal(int(psql(args, f"SELECT balance FROM {args.fund_schema}.insurance_fund WHERE id = 1").strip())) / Decimal(10 ** 8)
            initial = Decimal(args.insurance_fund)
        held = sum(buckets.get(name, Decimal(0)) for name in ("wallets", "isolatedMargins", "outsideMarket", "unrecoveredLoss")) + funds
        net = buckets.get("externalNet", Decimal(0)) - buckets.get("initialInsuranceFund", Decimal(0))
        summary.update({
            "acknowledgedWrites": acknowledged, "acknowledgedWritesNotInTheLog": lost, "requestsNotInTheLogOnce": duplicated,
            "liquidationEventsAnswered": liquidations, "clientErrors": errors[:10],
            "stateHashesCompared": compared, "stateHashMismatches": mismatches, "finalStateHashes": finals,
            "conservation": {name: str(value) for name, value in sorted(buckets.items())} | {
                "fund" + ("s" if args.own_funds else " (shared balance)"): str(funds), "depositsSent": str(deposits),
                "heldSum": str(held), "netDepositsPlusInitialFund": str(net + initial),
                "holds": bool(buckets) and held == net + initial and net == deposits},
        })
        print(json.dumps(summary, indent=2))
        ok = lost == 0 and duplicated == 0 and not mismatches and not errors and summary["conservation"]["holds"]
        return 0 if ok else 1
    finally:
        liquidus_process.stop([m for members in shards for m in members], args.postgres,
                              [f"{args.schema_prefix}{s}" for s in range(args.shards)] + [f"{args.schema_prefix}fund"])


if __name__ == "__main__":
    sys.exit(main())
