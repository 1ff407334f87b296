import Foundation
public import LiquidusCore
import LiquidusRandom

extension Population {
    /// The distributions of a generated population.
    ///
    /// - profile: ``isolatedShare`` one isolated position; ``crossSingleShare`` a cross account
    ///   with one position; ``directionalShare`` a cross account with two or three positions on
    ///   the same side; the rest a hedged cross account, long one asset and short another;
    /// - size: the account's total notional from ``notional`` (heavy-tailed, calibrated to the
    ///   10–11 October 2025 liquidations, see ``NotionalDistribution``), split over its
    ///   positions by uniform random weights; each position at least one minimum order;
    /// - market: each position's asset drawn by ``assetWeights`` (the scenario's assets in order;
    ///   BTC 0.5, ETH 0.3, SOL 0.2 by default: roughly their shares of perpetual open
    ///   interest), without repeats within an account;
    /// - side: ``longShare`` long (crowded longs before a crash; 87 % of the 10 October
    ///   liquidations were longs, CoinGlass) — the shorts, profitable in a crash, are the ADL
    ///   side of every market;
    /// - leverage: a mixture — 62 % log-uniform in 10–25×, 26 % in 2–10×, 9 % in 25–75×, 3 % in
    ///   75–125× — capped by the max leverage of each position's tier; collateral = notional ÷
    ///   leverage (rounded up); isolated accounts also keep a free wallet of 0–50 % of that;
    /// - entry: ``openDuringPathShare`` of the accounts open during the path, at a uniformly
    ///   random second of its first 95 %, at the run's marks then (dip buyers, late shorts); the
    ///   others are there at the start, entered at the start price × e^(σ_e·Z), σ_e =
    ///   ``entrySpread`` (positions opened over the days before), redrawn (then set to the start
    ///   price) when the account would be within 25 % of its maintenance margin at the start.
    public struct Distribution: Sendable, Hashable {
        /// The account's total notional.
        public var notional = NotionalDistribution()
        /// The share of longs.
        public var longShare: Double = 0.72
        /// The share of isolated single-position accounts.
        public var isolatedShare: Double = 0.40
        /// The share of cross accounts with one position.
        public var crossSingleShare: Double = 0.25
        /// The share of cross accounts with several positions on one side (the rest are hedged).
        public var directionalShare: Double = 0.20
        /// Each asset's weight, in the scenario's order (missing weights count as the last one).
        public var assetWeights: [Double] = [0.5, 0.3, 0.2]
        /// σ of the log entry price around the start price.
        public var entrySpread: Double = 0.02
        /// The share of accounts that open during the path.
        public var openDuringPathShare: Double = 0.3

        /// The defaults above.
        public init() {}
    }

    /// `count` seeded accounts `acct-0000001`, … on `markets` (one per asset of `scenario`, in its
    /// order), opened around the scenario's start prices (see ``Distribution``). Same seed, same
    /// population.
    /// - Complexity: O(count).
    public static func generated(
        count: Int, markets: [Market], scenario: ScenarioPath, seed: UInt64, distribution: Distribution = Distribution()
    ) -> Population {
        var random = SeededGenerator(seed: seed ^ 0x706F_7075_6C61_7469)
        var generator = Generator(markets: markets, scenario: scenario, distribution: distribution)
        var members: [Member] = []
        members.reserveCapacity(count)
        for index in 0..<count {
            members.append(generator.member(number: index + 1, using: &random))
        }
        return Population(members: members, name: "generated: \(count) accounts on \(markets.map(\.symbol).joined(separator: ", ")) (seed \(seed))")
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
}

extension Population {
    /// Draws one member at a time (see ``Population/generated(count:markets:scenario:seed:distribution:)``).
    struct Generator {
        let markets: [Market]
        let scenario: ScenarioPath
        let distribution: Distribution
        let cumulativeWeights: [Double]

        init(markets: [Market], scenario: ScenarioPath, distribution: Distribution) {
            self.markets = markets
            self.scenario = scenario
            self.distribution = distribution
            var weights = (0..<markets.count).map { index in
                index < distribution.assetWeights.count ? distribution.assetWeights[index] : distribution.assetWeights.last ?? 1
            }
            let total = Swift.max(weights.reduce(0, +), 1e-12)
            weights = weights.map { $0 / total }
            var running = 0.0
            cumulativeWeights = weights.map { running += $0; return running }
        }

        /// A position about to be filled.
        struct Draft {
            var market: Int
            var long: Bool
            var notional: Double
        }

        mutating func member(number: Int, using random: inout SeededGenerator) -> Member {
            let profile = drawProfile(using: &random)
            let total = distribution.notional.draw(using: &random)
            var leverage = Population.drawLeverage(using: &random)
            let free = random.unit()  // free-wallet share for isolated accounts
            var openAt: Int64 = 0
            if random.unit() < distribution.openDuringPathShare, scenario.seconds > 2 {
                openAt = 1 + Int64(random.unit() * Double(scenario.seconds - 2) * 0.95)
            }
            let drafts = positions(of: profile, notional: total, using: &random)
            // Sizes on the lot grid at the opening prices; the leverage capped by every tier.
            var sizes: [Quantity] = []
            for draft in drafts {
                let market = markets[draft.market]
                let price = openingPrice(draft.market, at: openAt)
                let lot = Double(market.lotSize.units) / 1e8
                let minimum = Double(market.minOrderSize.units) / 1e8
                let contracts = Swift.max(minimum, (draft.notional / price / lot).rounded(.down) * lot)
                let size = Quantity(units: Int64((contracts / lot).rounded()) * market.lotSize.units)
                sizes.append(draft.long ? size : -size)
                let notional = Money.notional(of: size, at: Price(units: Int64(price * 1e8)), .up)
                let tier = market.riskTiers.tiers[market.riskTiers.tierIndex(forNotional: notional)]
                leverage = Swift.min(leverage, Double(tier.maxLeverage.units) / 1e8)
            }
            var entries = drafts.indices.map { openingPrice(drafts[$0].market, at: openAt) }
            if openAt == 0 {
                entries = entries.map { $0 * exp(distribution.entrySpread * random.normal()) }
                if !healthy(sizes: sizes, drafts: drafts, entries: entries, leverage: leverage) {
                    entries = drafts.indices.map { openingPrice(drafts[$0].market, at: 0) * exp(distribution.entrySpread * 0.5 * random.normal()) }
                }
                if !healthy(sizes: sizes, drafts: drafts, entries: entries, leverage: leverage) {
                    entries = drafts.indices.map { openingPrice(drafts[$0].market, at: 0) }
                }
            }
            let leverageRate = Rate(units: Swift.max(Rate.one.units, Int64((leverage * 1e8).rounded(.down))))
            var holdings: [Holding] = []
            var deposit = Money.zero
            for (index, draft) in drafts.enumerated() {
                let market = markets[draft.market]
                let tick = Double(market.tickSize.units) / 1e8
                let ticks = Swift.max(1, (entries[index] / tick).rounded(draft.long ? .up : .down))
                let entry = Price(units: Int64(ticks) * market.tickSize.units)
                let collateral = Money.notional(of: sizes[index], at: entry, .up).divided(by: leverageRate, .up)
                deposit += collateral
                holdings.append(Holding(
                    market: market.symbol, size: sizes[index], entryPrice: entry,
                    isolatedMargin: profile == .isolated ? collateral : .zero, leverage: leverage))
            }
            // An isolated account also holds a free wallet of 0–50 % of its margin, which the position cannot use.
            if profile == .isolated { deposit += Money(units: Int64(Double(deposit.units) * 0.5 * free)) }
            let digits = String(number)
            let id = "acct-" + String(repeating: "0", count: Swift.max(0, 7 - digits.count)) + digits
            return Member(
                id: id, marginMode: profile == .isolated ? .isolated : .cross, deposit: deposit, holdings: holdings, openAt: openAt,
                profile: profile)
        }

        func drawProfile(using random: inout SeededGenerator) -> Profile {
            let u = random.unit()
            if markets.count < 2 { return u < distribution.isolatedShare ? .isolated : .crossSingle }
            if u < distribution.isolatedShare { return .isolated }
            if u < distribution.isolatedShare + distribution.crossSingleShare { return .crossSingle }
            if u < distribution.isolatedShare + distribution.crossSingleShare + distribution.directionalShare { return .crossDirectional }
            return .crossHedged
        }

        /// The positions of an account of `profile` with total `notional`.
        func positions(of profile: Profile, notional: Double, using random: inout SeededGenerator) -> [Draft] {
            let long = random.unit() < distribution.longShare
            switch profile {
            case .isolated, .crossSingle:
                return [Draft(market: drawMarket(excluding: [], using: &random), long: long, notional: notional)]
            case .crossDirectional:
                let count = markets.count >= 3 && random.unit() < 0.4 ? 3 : 2
                var chosen: [Int] = []
                for _ in 0..<count { chosen.append(drawMarket(excluding: chosen, using: &random)) }
                let weights = chosen.map { _ in 0.2 + random.unit() }
                let total = weights.reduce(0, +)
                return zip(chosen, weights).map { Draft(market: $0, long: long, notional: notional * $1 / total) }
            case .crossHedged:
                let first = drawMarket(excluding: [], using: &random)
                let second = drawMarket(excluding: [first], using: &random)
                let share = 0.3 + 0.4 * random.unit()
                return [Draft(market: first, long: long, notional: notional * share), Draft(market: second, long: !long, notional: notional * (1 - share))]
            }
        }

        /// A market by the asset weights, not one of `excluded` (which must leave one).
        func drawMarket(excluding excluded: [Int], using random: inout SeededGenerator) -> Int {
            for _ in 0..<16 {
                let u = random.unit()
                let index = cumulativeWeights.firstIndex { u < $0 } ?? markets.count - 1
                if !excluded.contains(index) { return index }
            }
            return (0..<markets.count).first { !excluded.contains($0) } ?? 0
        }

        /// The exogenous price of market `index` at second `t`.
        func openingPrice(_ index: Int, at t: Int64) -> Double {
            scenario.assets[index].path.prices[Int(t)]
        }

        /// Whether the account has equity of at least 1.25 × its maintenance margin (plus 0.01)
        /// at the start prices (an isolated account has one position: the same test).
        func healthy(sizes: [Quantity], drafts: [Draft], entries: [Double], leverage: Double) -> Bool {
            var equity = 0.0
            var maintenance = 0.0
            for index in drafts.indices {
                let market = markets[drafts[index].market]
                let q = Double(sizes[index].units) / 1e8
                let price = openingPrice(drafts[index].market, at: 0)
                let notional = Swift.abs(q) * price
                let tier = market.riskTiers.tiers[market.riskTiers.tierIndex(forNotional: Money(units: Int64(Swift.min(notional, 9e10) * 1e8)))]
                let rate = Double(tier.maintenanceMarginRate.units) / 1e8
                let amount = Double(tier.maintenanceAmount.units) / 1e8
                equity += Swift.abs(q) * entries[index] / leverage + q * (price - entries[index])
                maintenance += Swift.max(notional * rate - amount, 0)
            }
            return equity >= 1.25 * maintenance + 0.01
        }
    }
}
