public import LiquidusCore

extension EngineInput.Action {
    /// ``setAccount(id:marginMode:walletBalance:positions:openOrders:)`` with the fields of `account`.
    public static func setAccount(_ account: Account) -> EngineInput.Action {
        .setAccount(
            id: account.id, marginMode: account.marginMode, walletBalance: account.walletBalance, positions: account.positions,
            openOrders: account.openOrders)
    }
}

extension LiquidationEngine {
    /// Sets account `id` to the state the exchange's ledger has (the `setAccount` input), opening
    /// it when it is new.
    ///
    /// **Checks** — `check`'s, with its paths relative to the account: the fields make a valid core
    /// ``LiquidusCore/Account`` against the engine's markets (sizes on the lot grid, an isolated
    /// margin exactly on the positions of an isolated account, a leverage within the market's,
    /// every number and notional within ``LiquidusCore/Limits``), and every position's market has
    /// a mark at which the account can be evaluated. Entry prices need not lie on the tick (an
    /// average entry seldom does). Beyond `check`, the engine's invariant: an account without
    /// positions has a wallet ≥ 0.
    ///
    /// **Money.** An account's collateral is `C = walletBalance + Σ isolatedMargin`. Setting the
    /// account from `C₀` (0 for a new one) to `C₁` books `C₁ − C₀` as external flow, exactly as a
    /// deposit (> 0) or a withdrawal (< 0) would: ``externalNet`` moves by it and no other bucket
    /// (insurance fund, outside market, liquidator) changes, so the ledger still sums to
    /// ``externalNet``. Whatever the exchange settled between the two states — trades at other
    /// prices, realized PnL, fees, funding, transfers — is inside that difference, so it is
    /// counted as flow across the engine's boundary, not against the outside market's cash.
    /// Positions, entry prices, leverages and orders are replaced as given; unrealized PnL is not
    /// a ledger bucket, so it moves nothing. The account's liquidation history (cooldowns,
    /// interval caps) is kept, except a close under way on a position the input changes, which
    /// ends. The account is then re-checked like any changed account, so one
    /// set at or below maintenance is liquidated by the same input.
    /// - Complexity: O(p·t) for p positions and orders.
    mutating func setAccount(
        id: String, marginMode: MarginMode, walletBalance: Money, positions: [Position], openOrders: [OpenOrder]
    ) throws(ValidationError) -> Set<String> {
        let account = try Account(
            id: id, marginMode: marginMode, walletBalance: walletBalance, positions: positions, openOrders: openOrders, markets: markets)
        _ = try account.margin(markets: markets, marks: marks, liquidationPrices: false)
        guard !(positions.isEmpty && walletBalance.isNegative) else {
            throw ValidationError(.outOfRange, at: "walletBalance", "must be ≥ 0 in an account without positions")
        }
        let old = accounts[id]
        let flow = Self.collateral(account.walletBalance, account.positions) - (old.map { Self.collateral($0.walletBalance, $0.positions) } ?? 0)
        let (net, overflow) = externalNet.units.addingReportingOverflow(flow)
        guard !overflow, net != .min else {
            throw ValidationError(.outOfRange, at: "walletBalance", "the collateral change \(WideMoney(units: flow)) takes the ledger beyond its range")
        }
        var history = old?.history ?? LiquidationHistory()
        // A close under way was sized for the position it reduces: a position re-stated by the
        // exchange ends it (the account is re-checked at once and, if need be, planned afresh).
        if let close = history.pendingClose,
           old?.positions.first(where: { $0.market == close.market }) != account.positions.first(where: { $0.market == close.market }) {
            history.pendingClose = nil
        }
        store(AccountState(account, history: history), for: id)
        externalNet = WideMoney(units: net)
        return [id]
    }

    /// `wallet + Σ isolated margins`, in units of 10⁻⁸ (wide: an engine's account may hold more
    /// than `Int64` in its margins together).
    static func collateral(_ wallet: Money, _ positions: [Position]) -> Int128 {
        positions.reduce(Int128(wallet.units)) { $0 + Int128($1.isolatedMargin?.units ?? 0) }
    }
}
