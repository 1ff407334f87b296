import LiquidusBook
import LiquidusCore
@testable import LiquidusEngine
import LiquidusWorkloads
import Testing

/// The book-pricing iteration of ``LiquidationCascade/decide(_:)`` starts a ``ProjectingPolicy``
/// from its bounds' floor instead of deciding at the touch. Both reach the least consistent pair,
/// so on random book paths the engine's events are the same either way.
@Suite struct ConsistentPricingTests {
    /// A policy's decisions behind a plain ``LiquidationPolicy``: the cascade iterates from the
    /// touch, as it does for any policy that is not a ``ProjectingPolicy``.
    struct FromTheTouch: LiquidationPolicy {
        let policy: RestoreMarginRatio
        var kind: String { policy.kind }
        var backstopFloor: Rate { policy.backstopFloor }
        var followUp: PolicyFollowUp { policy.followUp }
        func decide(_ context: LiquidationContext) -> PolicyDecision { policy.decide(context) }
    }

    @Test(arguments: [(80, 5), (50, 0), (95, 10)])
    func startingFromTheFloorChangesNoEvent(target: Int64, buffer: Int64) {
        let policy = RestoreMarginRatio(target: Rate(units: target * 1_000_000), buffer: Rate(units: buffer * 1_000_000))
        var priced = 0
        for seed in 0..<40 {
            let inputs = EnginePropertyTests.path(seed: seed * 13 + 5, steps: 150, books: true)
            let (events, _) = EnginePropertyTests.run(
                inputs, policy: policy, fund: 500, check: false, executor: EnginePropertyTests.tightExecutor)
            let (reference, _) = EnginePropertyTests.run(
                inputs, policy: FromTheTouch(policy: policy), fund: 500, check: false, executor: EnginePropertyTests.tightExecutor)
            #expect(events == reference, "seed \(seed)")
            priced += events.count { event in
                if case .partialLiquidation(let partial) = event.payload { partial.execution != nil } else { false }
            }
        }
        // Book-priced partial closes, where the start of the iteration matters.
        #expect(priced > 20, "\(priced)")
    }

    /// The W3 workload's 1,024 accounts (50-level book, four tiers, closes of up to hundreds of
    /// lots walking several levels) at several targets: every quote is the same from the floor as
    /// from the touch, and most are partial closes.
    @Test func workloadQuotesAreTheSameFromTheFloor() throws {
        let workload = PlanningWorkload()
        let catalog = MarketCatalog([workload.market])
        let books = [workload.market.symbol: workload.book]
        var partial = 0
        for target in [50, 80, 95] as [Int64] {
            let policy = RestoreMarginRatio(target: Rate(units: target * 1_000_000))
            var fast = LiquidationQuoter(markets: catalog, policy: policy, books: books)
            var reference = LiquidationQuoter(markets: catalog, policy: FromTheTouch(policy: policy), books: books)
            for (account, mark) in workload.cases {
                let marks = [workload.market.symbol: mark]
                let quote = try fast.quote(account, marks: marks)
                #expect(quote == (try reference.quote(account, marks: marks)), "\(account.id) at \(target) %")
                if quote.action == .partialClose { partial += 1 }
            }
        }
        #expect(partial > 1_500, "\(partial)")
    }
}
