import Foundation
import LiquidusCore
@testable import LiquidusEngine
import LiquidusRandom
import Testing

/// Funding: rates from the venue or from premium samples, settled at interval boundaries,
/// exact to the unit (payers rounded up, receivers and the outside market down, the rest to
/// the fund), each payment an event, and accounts pushed under maintenance liquidated.
@Suite struct FundingTests {
    /// ``Fixtures/test`` with hourly funding (0.01 % interest, ±0.05 % clamp, `cap`).
    static func market(cap: String? = "0.01", periods: Int64 = 1, weighting: FundingRules.Weighting = .linear) -> Market {
        let test = Fixtures.test
        let rules = try! FundingRules(
            interval: 3_600, interestRate: Fixtures.rate("0.0001"), premiumClamp: Fixtures.rate("0.0005"), cap: cap.map(Fixtures.rate),
            periodsPerRate: periods, weighting: weighting)
        return try! Market(
            symbol: test.symbol, tickSize: test.tickSize, lotSize: test.lotSize, riskTiers: test.riskTiers.tiers,
            liquidationFeeRate: test.liquidationFeeRate, takerFeeRate: test.takerFeeRate, funding: rules)
    }

    static func engine(_ market: Market = market(), mark: Price = Fixtures.price("999.99")) throws -> LiquidationEngine {
        var engine = LiquidationEngine(policy: RestoreMarginRatio(target: Fixtures.rate("0.8")), insuranceFund: 1_000, markets: [market])
        _ = try engine.apply(EngineInput(time: 0, .markPrice(market: "TEST", price: mark)))
        _ = try engine.apply(EngineInput(time: 0, .setAccount(Fixtures.cross("alice", wallet: 1_000, [Position(market: "TEST", size: 3, entryPrice: 1000)]))))
        _ = try engine.apply(EngineInput(time: 0, .setAccount(Fixtures.cross("bob", wallet: 1_000, [Position(market: "TEST", size: -1, entryPrice: 1000)]))))
        _ = try engine.apply(EngineInput(time: 0, .setAccount(Fixtures.isolated("carol", wallet: 0, [Position(market: "TEST", size: -1, entryPrice: 1000, isolatedMargin: 100)]))))
        return engine
    }

    static func funding(_ events: [EngineEvent]) -> (paid: [FundingPaid], settled: [FundingSettled]) {
        (events.compactMap { if case .fundingPaid(let e) = $0.payload { e } else { nil } },
         events.compactMap { if case .fundingSettled(let e) = $0.payload { e } else { nil } })
    }

    /// A given rate of 0.012345 % at a mark of 999.99, settled at the hour:
    /// alice long 3 owes 3 × 999.99 × 0.00012345 = 0.3703462965 → pays 0.3703463 (up);
    /// bob and carol, short 1, are owed 0.1234487655 → receive 0.12344876 each (down);
    /// the outside market holds the other side of the net 0.1234487655 → 0.12344876 (down);
    /// the fund keeps 0.3703463 − 2 × 0.12344876 − 0.12344876 = 0.00000002.
    @Test func aGivenRateSettlesExactlyAtTheBoundary() throws {
        var engine = try Self.engine()
        _ = try engine.apply(EngineInput(time: 10_000, .fundingRate(market: "TEST", rate: Fixtures.rate("0.00012345"))))
        #expect(try engine.apply(EngineInput(time: 3_599_000, .advanceTime)).isEmpty)
        let fundBefore = engine.insuranceFund
        let (paid, settled) = Self.funding(try engine.apply(EngineInput(time: 3_600_000, .advanceTime)))
        #expect(paid.map(\.account) == ["alice", "bob", "carol"])
        #expect(paid.map(\.amount) == [Fixtures.money("-0.3703463"), Fixtures.money("0.12344876"), Fixtures.money("0.12344876")])
        let settlement = try #require(settled.first)
        #expect(settlement.source == "given" && settlement.rate == Fixtures.rate("0.00012345"))
        #expect(settlement.paid == WideMoney(Fixtures.money("0.3703463")))
        #expect(settlement.received == WideMoney(Fixtures.money("0.24689752")))
        #expect(settlement.outsideMarket == WideMoney(Fixtures.money("0.12344876")))
        #expect(settlement.insuranceFund == WideMoney(Money(units: 2)))
        #expect(engine.insuranceFund - fundBefore == WideMoney(Money(units: 2)))
        #expect(engine.account("carol")?.positions[0].isolatedMargin == Fixtures.money("100.12344876"))
        #expect(engine.checkInvariants().isEmpty)
        // The next hour has no rate and no samples: nothing settles.
        #expect(try engine.apply(EngineInput(time: 7_200_000, .advanceTime)).isEmpty)
    }

    /// The rate from premium samples: linear weights, 0.1 % then 0.3 % → P = (0.001 + 2 × 0.003)
    /// ÷ 3 = 0.00233333 (toward zero); F = P + clamp(0.0001 − P, ±0.0005) = 0.00183333.
    /// Equal weights, an eighth per hour (Hyperliquid): P = 0.002, F = 0.0015, ÷ 8 = 0.0001875;
    /// a 4 % cap leaves it, a 0.01 % cap limits it.
    @Test func premiumSamplesFormTheRate() throws {
        var engine = try Self.engine()
        for (time, premium) in [(10, "0.001"), (20, "0.003")] {
            _ = try engine.apply(EngineInput(time: Int64(time), .premiumIndex(market: "TEST", premium: Fixtures.rate(premium))))
        }
        let settled = Self.funding(try engine.apply(EngineInput(time: 3_600_000, .advanceTime))).settled
        #expect(settled.first?.rate == Fixtures.rate("0.00183333"))
        #expect(settled.first?.averagePremium == Fixtures.rate("0.00233333"))
        #expect(settled.first?.source == "premium")

        let hourly = try FundingRules(
            interval: 3_600, interestRate: Fixtures.rate("0.0001"), premiumClamp: Fixtures.rate("0.0005"), cap: Fixtures.rate("0.04"),
            periodsPerRate: 8, weighting: .equal, price: .index)
        #expect(hourly.rate(averagePremium: Fixtures.rate("0.002")) == Fixtures.rate("0.0001875"))
        let tight = try FundingRules(interval: 3_600, interestRate: Fixtures.rate("0.0001"), premiumClamp: Fixtures.rate("0.0005"), cap: Fixtures.rate("0.0001"), periodsPerRate: 8)
        #expect(tight.rate(averagePremium: Fixtures.rate("0.002")) == Fixtures.rate("0.0001"))
        #expect(tight.rate(averagePremium: Fixtures.rate("-0.9")) == Fixtures.rate("-0.0001"))
    }

    /// dave, long 1 @ 1,000 with 51 (maintenance 50): a 1 % rate takes 10, leaving equity 41 <
    /// 50 — he is liquidated in the same input, after the payment.
    @Test func aPaymentThatBreachesMaintenanceLiquidates() throws {
        var engine = try Self.engine(mark: 1000)
        _ = try engine.apply(EngineInput(time: 0, .setAccount(Fixtures.cross("dave", wallet: 51, [Position(market: "TEST", size: 1, entryPrice: 1000)]))))
        _ = try engine.apply(EngineInput(time: 1_000, .fundingRate(market: "TEST", rate: Fixtures.rate("0.01"))))
        let events = try engine.apply(EngineInput(time: 3_600_000, .advanceTime))
        let types = events.map(\.payload.type)
        let paidAt = try #require(types.firstIndex(of: "fundingSettled"))
        #expect(events.contains { if case .fundingPaid(let e) = $0.payload { e.account == "dave" && e.amount == -10 } else { false } })
        #expect(events[paidAt...].contains { if case .liquidationTriggered(let e) = $0.payload { e.account == "dave" } else { false } })
        #expect(engine.checkInvariants().isEmpty)
    }

    /// Valued at an index of 10⁹ where the mark is 1, a long of 10⁹ owes 5 × 10¹⁷ at 50 %: beyond
    /// the money limit, it is skipped and named, and the others settle without it.
    @Test func aPaymentBeyondTheLimitsIsSkippedAndNamed() throws {
        let test = Fixtures.test
        let rules = try FundingRules(interval: 3_600, interestRate: .zero, premiumClamp: .zero, cap: nil, price: .index)
        let market = try Market(
            symbol: test.symbol, tickSize: test.tickSize, lotSize: test.lotSize, riskTiers: test.riskTiers.tiers,
            liquidationFeeRate: test.liquidationFeeRate, takerFeeRate: test.takerFeeRate, funding: rules)
        var engine = LiquidationEngine(policy: Full(), insuranceFund: 1_000, markets: [market])
        _ = try engine.apply(EngineInput(time: 0, .markPrice(market: "TEST", price: 1)))
        _ = try engine.apply(EngineInput(time: 0, .setAccount(Fixtures.cross("big", wallet: 1_000_000_000, [Position(market: "TEST", size: 1_000_000_000, entryPrice: 1)]))))
        _ = try engine.apply(EngineInput(time: 0, .setAccount(Fixtures.cross("small", wallet: 1_000, [Position(market: "TEST", size: -1, entryPrice: 1)]))))
        _ = try engine.apply(EngineInput(time: 0, .indexPrice(market: "TEST", price: Limits.maxPrice)))
        _ = try engine.apply(EngineInput(time: 0, .fundingRate(market: "TEST", rate: Fixtures.rate("0.5"))))
        let (paid, settled) = Self.funding(try engine.apply(EngineInput(time: 3_600_000, .advanceTime)))
        #expect(paid.map(\.account) == ["small"])
        #expect(settled.first?.skipped == ["big"])
        #expect(engine.checkInvariants().isEmpty)
    }

    @Test func badFundingInputsAreRefusedWithTheirPath() throws {
        var engine = try Self.engine()
        var plain = LiquidationEngine(policy: Full(), markets: [Fixtures.test])
        for (input, path) in [
            (EngineInput(time: 1_000, .fundingRate(market: "TEST", rate: Fixtures.rate("1.5"))), "rate"),
            (EngineInput(time: 1_000, .premiumIndex(market: "TEST", premium: Fixtures.rate("-2"))), "premium"),
            (EngineInput(time: 1_000, .premiumIndex(market: "NOPE", premium: .zero)), "market"),
        ] {
            let hash = engine.stateHash
            do { _ = try engine.apply(input); Issue.record("accepted \(input)") } catch { #expect(error.path == path) }
            #expect(engine.stateHash == hash)
        }
        do { _ = try plain.apply(EngineInput(time: 1_000, .fundingRate(market: "TEST", rate: .zero))); Issue.record("no rules") } catch {
            #expect(error.path == "market")
        }
    }

    /// Random books, rates, marks and settlements: after every input the ledger sums exactly;
    /// each settlement balances to the unit (paid = received + outside + fund + unrecovered) and
    /// rounding leaves the fund less than one unit per payment plus one; replay gives the same
    /// events and hash; the state survives a snapshot.
    @Test(arguments: 0..<8)
    func settlementsConserveMoney(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        var engine = LiquidationEngine(policy: RestoreMarginRatio(target: Fixtures.rate("0.8")), insuranceFund: 100, markets: [Self.market(cap: "0.05")])
        var inputs = [EngineInput(time: 0, .markPrice(market: "TEST", price: Price(units: Int64.random(in: 500_00000000...2_000_00000000, using: &random))))]
        for index in 0..<40 {
            let size = Quantity(units: (Int64.random(in: -9...9, using: &random) | 1) * 100_000_000)
            let account = index % 3 == 0
                ? Fixtures.isolated("a\(index)", wallet: 0, [Position(market: "TEST", size: size, entryPrice: 1000, isolatedMargin: Money(units: Int64.random(in: 1...2_000, using: &random) * 100_000_000))])
                : Fixtures.cross("a\(index)", wallet: Money(units: Int64.random(in: 1...5_000, using: &random) * 100_000_000), [Position(market: "TEST", size: size, entryPrice: 1000)])
            inputs.append(EngineInput(time: 0, .setAccount(account)))
        }
        var time: Int64 = 0
        for _ in 0..<30 {
            time += Int64.random(in: 1...2_000, using: &random) * 1_000
            let rate = Rate(units: Int64.random(in: -3_000_000...3_000_000, using: &random))
            switch Int.random(in: 0..<4, using: &random) {
            case 0: inputs.append(EngineInput(time: time, .fundingRate(market: "TEST", rate: rate)))
            case 1: inputs.append(EngineInput(time: time, .premiumIndex(market: "TEST", premium: rate)))
            case 2: inputs.append(EngineInput(time: time, .markPrice(market: "TEST", price: Price(units: Int64.random(in: 500_00000000...2_000_00000000, using: &random)))))
            default: inputs.append(EngineInput(time: time, .advanceTime))
            }
        }
        var events: [EngineEvent] = []
        let start = engine
        for input in inputs {
            events += try engine.apply(input)
            #expect(engine.checkInvariants().isEmpty)
        }
        let settlements = Self.funding(events).settled
        #expect(!settlements.isEmpty)
        var payments = 0
        for event in events {
            if case .fundingPaid = event.payload { payments += 1 }
            guard case .fundingSettled(let s) = event.payload else { continue }
            #expect(s.paid - s.received - s.outsideMarket - s.insuranceFund + s.unrecovered == .zero)
            #expect(s.insuranceFund.units <= Int128(payments + 1))
            payments = 0
        }
        var replay = start
        #expect(try replay.apply(contentsOf: inputs) == events)
        #expect(replay.stateHash == engine.stateHash)
        let restored = try LiquidationEngine(
            restoring: JSONDecoder().decode(LiquidationEngine.Snapshot.self, from: JSONEncoder().encode(engine.snapshot())),
            policy: RestoreMarginRatio(target: Fixtures.rate("0.8")))
        #expect(restored.stateHash == engine.stateHash)
    }
}
