#!/usr/bin/env python3
"""Policy comparison on one random book (the table in README "The liquidation engine").

Generates 200 liquidatable cross accounts on a four-tier BTCUSDT with a 0.05 % liquidation fee and
a 50-level book (seed 11), runs `liquidus check` once per policy, and prints the position and trader
equity each policy keeps after its first step, versus full liquidation. Run from the repository
root after `swift build -c release`: python3 scripts/policy-comparison.py"""
import json, random, subprocess, sys
from decimal import Decimal
from decimal import Decimal, ROUND_CEILING, ROUND_FLOOR
random.seed(11)
tiers=[("50000","0.004","0","125"),("600000","0.005","50","100"),("3000000","0.01","3050","50"),(None,"0.025","48050","20")]
market={"symbol":"BTCUSDT","tickSize":"0.1","lotSize":"0.001","liquidationFeeRate":"0.0005","takerFeeRate":"0.0005",
 "riskTiers":[dict(([("notionalCap",c)] if c else [])+[("maintenanceMarginRate",r),("maintenanceAmount",a),("maxLeverage",l)]) for c,r,a,l in tiers]}
mark=Decimal(28000)
def mm(n):
    for c,r,a,l in tiers:
        if c is None or n<=Decimal(c): return n*Decimal(r)-Decimal(a)
accounts=[]
i=0
while len(accounts)<200:
    i+=1
    lots=random.choice([random.randint(50,2000),random.randint(2000,60000)])
    q=Decimal(lots)/1000
    long=random.random()<0.7
    n=q*mark
    m=mm(n)
    # equity just below maintenance: between 0.6 and 0.99 of it
    eq=(m*Decimal(random.uniform(0.6,0.99))).quantize(Decimal("0.01"))
    entry=(mark*Decimal(random.uniform(1.0,1.05)) if long else mark*Decimal(random.uniform(0.95,1.0))).quantize(Decimal("0.1"))
    pnl=q*(mark-entry) if long else -q*(mark-entry)
    wallet=(eq-pnl).quantize(Decimal("0.01"))
    if wallet<=0: continue
    accounts.append({"id":f"t{len(accounts):03d}","marginMode":"cross","walletBalance":str(wallet),
       "positions":[{"market":"BTCUSDT","size":str(q if long else -q),"entryPrice":str(entry)}]})
bids=[[str(28000-10*k-10 if k else 27990), str(Decimal(random.randint(500,5000))/1000)] for k in range(50)]
bids=[[str(Decimal(27990)-10*k), str(Decimal(random.randint(1000,20000))/1000)] for k in range(50)]
asks=[[str(Decimal(28010)+10*k), str(Decimal(random.randint(1000,20000))/1000)] for k in range(50)]
doc={"markets":[market],"accounts":accounts,"markPrices":{"BTCUSDT":"28000"},"orderBooks":{"BTCUSDT":{"bids":bids,"asks":asks}},"insuranceFund":"1000000"}

from decimal import Decimal

policies={"full":{"kind":"full"},
 "restoreMarginRatio 0.8":{"kind":"restoreMarginRatio","targetMarginRatio":"0.8"},
 "stepDownTier":{"kind":"stepDownTier"},
 "fixedFraction 20%":{"kind":"fixedFraction","fraction":"0.2","cooldownSeconds":"30","fullBelowNotional":"0"},
 "incremental 10%":{"kind":"incremental","chunk":"0.1","intervalSeconds":"1"},
 "portionPerInterval (dYdX)":{"kind":"portionPerInterval","portion":"0.1","minNotional":"1000","accountCapPerInterval":"100000","intervalSeconds":"1"}}
rows=[]
total_size=sum(abs(Decimal(a["positions"][0]["size"])) for a in doc["accounts"])
for name,pol in policies.items():
    doc["policy"]=pol
    out=subprocess.run([sys.argv[1] if len(sys.argv) > 1 else ".build/release/liquidus","check","-"],input=json.dumps(doc).encode(),capture_output=True)
    if out.returncode: print(out.stderr.decode()); sys.exit(1)
    rep=json.loads(out.stdout)
    kept_size=Decimal(0); kept_eq=Decimal(0); eq0=Decimal(0); partial=full=0; fees=Decimal(0)
    for acc in rep["accounts"]:
        size=abs(Decimal(acc["positions"][0]["size"])); eq=Decimal(acc["equity"]); eq0+=eq
        steps=[s for s in acc["plan"] if s["step"] in ("partialClose","fullTakeover")]
        if not steps: kept_size+=size; kept_eq+=eq; continue
        s=steps[0]
        if s["step"]=="fullTakeover": full+=1; continue
        partial+=1
        q=Decimal(s["quantity"]); fee=Decimal(s["fee"]); fees+=fee
        mark=Decimal("28000"); exp=Decimal(s["expectedPrice"])
        slip=q*abs(mark-exp)
        kept_size+=size-q; kept_eq+=eq-fee-slip
    rows.append((name,partial,full,kept_size/total_size*100,kept_eq,kept_eq/eq0*100,fees))
print(f"200 accounts, total size {total_size} BTC, total equity {eq0:.2f}")
print("| policy | partial | takeover | position kept | trader equity kept | of equity | fees |")
print("|---|---|---|---|---|---|---|")
for r in rows: print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:.1f} % | {r[4]:.2f} | {r[5]:.1f} % | {r[6]:.2f} |")
