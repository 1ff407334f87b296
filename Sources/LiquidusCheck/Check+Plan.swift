public import LiquidusBook
public import LiquidusCore
public import LiquidusEngine

extension Check {
    /// The liquidation plan of `account`: the engine's own planner (`LiquidationPlanner`) under
    /// the input's policy, with the input's order books.
    ///
    /// With a book, a close's expected price is the average fill of walking the book for that
    /// close's quantity, and the quantity the policy needs depends on that price: the planner
    /// takes the least consistent pair, so an independent depth walk of a step's `quantity`
    /// reproduces its `expectedPrice` exactly. Depth beyond the bankruptcy price is never used;
    /// what the book cannot fill is priced at that price, and a close larger than the depth within
    /// the executor's slippage budget shows as its first child order.
    ///
    /// Without an `insuranceFund` in the input the fund is assumed to cover any loss, so the plan
    /// shows no auto-deleveraging step.
    ///
    /// Throws (`overflow`, at a path within the account) when a figure of the plan cannot be
    /// formed exactly; the account's margins always can (``CheckInput`` evaluated them).
    public static func plan(for account: Account, in input: CheckInput, books: [String: OrderBook]) throws(ValidationError) -> [PlanStep] {
        try LiquidationPlanner.plan(
            account: account, markets: input.markets, marks: input.markPrices, policy: input.policy.makePolicy(),
            insuranceFund: WideMoney(input.insuranceFund ?? Limits.maxMoney), books: books)
    }
}
