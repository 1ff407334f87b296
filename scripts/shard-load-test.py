#!/usr/bin/env python3
"""Scale measurement for account shards: K shards of `liquidus serve` on loopback, one PostgreSQL.

    swift build -c release --product liquidus
    eval "$(LIQUIDUS_PG_DIR=/tmp/scale-pg LIQUIDUS_PG_PORT=55441 bash .ci/postgres.sh)"   # a server of its own
    python3 scripts/shard-load-test.py --shards 1,2,4 --repeat 2 --accounts 10000 --seconds 10
    python3 scripts/shard-load-test.py --memory 100000,250000,500000,1000000

Each configuration starts K shards (`--shards K --shard I`), each a leader (with `--standbys N`
hot standbys beside it) on a PostgreSQL schema of its own, sharing one insurance fund (a schema
of the run's own; `--shared-fund none`: a fund each), and then:

1. **The map.** Populates `--accounts` accounts (`acct-000000` …, as `scripts/populate.py` makes
   them) at their owners by the map computed here (64-bit FNV-1a of the id's UTF-8 bytes, then
   jump consistent hash), after publishing the marks to every shard; checks the map against the
   servers' own on the first ids (each shard that does not own an id answers 421 naming the
   owner this script computed; the owner answers 200).
2. **Durable writes.** One wrk per shard at its own port (`--connections` each, one thread)
   re-PUTs that shard's accounts for `--seconds`, each pass with other wallets (a PUT that
   changes nothing is answered without a command); every write is committed before it is
   answered. Prints writes/s summed and per shard, p50/p99, the shards' commits (group commits,
   from /metrics), PostgreSQL's WAL bytes over the run (`pg_current_wal_lsn`), the CPU time per
   write of the leaders, of a standby and of PostgreSQL's processes (from /proc: the figure that
   does not depend on what else shares the cores) and the load average (1 min, sampled each
   second).
3. **Mark to liquidation.** `--crash-marks` rounds: the mark back at 30000 on every shard,
   `--victims` accounts (`victim-00000` …, split by the map; 0.1 BTC long at 30000 with 1 % of
   the notional as wallet) PUT at their owners, then one crash mark (BTCUSDT 29700) sent to every
   shard at once. Each shard's answer comes after its commit and carries the liquidation events;
   the round's latency is from the first send to the last shard's answer. Every victim must be
   liquidated (and no other account), per shard.

Configurations run in the order given, `--repeat` times (1,2,4,1,2,4: alternated).

`--memory` instead starts one server (on PostgreSQL, no periodic snapshot), fills it with
accounts (wrk, ids in order) to each count in the list and prints the server's RSS, the store's
bytes (`pg_total_relation_size` of the schema's tables) and least-squares bytes per account;
then stops the server (its shutdown snapshot: bounded by 300 s, not by `--store-timeout`) and prints the time that took and the store's bytes again. wrk calls the
script's `request` once to check it and does not send that request, so each fill skips one id:
the counts printed are the server's.

Needs wrk and psql. Loopback only; bounded in time; stops the processes it started (by their
ids) and drops its schemas. Exit 1 on any failed check.
"""
import argparse, http.client, json, os, random, re, signal, statistics, subprocess, sys, tempfile, threading, time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from populate import account  # noqa: E402  (the same accounts as the single-server load test)

TOKEN = "shard-load-test-write-token-01"
MASK = (1 << 64) - 1


def fnv1a64(text):
    """64-bit FNV-1a over the UTF-8 bytes (ShardMap.fnv1a)."""
    value = 0xCBF29CE484222325
    for byte in text.encode():
        value = ((value ^ byte) * 0x100000001B3) & MASK
    return value


def jump(key, buckets):
    """Lamping and Veach's jump consistent hash (ShardMap.jump), in exact integers as there."""
    bucket, following = -1, 0
    while following < buckets:
        bucket = following
        key = (key * 2862933555777941757 + 1) & MASK
        following = ((bucket + 1) << 31) // ((key >> 33) + 1)
    return bucket


def shard_of(account_id, count):
    return jump(fnv1a64(account_id), count)


class Client:
    """One keep-alive connection to a port; reconnects after an error."""

    def __init__(self, port, timeout=60):
        self.port, self.timeout, self.connection = port, timeout, None

    def send(self, method, path, body=None):
        headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
        data = body if body is None or isinstance(body, str) else json.dumps(body)
        for attempt in (0, 1):
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                self.connection.request(method, path, data, headers)
                response = self.connection.getresponse()
                return response.status, response.read()
            except (OSError, http.client.HTTPException):
                self.connection = None
                if attempt:
                    raise
        raise AssertionError("unreachable")


class Member:
    def __init__(self, args, workdir, schema, port, shard, cluster, fund=None):
        self.args, self.workdir, self.schema, self.port, self.shard, self.cluster = args, workdir, schema, port, shard, cluster
        self.fund, self.proc = fund, None

    def start(self):
        command = [self.args.binary, "serve", "--postgres", self.args.postgres, "--postgres-schema", self.schema,
                   "--port", str(self.port), "--token-file", os.path.join(self.workdir, "w.token"),
                   "--insurance-fund", "10000000", "--log-level", "warning"]
        if self.shard is not None:
            command += ["--shards", str(self.shard[1]), "--shard", str(self.shard[0]), "--shared-fund-schema", self.fund]
        if self.cluster:
            command += ["--cluster", self.cluster, "--advertise", f"http://127.0.0.1:{self.port}"]
        if self.args.snapshot_interval:
            command += ["--snapshot-interval", str(self.args.snapshot_interval)]
        if self.args.store_timeout:
            command += ["--store-timeout", str(self.args.store_timeout)]
        log = open(os.path.join(self.workdir, f"{self.schema}-{self.port}.log"), "ab")
        self.proc = subprocess.Popen(command, stdout=log, stderr=log)
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if Client(self.port, timeout=1).send("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError(f"member on port {self.port} did not start (see {log.name})")

    def leads(self):
        try:
            status, body = Client(self.port, timeout=2).send("GET", "/v1/cluster")
            return status == 200 and json.loads(body).get("role") == "leader"
        except OSError:
            return False

    def rss_bytes(self):
        with open(f"/proc/{self.proc.pid}/status") as status:
            fields = dict(line.split(":", 1) for line in status)
        return int(fields["VmRSS"].split()[0]) * 1024, int(fields["VmHWM"].split()[0]) * 1024

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)   # a process this script started, by its id
            try:
                self.proc.wait(timeout=120)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Shard:
    """Shard `index` of `count`: a leader and `standbys` standbys on schema `schema`."""

    def __init__(self, args, workdir, schema, port, index, count, fund):
        self.index, self.count, self.schema, self.port = index, count, schema, port
        cluster = f"{schema}" if args.standbys else None
        self.members = [Member(args, workdir, schema, port + m, (index, count), cluster, fund) for m in range(1 + args.standbys)]

    def start(self):
        self.members[0].start()
        if len(self.members) > 1:
            deadline = time.time() + 30
            while not self.members[0].leads():
                if time.time() > deadline:
                    raise RuntimeError(f"shard {self.index}: no leader")
                time.sleep(0.05)
            for member in self.members[1:]:
                member.start()

    def stop(self):
        for member in self.members:
            member.stop()


def psql(url, sql):
    return subprocess.run(["psql", url, "-qAtX", "-c", sql], capture_output=True, text=True, check=True).stdout.strip()


def wal_lsn(url):
    return psql(url, "SELECT pg_current_wal_lsn()")


def wal_bytes(url, start, end):
    return int(float(psql(url, f"SELECT pg_wal_lsn_diff('{end}', '{start}')")))


def store_bytes(url, schema):
    """{table: bytes} of the schema's tables, indexes and TOAST included."""
    rows = psql(url, "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                     f"WHERE n.nspname = '{schema}' AND c.relkind = 'r' ORDER BY 1")
    return {name: int(size) for name, size in (line.split("|") for line in rows.splitlines() if line)}


def cpu_seconds(pid):
    """User plus system CPU seconds of process `pid` (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as file:
            fields = file.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_pids(url):
    """The PostgreSQL server's processes: the postmaster (the parent of its oldest process, one
    started with the server) and its children."""
    oldest = psql(url, "SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid() ORDER BY backend_start NULLS FIRST LIMIT 1")
    with open(f"/proc/{oldest}/stat") as file:
        postmaster = int(file.read().rsplit(")", 1)[1].split()[1])
    children = [postmaster]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as file:
                    if int(file.read().rsplit(")", 1)[1].split()[1]) == postmaster:
                        children.append(int(entry))
            except OSError:
                pass
    return children


def metric(port, name):
    _, body = Client(port).send("GET", "/metrics")
    match = re.search(rf"^{name} ([0-9.e+]+)$", body.decode(), re.M)
    return float(match.group(1)) if match else 0.0


def parallel(work):
    """Runs each callable on a thread of its own; their results, in order; re-raises the first error."""
    results, errors = [None] * len(work), []

    def run(index, job):
        try:
            results[index] = job()
        except Exception as error:  # reported below
            errors.append(error)
    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(work)]
    for thread in threads: thread.start()
    for thread in threads: thread.join()
    if errors:
        raise errors[0]
    return results


def put_all(port, items, threads=8):
    """PUTs (path, body) items at one port from `threads` keep-alive connections."""
    def worker(part):
        client = Client(port)
        for path, body in part:
            status, text = client.send("PUT", path, body)
            if status != 200:
                raise RuntimeError(f"PUT {path} at {port}: {status} {text[:200]!r}")
    parallel([lambda part=items[i::threads]: worker(part) for i in range(threads)])


def set_marks(ports, marks):
    for status, text in parallel([lambda p=p: Client(p).send("POST", "/v1/marks", {"markPrices": marks}) for p in ports]):
        if status != 200:
            raise RuntimeError(f"marks: {status} {text[:200]!r}")


def check_map(shards, count, ids):
    """Every shard answers GET for each id: the owner this script computes 200, the others 421 naming it."""
    checks = 0
    for account_id in ids:
        owner = shard_of(account_id, count)
        for shard in shards:
            status, body = Client(shard.port).send("GET", f"/v1/accounts/{account_id}")
            if shard.index == owner:
                ok = status == 200
            else:
                ok = status == 421 and json.loads(body)["error"].get("shard") == owner
            if not ok:
                raise RuntimeError(f"map: {account_id} (owner {owner} here) at shard {shard.index}: {status} {body[:200]!r}")
            checks += 1
    return checks


LUA_WRITES = r"""
local ids, sizes, entries, wallets = {IDS}, {SIZES}, {ENTRIES}, {WALLETS}
local n = 0
local headers = {["Authorization"] = "Bearer TOKEN", ["Content-Type"] = "application/json"}
request = function()
  n = n + 1
  local i = (n - 1) % #ids + 1
  local body = string.format('{"marginMode":"cross","walletBalance":"%.2f","positions":[{"market":"BTCUSDT","size":"%s","entryPrice":"%s"}]}',
    wallets[i] + (math.floor((n - 1) / #ids) % 10 + 1) * 0.01, sizes[i], entries[i])
  return wrk.format("PUT", "/v1/accounts/" .. ids[i], headers, body)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d non2xx=%d rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def lua_table(values, quote):
    return "{" + ",".join(f'"{v}"' if quote else str(v) for v in values) + "}"


def write_lua(path, accounts):
    """A wrk script re-PUTting `accounts` [(id, body dict)] in turn, each pass with the wallets 1–10 cents
    above the populated ones and different from the pass before (a PUT that changes nothing is not logged)."""
    ids = [a for a, _ in accounts]
    sizes = [b["positions"][0]["size"] for _, b in accounts]
    entries = [b["positions"][0]["entryPrice"] for _, b in accounts]
    wallets = [b["walletBalance"] for _, b in accounts]
    text = (LUA_WRITES.replace("{IDS}", lua_table(ids, True)).replace("{SIZES}", lua_table(sizes, True))
            .replace("{ENTRIES}", lua_table(entries, True)).replace("{WALLETS}", lua_table(wallets, False)).replace("TOKEN", TOKEN))
    with open(path, "w") as file:
        file.write(text)


def parse_result(text):
    match = re.search(r"^RESULT (.*)$", text, re.M)
    if not match:
        raise RuntimeError(f"wrk printed no result: {text[-400:]}")
    return {k: float(v) for k, v in (field.split("=") for field in match.group(1).split())}


class LoadSampler:
    """The 1-minute load average, sampled each second while running."""

    def __init__(self):
        self.samples, self.running = [], True
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while self.running:
            with open("/proc/loadavg") as file:
                self.samples.append(float(file.read().split()[0]))
            time.sleep(1)

    def stop(self):
        self.running = False
        self.thread.join()
        return min(self.samples), max(self.samples)


def victim(n):
    return f"victim-{n:05d}", {"marginMode": "cross", "walletBalance": "30.00",
                               "positions": [{"market": "BTCUSDT", "size": "0.100", "entryPrice": "30000.0"}]}


def run_configuration(args, workdir, count, run):
    base = args.port + run * 100
    fund = "none" if args.shared_fund == "none" else f"shardload_{os.getpid()}_{run}_fund"
    shards = [Shard(args, workdir, f"shardload_{os.getpid()}_{run}_{i}", base + i * (1 + args.standbys), i, count, fund) for i in range(count)]
    summary = {"shards": count, "run": run, "fund": args.shared_fund}
    try:
        parallel([s.start for s in shards])
        set_marks([s.port for s in shards], {"BTCUSDT": "30000", "ETHUSDT": "2000"})
        owned = [[] for _ in shards]
        for n in range(args.accounts):
            path, body = account(n, random.Random(args.seed * 1_000_003 + n))
            account_id = path.rsplit("/", 1)[1]
            owned[shard_of(account_id, count)].append((account_id, json.loads(body)))
        started = time.time()
        parallel([lambda s=s: put_all(s.port, [(f"/v1/accounts/{i}", json.dumps(b)) for i, b in owned[s.index]]) for s in shards])
        summary["populateSeconds"] = round(time.time() - started, 1)
        summary["accountsPerShard"] = [len(o) for o in owned]
        summary["mapChecks"] = check_map(shards, count, [f"acct-{n:06d}" for n in range(min(args.accounts, 24))])

        # Durable writes: one wrk per shard, all at once.
        for shard in shards:
            write_lua(os.path.join(workdir, f"writes-{run}-{shard.index}.lua"), owned[shard.index])
        commits_before = [metric(s.port, "liquidus_group_commit_requests_count") for s in shards]
        lsn_before = wal_lsn(args.postgres)
        leaders, standbys = [s.members[0].proc.pid for s in shards], [m.proc.pid for s in shards for m in s.members[1:]]
        database = postgres_pids(args.postgres)
        cpu_before = [sum(map(cpu_seconds, pids)) for pids in (leaders, standbys, database)]
        sampler = LoadSampler()
        wrks = [subprocess.Popen(["wrk", "-t", "1", "-c", str(args.connections), "-d", f"{args.seconds}s", "--latency",
                                  "-s", os.path.join(workdir, f"writes-{run}-{s.index}.lua"), f"http://127.0.0.1:{s.port}"],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for s in shards]
        results = [parse_result(w.communicate()[0]) for w in wrks]
        summary["loadAverage1m"] = sampler.stop()
        cpu = [sum(map(cpu_seconds, pids)) - before for pids, before in zip((leaders, standbys, database), cpu_before)]
        wal = wal_bytes(args.postgres, lsn_before, wal_lsn(args.postgres))
        commits = [metric(s.port, "liquidus_group_commit_requests_count") - b for s, b in zip(shards, commits_before)]
        requests = sum(r["requests"] for r in results)
        if any(r["errors"] or r["non2xx"] for r in results):
            raise RuntimeError(f"wrk saw errors: {results}")
        summary["writesPerSecond"] = round(sum(r["rps"] for r in results))
        summary["perShard"] = [{"writesPerSecond": round(r["rps"]), "p50ms": r["p50_ms"], "p99ms": r["p99_ms"], "commits": int(c)}
                               for r, c in zip(results, commits)]
        summary["walBytes"] = wal
        summary["walBytesPerWrite"] = round(wal / requests) if requests else None
        summary["writesPerCommit"] = round(requests / sum(commits), 1) if sum(commits) else None
        # CPU per write: the leaders, each standby, and PostgreSQL (every process of the server).
        summary["cpuMsPerWrite"] = {"leader": round(cpu[0] * 1000 / requests, 3),
                                    "standby": round(cpu[1] * 1000 / requests / max(args.standbys, 1), 3),
                                    "postgres": round(cpu[2] * 1000 / requests, 3)}

        # Mark to liquidation.
        victims = [[] for _ in shards]
        for n in range(args.victims):
            account_id, body = victim(n)
            victims[shard_of(account_id, count)].append((f"/v1/accounts/{account_id}", json.dumps(body)))
        latencies, shard_latencies, liquidated = [], [], 0
        for _ in range(args.crash_marks):
            set_marks([s.port for s in shards], {"BTCUSDT": "30000"})
            parallel([lambda s=s: put_all(s.port, victims[s.index]) for s in shards])
            clients = [Client(s.port) for s in shards]
            gate = threading.Barrier(len(shards))

            def crash(index):
                gate.wait()
                sent = time.perf_counter()
                status, body = clients[index].send("POST", "/v1/marks", {"markPrices": {"BTCUSDT": "29700"}})
                answered = time.perf_counter()
                if status != 200:
                    raise RuntimeError(f"crash mark at shard {index}: {status} {body[:200]!r}")
                return sent, answered, json.loads(body)["events"]
            answers = parallel([lambda i=i: crash(i) for i in range(len(shards))])
            first_sent = min(a[0] for a in answers)
            latencies.append(max(a[1] for a in answers) - first_sent)
            shard_latencies += [a[1] - a[0] for a in answers]
            for shard, (_, _, events) in zip(shards, answers):
                accounts = {e["event"]["account"] for e in events if e["type"] == "liquidationTriggered"}
                expected = {p.rsplit("/", 1)[1] for p, _ in victims[shard.index]}
                if accounts != expected:
                    raise RuntimeError(f"shard {shard.index}: liquidated {len(accounts)} accounts, expected its {len(expected)} victims "
                                       f"(extra {sorted(accounts - expected)[:5]}, missing {sorted(expected - accounts)[:5]})")
                liquidated += len(accounts)
        summary["markToLiquidationMs"] = {"p50": round(statistics.median(latencies) * 1000, 1), "max": round(max(latencies) * 1000, 1),
                                          "perShardP50": round(statistics.median(shard_latencies) * 1000, 1)}
        summary["liquidatedPerMark"] = liquidated // max(args.crash_marks, 1)
        return summary
    finally:
        parallel([s.stop for s in shards])
        for schema in [s.schema for s in shards] + ([fund] if fund != "none" else []):
            subprocess.run(["psql", args.postgres, "-qAtX", "-c", f"DROP SCHEMA IF EXISTS {schema} CASCADE"], capture_output=True)


LUA_FILL = r"""
local first, last, n = FIRST, LAST, 0
local headers = {["Authorization"] = "Bearer TOKEN", ["Content-Type"] = "application/json"}
started = 0
setup = function(thread) started = started + 1; thread:set("me", started) end
request = function()
  local i = first + n * THREADS + me - 1
  n = n + 1
  if i >= last then return wrk.format("GET", "/healthz") end
  local size = math.random(1, 500) / 1000 * (math.random() < 0.7 and 1 or -1)
  local entry = 30000 * (1 + (math.random() - 0.5) * 0.04)
  local wallet = math.abs(size) * entry / (4 + math.random() * 16)
  local body = string.format('{"marginMode":"cross","walletBalance":"%.2f","positions":[{"market":"BTCUSDT","size":"%.3f","entryPrice":"%.1f"}]}',
    wallet, size, entry)
  return wrk.format("PUT", string.format("/v1/accounts/acct-%07d", i), headers, body)
end
"""


def fill(args, workdir, port, first, last):
    """PUTs accounts acct-FIRST … acct-(LAST-1) with wrk; returns the server's account count when it
    holds LAST of them, or when the count has not moved for 5 s (a write that failed is not resent)."""
    threads = 2
    script = os.path.join(workdir, f"fill-{first}.lua")
    with open(script, "w") as file:
        file.write(LUA_FILL.replace("FIRST", str(first)).replace("LAST", str(last)).replace("THREADS", str(threads)).replace("TOKEN", TOKEN))
    process = subprocess.Popen(["wrk", "-t", str(threads), "-c", "64", "-d", "3600s", "-s", script, f"http://127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        counts = []
        while True:
            time.sleep(1)
            counts.append(json.loads(Client(port).send("GET", "/v1/state")[1])["accounts"])
            if counts[-1] >= last or (len(counts) > 5 and counts[-1] == counts[-6]):
                return counts[-1]
            if process.poll() is not None:
                raise RuntimeError("wrk stopped before the accounts were in")
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)   # the wrk this script started, by its id
            process.wait()


def memory(args, workdir):
    schema = f"shardmem_{os.getpid()}"
    member = Member(args, workdir, schema, args.port, None, None)
    points = []
    try:
        member.start()
        set_marks([args.port], {"BTCUSDT": "30000", "ETHUSDT": "2000"})
        time.sleep(2)
        rss, hwm = member.rss_bytes()
        points.append((0, rss, sum(store_bytes(args.postgres, schema).values())))
        print(json.dumps({"accounts": 0, "rssBytes": rss, "peakRssBytes": hwm, "storeBytes": points[-1][2]}), flush=True)
        have = 0
        for target in args.memory:
            started = time.time()
            accounts = fill(args, workdir, args.port, have, target)
            have = target
            time.sleep(2)
            rss, hwm = member.rss_bytes()
            tables = store_bytes(args.postgres, schema)
            points.append((accounts, rss, sum(tables.values())))
            print(json.dumps({"accounts": accounts, "fillSeconds": round(time.time() - started, 1), "rssBytes": rss, "peakRssBytes": hwm,
                              "storeBytes": points[-1][2], "tables": tables}), flush=True)
        started = time.time()
        member.stop()
        tables = store_bytes(args.postgres, schema)
        print(json.dumps({"afterShutdown": True, "shutdownSeconds": round(time.time() - started, 1),
                          "storeBytes": sum(tables.values()), "tables": tables}), flush=True)

        def slope(pairs):
            mean_x = statistics.fmean(x for x, _ in pairs)
            mean_y = statistics.fmean(y for _, y in pairs)
            return sum((x - mean_x) * (y - mean_y) for x, y in pairs) / sum((x - mean_x) ** 2 for x, _ in pairs)
        print(json.dumps({"rssBytesPerAccount": round(slope([(a, r) for a, r, _ in points]), 1),
                          "storeBytesPerAccount": round(slope([(a, s) for a, _, s in points]), 1),
                          "rssAtZeroBytes": points[0][1]}), flush=True)
    finally:
        member.stop()
        subprocess.run(["psql", args.postgres, "-qAtX", "-c", f"DROP SCHEMA IF EXISTS {schema} CASCADE"], capture_output=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/liquidus")
    parser.add_argument("--postgres", default=os.environ.get("LIQUIDUS_TEST_POSTGRES_URL"))
    parser.add_argument("--shards", default="1,2,4", help="shard counts, in the order run")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--standbys", type=int, default=int(os.environ.get("LOAD_STANDBYS", "0")))
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32, help="wrk connections per shard")
    parser.add_argument("--victims", type=int, default=1_000)
    parser.add_argument("--crash-marks", type=int, default=5)
    parser.add_argument("--snapshot-interval", type=int, default=0, help="the servers' --snapshot-interval (0: theirs)")
    parser.add_argument("--shared-fund", choices=["shared", "none"], default="shared",
                        help="shared: the run's shards share one insurance fund (a schema of its own); none: a fund each")
    parser.add_argument("--store-timeout", type=float, default=0, help="the servers' --store-timeout (0: theirs)")
    parser.add_argument("--memory", help="account counts for the memory measurement, e.g. 100000,1000000")
    parser.add_argument("--port", type=int, default=19300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not args.postgres:
        sys.exit("shard-load-test.py: --postgres URL (or LIQUIDUS_TEST_POSTGRES_URL: eval \"$(bash .ci/postgres.sh)\")")
    workdir = tempfile.mkdtemp(prefix="liquidus-shard-load-")
    with open(os.path.join(workdir, "w.token"), "w") as file:
        file.write(TOKEN + "\n")
    if args.memory:
        args.memory = [int(n) for n in args.memory.split(",")]
        if not args.snapshot_interval:
            args.snapshot_interval = 1_000_000_000
        memory(args, workdir)
        return
    counts = [int(k) for k in args.shards.split(",")]
    for repeat in range(args.repeat):
        for position, count in enumerate(counts):
            summary = run_configuration(args, workdir, count, repeat * len(counts) + position)
            print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
