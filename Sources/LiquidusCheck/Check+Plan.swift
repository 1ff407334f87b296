public import LiquidusBook
public import LiquidusCore
public import LiquidusEngine

extension Check {
    /// The liquidation plan of `account`: the engine's own planner (``LiquidationPlanner``) under
    /// the input's policy, with execution prices from the order books where the input has them.
    ///
    /// With a book, a close's expected price is the average fill of walking the book for that
    /// close's quantity — but the quantity the policy needs depends on that price. The two are
    /// made consistent by iteration: plan at the mark, walk the book for each planned close,
    /// re-plan at the walked prices, and repeat until the quantities stop changing. A worse price
    /// never asks for less, and a larger close never walks to a better price, so the quantities
    /// only grow and the iteration stops at the least consistent plan: the minimal quantity whose
    /// own depth walk justifies it (an independent walk of `quantity` reproduces `expectedPrice`
    /// exactly). Depth that runs out is priced at the close's limit — the bankruptcy price — for
    /// the unfilled part, the conservative assumption (the executor escalates what the book
    /// cannot take).
    ///
    /// Without an `insuranceFund` in the input the fund is assumed to cover any loss, so the plan
    /// shows no auto-deleveraging step.
    /// - Complexity: O(i × planner) for i ≤ 32 iterations.
    public static func plan(for account: Account, in input: CheckInput, books: [String: OrderBook]) -> [PlanStep] {
        let policy = input.policy.makePolicy()
        let fund = input.insuranceFund ?? Limits.maxMoney
        var expected: [String: Price] = [:]
        var steps: [PlanStep] = []
        for _ in 0..<32 {
            // CheckInput validated the account against its marks: planning cannot fail.
            steps = try! LiquidationPlanner.plan(
                account: account, markets: input.markets, marks: input.markPrices, policy: policy,
                insuranceFund: fund, expectedPrices: expected)
            var next = expected
            for step in steps {
                guard let market = step.market, let quantity = step.quantity, let book = books[market],
                      let position = account.positions.first(where: { $0.market == market }),
                      step.kind == .partialClose || step.kind == .fullTakeover
                else { continue }
                next[market] = expectedPrice(closing: quantity, of: position.side, limit: step.limitPrice, book: book)
            }
            if next == expected { break }
            expected = next
        }
        return steps
    }

    /// The average price of closing `quantity` of a `side` position against `book`; what the
    /// visible depth cannot fill is priced at `limit` (else at the worst level touched). Rounded
    /// against the trader: down for a sell, up for a buy.
    static func expectedPrice(closing quantity: Quantity, of side: Side, limit: Price?, book: OrderBook) -> Price? {
        let order = OrderSide(closing: side)
        guard let walk = try? book.walk(side: order, quantity: quantity), walk.filled.isPositive else { return limit }
        if walk.isComplete { return walk.averagePrice }
        guard let rest = limit ?? walk.worstPrice else { return walk.averagePrice }
        let notional = walk.exactNotional + Int128(walk.unfilled.units) * Int128(rest.units)
        return Price(units: Int64(WideDivision.divide(notional, by: Int128(quantity.units), order.conservativeRounding)))
    }
}
