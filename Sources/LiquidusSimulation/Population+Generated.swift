import Foundation
public import LiquidusCore
import LiquidusRandom

extension Population {
    /// The distributions of a generated population.
    ///
    /// - leverage: a mixture — 62 % log-uniform in 10–25× (the heavy mass), 26 % in 2–10×, 9 % in
    ///   25–75×, 3 % in 75–125× (the tail) — capped by the max leverage of the tier the notional
    ///   falls in (a venue would refuse more);
    /// - size: notional log-normal with median ``medianNotional`` and σ = ``notionalSigma``
    ///   (heavy-tailed: with σ = 1.6 the 99th percentile is 41× the median), at most
    ///   ``maxNotional``;
    /// - side: ``longShare`` long (crowded longs before a crash);
    /// - margin mode: ``isolatedShare`` isolated, the rest cross;
    /// - entry: ``openDuringPathShare`` of the accounts open during the path, at a uniformly
    ///   random second, at the run's mark then (dip buyers, late shorts); the others are there at
    ///   the start, entered at the start price × e^(σ_e·Z), σ_e = ``entrySpread`` (positions
    ///   opened over the days before), redrawn (then set to the start price) when the account
    ///   would be within 25 % of its maintenance margin at the start;
    /// - collateral: notional ÷ leverage (rounded up); isolated accounts also keep a free wallet of
    ///   0–50 % of that, which an isolated position cannot use.
    public struct Distribution: Sendable, Hashable {
        /// The median notional.
        public var medianNotional: Double = 3_000
        /// σ of the log notional.
        public var notionalSigma: Double = 1.6
        /// The largest notional.
        public var maxNotional: Double = 5_000_000
        /// The share of longs.
        public var longShare: Double = 0.72
        /// The share of isolated accounts.
        public var isolatedShare: Double = 0.45
        /// σ of the log entry price around the start price.
        public var entrySpread: Double = 0.02
        /// The share of accounts that open during the path (at a uniformly random second of its
        /// first 95 %, at the run's mark then) rather than at the start.
        public var openDuringPathShare: Double = 0.6

        /// The defaults above.
        public init() {}
    }

    /// `count` seeded accounts `acct-0000001`, … with one position each in `market`, opened
    /// around `startPrice` (see ``Distribution``). Same seed, same population.
    /// - Complexity: O(count).
    public static func generated(count: Int, market: Market, path: PricePath, seed: UInt64, distribution: Distribution = Distribution()) -> Population {
        let startPrice = path.prices[0]
        var random = SeededGenerator(seed: seed ^ 0x706F_7075_6C61_7469)
        var members: [Member] = []
        members.reserveCapacity(count)
        let lot = Double(market.lotSize.units) / 1e8
        let tick = Double(market.tickSize.units) / 1e8
        for index in 0..<count {
            let long = random.unit() < distribution.longShare
            let isolated = random.unit() < distribution.isolatedShare
            var leverage = drawLeverage(using: &random)
            let notional = Swift.min(distribution.maxNotional, random.logNormal(median: distribution.medianNotional, sigma: distribution.notionalSigma))
            var entry = startPrice * exp(distribution.entrySpread * random.normal())
            let z2 = random.unit()  // free-wallet share for isolated accounts
            var openAt: Int64 = 0
            if random.unit() < distribution.openDuringPathShare, path.seconds > 2 {
                openAt = 1 + Int64(random.unit() * Double(path.seconds - 2) * 0.95)
                entry = path.prices[Int(openAt)]
            }
            let openPrice = openAt == 0 ? startPrice : entry
            // Size on the lot grid (at least one minimum order).
            let minimum = Double(market.minOrderSize.units) / 1e8
            let contracts = Swift.max(minimum, (notional / openPrice / lot).rounded(.down) * lot)
            let size = Quantity(units: Int64((contracts / lot).rounded()) * market.lotSize.units)
            let tierNotional = Money.notional(of: size, at: Price(units: Int64(openPrice * 1e8)), .up)
            let tier = market.riskTiers.tiers[market.riskTiers.tierIndex(forNotional: tierNotional)]
            leverage = Swift.min(leverage, Double(tier.maxLeverage.units) / 1e8)
            // Healthy at the start: equity ≥ 1.25 × maintenance at the start price, else re-draw once, then enter at the start.
            func healthy(_ entry: Double) -> Bool {
                isHealthy(contracts: long ? contracts : -contracts, entry: entry, leverage: leverage, at: startPrice, tier: tier)
            }
            if openAt == 0, !healthy(entry) { entry = startPrice * exp(distribution.entrySpread * 0.5 * random.normal()) }
            if openAt == 0, !healthy(entry) { entry = startPrice }
            let entryTicks = Swift.max(1, (entry / tick).rounded(long ? .up : .down))
            let entryPrice = Price(units: Int64(entryTicks) * market.tickSize.units)
            let entryNotional = Money.notional(of: size, at: entryPrice, .up)
            let collateral = entryNotional.divided(by: Rate(units: Int64((leverage * 1e8).rounded(.down))), .up)
            let id = "acct-" + String(repeating: "0", count: Swift.max(0, 7 - String(index + 1).count)) + String(index + 1)
            // An isolated account also holds a free wallet of 0–50 % of its margin, which the position cannot use.
            let free = isolated ? Money(units: Int64(Double(collateral.units) * 0.5 * z2)) : .zero
            members.append(Member(
                id: id, marginMode: isolated ? .isolated : .cross, deposit: collateral + free,
                holdings: [Holding(
                    market: market.symbol, size: long ? size : -size, entryPrice: entryPrice,
                    isolatedMargin: isolated ? collateral : .zero, leverage: leverage)],
                openAt: openAt))
        }
        return Population(members: members, name: "generated: \(count) accounts (seed \(seed))")
    }

    /// A leverage from the mixture: 62 % in 10–25×, 26 % in 2–10×, 9 % in 25–75×, 3 % in
    /// 75–125×, log-uniform within each.
    static func drawLeverage(using random: inout SeededGenerator) -> Double {
        let u = random.unit()
        if u < 0.62 { return random.logUniform(10, 25) }
        if u < 0.88 { return random.logUniform(2, 10) }
        if u < 0.97 { return random.logUniform(25, 75) }
        return random.logUniform(75, 125)
    }

    /// Whether a position of `contracts` (signed) entered at `entry` with `leverage` has equity
    /// of at least 1.25 × its maintenance margin (plus 0.01) at `price`, in `tier`.
    static func isHealthy(contracts q: Double, entry: Double, leverage: Double, at price: Double, tier: RiskTier) -> Bool {
        let margin = abs(q) * entry / leverage
        let equity = margin + q * (price - entry)
        let rate = Double(tier.maintenanceMarginRate.units) / 1e8
        let amount = Double(tier.maintenanceAmount.units) / 1e8
        return equity >= 1.25 * Swift.max(abs(q) * price * rate - amount, 0) + 0.01
    }
}
