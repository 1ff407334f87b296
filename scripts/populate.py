#!/usr/bin/env python3
"""Fills a running `liquidus serve` with accounts, for load and recovery measurements.

    python3 scripts/populate.py --port 18281 --token TOKEN --accounts 100000 [--threads 16] [--seed 1]

Sets the marks (BTCUSDT 30000, ETHUSDT 2000) and then PUTs `acct-000000` … cross accounts, each
long or short BTCUSDT (0.001–0.5, entries on the tick within ±2 % of 30000) with a wallet that
gives it 4–20× leverage, from `--threads` keep-alive connections (the server commits concurrent
requests together). Deterministic for a seed. Prints one JSON line: accounts, commands, seconds.
Loopback only; stops by itself.
"""
import argparse, http.client, json, random, sys, threading, time


def account(n, rng):
    size = rng.randint(1, 500) / 1000 * (1 if rng.random() < 0.7 else -1)
    entry = round(30000 * (1 + rng.uniform(-0.02, 0.02)), 1)
    wallet = round(abs(size) * entry / rng.uniform(4, 20), 2)
    return "/v1/accounts/acct-%06d" % n, json.dumps({
        "marginMode": "cross", "walletBalance": str(wallet),
        "positions": [{"market": "BTCUSDT", "size": "%.3f" % size, "entryPrice": "%.1f" % entry}],
    })


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=18281)
    parser.add_argument("--token", required=True)
    parser.add_argument("--accounts", type=int, default=100000)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    headers = {"Authorization": "Bearer " + args.token, "Content-Type": "application/json"}
    start = time.time()
    c = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
    c.request("POST", "/v1/marks", json.dumps({"markPrices": {"BTCUSDT": "30000", "ETHUSDT": "2000"}}), headers)
    r = c.getresponse(); r.read()
    if r.status != 200:
        sys.exit("populate.py: setting the marks failed: %d" % r.status)
    failures = []

    def worker(index):
        rng = random.Random(args.seed * 1000 + index)
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
        for n in range(index, args.accounts, args.threads):
            path, body = account(n, rng)
            conn.request("PUT", path, body, headers)
            resp = conn.getresponse(); text = resp.read()
            if resp.status != 200:
                failures.append((path, resp.status, text[:200]))
                return

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.threads)]
    for t in threads: t.start()
    for t in threads: t.join()
    if failures:
        sys.exit("populate.py: %s" % (failures[:3],))
    c.request("GET", "/v1/state", headers=headers)
    state = json.loads(c.getresponse().read())
    print(json.dumps({"accounts": state["accounts"], "commands": state["commandSequence"], "seconds": round(time.time() - start, 1)}))


if __name__ == "__main__":
    main()
