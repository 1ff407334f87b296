#!/usr/bin/env python3
"""Runs `liquidus check` on random valid books and reports traps (must be 0) and refusals.

Each book has one to four markets (ticks and lots from 1e-8 to 1e9, one to eight continuous risk
tiers, fees), marks from 1e-8 to 1e9, and one to four cross or isolated accounts whose sizes,
prices, notionals and collateral reach the limits of `Limits` (1e9 for prices and sizes, 1e10 for
money) while staying within them; half of the markets have visible depth. Every value is valid
on its own, so `check` must answer; the only refusal expected is a figure derived from several
values that does not fit (code `overflow`).

Books are checked in batches: one `check` document holds a batch, each book's markets and accounts
renamed apart (`B17M2`, `B17a0`), so a batch's answer is each book's answer. A batch that is
refused or crashes is split in halves until the books responsible are found; a crash (the process
killed by a signal) is a trap, and the book is written to `--traps` for a test to replay.

    scripts/random-books.py                      # 10,000 books, seed 1
    scripts/random-books.py --count 200 --seed 7 --liquidus .build/debug/liquidus

Without `--liquidus` it builds and uses `.build/release/liquidus`.
"""

import argparse
import collections
import json
import os
import random
import subprocess
import sys

SCALE = 100_000_000
MAX_PRICE = 1_000_000_000 * SCALE
MAX_SIZE = 1_000_000_000 * SCALE
MAX_MONEY = 10_000_000_000 * SCALE


def decimal(units):
    """Units of 1e-8 as a plain decimal string without trailing zeros."""
    sign = "-" if units < 0 else ""
    whole, fraction = divmod(abs(units), SCALE)
    if fraction == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole}.{fraction:08d}".rstrip("0")


def magnitude(rng, maximum):
    """A count of units in 1..maximum, log-uniform, and now and then exactly an edge."""
    pick = rng.randrange(10)
    if pick == 0:
        return 1
    if pick == 1:
        return maximum
    value = int(10 ** rng.uniform(0, len(str(maximum))))
    return max(1, min(maximum, value))


def market(rng, symbol):
    tiers = []
    rate = magnitude(rng, 10_000_000)  # up to 10 %
    cap = magnitude(rng, MAX_MONEY // 16)
    count = rng.randint(1, 8)
    previous = None
    for index in range(count):
        ceiling = (SCALE * SCALE - 1) // rate // SCALE  # leverage below 1 / rate
        leverage = max(1, min(rng.randint(1, 125), 10_000, ceiling))
        amount = 0 if previous is None else previous["cap"] * (rate - previous["rate"]) // SCALE + previous["amount"]
        last = index == count - 1 or cap >= MAX_MONEY
        tier = {"maintenanceMarginRate": decimal(rate), "maintenanceAmount": decimal(amount), "maxLeverage": str(leverage)}
        if not last:
            tier["notionalCap"] = decimal(cap)
        tiers.append(tier)
        if last:
            break
        previous = {"cap": cap, "rate": rate, "amount": amount}
        cap = min(MAX_MONEY, cap * 2 + 1)
        rate = min(SCALE - 1, rate + magnitude(rng, 5_000_000))
    tick = 10 ** rng.randint(0, 17)
    lot = 10 ** rng.randint(0, 17)
    return {
        "symbol": symbol, "tickSize": decimal(tick), "lotSize": decimal(lot), "riskTiers": tiers,
        "liquidationFeeRate": decimal(rng.randint(0, 2_000_000)), "takerFeeRate": "0.0005",
    }, tick, lot


def account(rng, name, markets, marks):
    """An account within every limit, or None when no position fits the draw."""
    mode = rng.choice(["cross", "isolated"])
    budget = MAX_MONEY  # total notional left
    collateral = MAX_MONEY  # wallet plus isolated margins left
    positions = []
    chosen = rng.sample(markets, rng.randint(0, len(markets)))
    for (spec, _, lot) in chosen:
        entry = magnitude(rng, MAX_PRICE)
        highest = max(entry, marks[spec["symbol"]])
        lots = min(budget * SCALE // highest, MAX_SIZE) // lot
        if lots < 1:
            continue
        size = magnitude(rng, lots) * lot
        budget -= -(-size * highest // SCALE)
        position = {"market": spec["symbol"], "size": decimal(size if rng.random() < 0.5 else -size), "entryPrice": decimal(entry)}
        if mode == "isolated":
            margin = magnitude(rng, max(1, collateral // 2))
            collateral -= margin
            position["isolatedMargin"] = decimal(margin)
        if rng.randrange(5) == 0:
            position["leverage"] = "1"
        positions.append(position)
    wallet = magnitude(rng, max(1, collateral))
    if mode == "cross" and positions and rng.random() < 0.5:
        wallet = -wallet
    return {"id": name, "marginMode": mode, "walletBalance": decimal(wallet), "positions": positions}


def depth(rng, tick, lot, mark):
    touch = max(tick, mark // tick * tick)

    def quantity(price):
        lots = min(MAX_MONEY * SCALE // price, MAX_SIZE) // lot
        return None if lots < 1 else decimal(magnitude(rng, lots) * lot)

    bids, asks = [], []
    bid, ask = touch - tick, touch
    for _ in range(rng.randint(0, 5)):
        if bid <= 0:
            break
        size = quantity(bid)
        if size:
            bids.append([decimal(bid), size])
        bid -= tick * rng.randint(1, 3)
    for _ in range(rng.randint(0, 5)):
        if ask > MAX_PRICE:
            break
        size = quantity(ask)
        if size:
            asks.append([decimal(ask), size])
        ask += tick * rng.randint(1, 3)
    return {"bids": bids, "asks": asks}


def book(rng, prefix):
    """One book: its markets, marks, accounts and depth, names prefixed to keep books apart."""
    markets, marks, books = [], {}, {}
    for index in range(rng.randint(1, 4)):
        spec, tick, lot = market(rng, f"{prefix}M{index}")
        markets.append((spec, tick, lot))
        marks[spec["symbol"]] = magnitude(rng, MAX_PRICE)
    accounts = [account(rng, f"{prefix}a{index}", markets, marks) for index in range(rng.randint(1, 4))]
    for spec, tick, lot in markets:
        if rng.random() < 0.5:
            books[spec["symbol"]] = depth(rng, tick, lot, marks[spec["symbol"]])
    return {
        "markets": [spec for spec, _, _ in markets], "accounts": accounts,
        "markPrices": {symbol: decimal(price) for symbol, price in marks.items()}, "orderBooks": books,
    }


POLICIES = [
    None,  # the default (Liquidus' restoreMarginRatio)
    {"kind": "restoreMarginRatio", "targetMarginRatio": "0.8", "buffer": "0.05"},
    {"kind": "stepDownTier"},
    {"kind": "fixedFraction", "fraction": "0.2", "cooldownSeconds": "30", "fullBelowNotional": "100000"},
    {"kind": "incremental", "chunk": "0.1", "intervalSeconds": "5"},
    {"kind": "portionPerInterval", "portion": "0.1", "minNotional": "1000", "accountCapPerInterval": "100000"},
    {"kind": "full"},
]


def document(books, policy, fund):
    merged = {"markets": [], "accounts": [], "markPrices": {}, "orderBooks": {}}
    for each in books:
        merged["markets"] += each["markets"]
        merged["accounts"] += each["accounts"]
        merged["markPrices"].update(each["markPrices"])
        merged["orderBooks"].update(each["orderBooks"])
    if policy:
        merged["policy"] = policy
    if fund is not None:
        merged["insuranceFund"] = fund
    return json.dumps(merged)


def classify(message):
    """The refusal's code, from the wording `check` uses for it."""
    if "beyond the range represented exactly" in message:
        return "overflow"
    return "other: " + message.split(": ", 2)[-1][:80]


class Runner:
    def __init__(self, liquidus, traps_path):
        self.liquidus = liquidus
        self.traps_path = traps_path
        self.traps = []
        self.refusals = collections.Counter()
        self.answered = 0
        self.processes = 0
        self.figures = collections.Counter()

    def check(self, books, policy, fund):
        """Checks `books` as one document; splits it when it is refused or crashes."""
        self.processes += 1
        result = subprocess.run([self.liquidus, "check", "-"], input=document(books, policy, fund).encode(), capture_output=True)
        if result.returncode == 0:
            self.answered += len(books)
            for entry in json.loads(result.stdout)["accounts"]:
                self.figures["accounts"] += 1
                if entry["liquidatable"]:
                    self.figures["liquidatable"] += 1
                for step in entry["plan"]:
                    self.figures["plan step " + step["step"]] += 1
            return
        if len(books) > 1:
            half = len(books) // 2
            self.check(books[:half], policy, fund)
            self.check(books[half:], policy, fund)
            return
        if result.returncode == 2:
            self.refusals[classify(result.stderr.decode(errors="replace").strip())] += 1
        else:
            self.traps.append({"exit": result.returncode, "stderr": result.stderr.decode(errors="replace")[-2000:],
                               "document": json.loads(document(books, policy, fund))})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000, help="books to check (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--batch", type=int, default=50, help="books per check document (default 50)")
    parser.add_argument("--liquidus", help="the liquidus binary (default: build .build/release/liquidus)")
    parser.add_argument("--traps", default="random-books-traps.json", help="where books that trap are written")
    args = parser.parse_args()

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    liquidus = args.liquidus
    if liquidus is None:
        subprocess.run(["swift", "build", "-c", "release", "--product", "liquidus"], cwd=root, check=True)
        liquidus = os.path.join(root, ".build", "release", "liquidus")

    rng = random.Random(args.seed)
    runner = Runner(liquidus, args.traps)
    made = 0
    while made < args.count:
        size = min(args.batch, args.count - made)
        books = [book(rng, f"B{made + index}") for index in range(size)]
        made += size
        policy = rng.choice(POLICIES)
        fund = None if rng.random() < 0.3 else decimal(magnitude(rng, MAX_MONEY))
        runner.check(books, policy, fund)

    print(f"books: {args.count} (seed {args.seed}), check processes: {runner.processes}")
    print(f"answered: {runner.answered}, refused: {sum(runner.refusals.values())}, traps: {len(runner.traps)}")
    for code, count in sorted(runner.refusals.items()):
        print(f"  refused {code}: {count}")
    for figure, count in sorted(runner.figures.items()):
        print(f"  {figure}: {count}")
    if runner.traps:
        with open(args.traps, "w") as out:
            json.dump(runner.traps, out, indent=1)
        print(f"the books that trapped are in {args.traps}")
        sys.exit(1)


if __name__ == "__main__":
    main()
