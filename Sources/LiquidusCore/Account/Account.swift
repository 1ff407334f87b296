/// A trader's account: collateral, positions and resting orders, in one margin mode.
///
/// A validated value: every position and order refers to a known market, sizes and order prices
/// lie on their market's grids, every number is within ``Limits``, a cross account has no
/// isolated margins and an isolated account has one per position, and a market holds at most
/// one position.
public struct Account: Hashable, Sendable {
    /// The account's identifier, unique in a book.
    public let id: String
    /// Cross or isolated.
    public let marginMode: MarginMode
    /// Collateral not set aside in isolated margins (cross: the collateral of every position).
    public let walletBalance: Money
    /// Open positions, at most one per market, in the order given.
    public let positions: [Position]
    /// Resting orders.
    public let openOrders: [OpenOrder]

    /// Validates and creates an account against the markets it trades. Errors name the field
    /// relative to the account (`positions[0].size`).
    ///
    /// Beyond each field's own range, the account's collateral — its wallet plus its isolated
    /// margins — is at most ``Limits/maxMoney``, and so is its total notional at entry and order
    /// prices.
    public init(
        id: String, marginMode: MarginMode, walletBalance: Money, positions: [Position],
        openOrders: [OpenOrder] = [], markets: MarketCatalog
    ) throws(ValidationError) {
        try self.init(
            id: id, marginMode: marginMode, walletBalance: walletBalance, positions: positions, openOrders: openOrders, markets: markets,
            collateral: .input)
    }

    /// Which bounds an account's collateral (wallet and isolated margins) is held to.
    package enum CollateralBounds: Sendable {
        /// An input's: each within ``Limits/maxMoney`` in magnitude, and their sum too.
        case input
        /// An engine's account: any amount ``Money`` holds (isolated margins ≥ 0). Realized
        /// profit (a close above entry, an auto-deleveraging at the bankruptcy price) may take a
        /// wallet beyond the limits an input is held to; every other rule still applies.
        case state
    }

    /// ``init(id:marginMode:walletBalance:positions:openOrders:markets:)`` with the collateral
    /// held to `collateral`.
    package init(
        id: String, marginMode: MarginMode, walletBalance: Money, positions: [Position],
        openOrders: [OpenOrder] = [], markets: MarketCatalog, collateral: CollateralBounds
    ) throws(ValidationError) {
        guard !id.isEmpty, id.count <= 128 else {
            throw ValidationError(.outOfRange, at: "id", "must be 1 to 128 characters")
        }
        guard collateral == .state || walletBalance.magnitude <= Limits.maxMoney else {
            throw ValidationError(.outOfRange, at: "walletBalance", "must be within ±\(Limits.maxMoney)")
        }
        var totalCollateral = Int128(walletBalance.units)
        guard positions.count <= Limits.maxPositionsPerAccount else {
            throw ValidationError(.outOfRange, at: "positions", "must hold at most \(Limits.maxPositionsPerAccount) positions")
        }
        var seen = Set<String>()
        var totalNotional = Money.zero
        for (index, position) in positions.enumerated() {
            // Paths are built only when something is wrong: the happy path formats no strings.
            func path(_ field: String) -> String { "positions[\(index)].\(field)" }
            guard let market = markets[position.market] else { throw Self.unknownMarket(position.market, markets, at: path("market")) }
            guard seen.insert(position.market).inserted else {
                throw ValidationError(.duplicate, at: path("market"), "the account already has a position in \(position.market)")
            }
            try Self.validate(size: position.size, of: market, at: path("size"))
            guard position.entryPrice.isPositive, position.entryPrice <= Limits.maxPrice else {
                throw ValidationError(.outOfRange, at: path("entryPrice"), "must be > 0 and at most \(Limits.maxPrice)")
            }
            let notional = try Self.checkedNotional(position.size, position.entryPrice, at: path("size"))
            totalNotional = try Self.accumulate(totalNotional, notional, at: "positions[\(index)]")
            switch (marginMode, position.isolatedMargin) {
            case (.isolated, nil):
                throw ValidationError(.missingField, at: path("isolatedMargin"), "is required in an isolated account")
            case (.cross, .some):
                throw ValidationError(.inconsistent, at: path("isolatedMargin"), "is only allowed in an isolated account")
            case (.isolated, .some(let margin)):
                guard !margin.isNegative, collateral == .state || margin <= Limits.maxMoney else {
                    throw ValidationError(.outOfRange, at: path("isolatedMargin"), "must be ≥ 0 and at most \(Limits.maxMoney)")
                }
                totalCollateral += Int128(margin.units)
                guard collateral == .state || totalCollateral <= Int128(Limits.maxMoney.units) else {
                    throw ValidationError(
                        .outOfRange, at: path("isolatedMargin"), "brings the account's collateral (wallet and isolated margins) above \(Limits.maxMoney)")
                }
            case (.cross, nil): break
            }
            if let leverage = position.leverage {
                let cap = market.riskTiers.tiers[0].maxLeverage
                guard leverage >= Rate.one, leverage <= cap else {
                    throw ValidationError(.outOfRange, at: path("leverage"), "must be ≥ 1 and at most the market's max leverage \(cap)")
                }
            }
        }
        for (index, order) in openOrders.enumerated() {
            func path(_ field: String) -> String { "openOrders[\(index)].\(field)" }
            guard let market = markets[order.market] else { throw Self.unknownMarket(order.market, markets, at: path("market")) }
            try Self.validate(size: order.size, of: market, at: path("size"))
            guard order.price.isPositive, order.price <= Limits.maxPrice else {
                throw ValidationError(.outOfRange, at: path("price"), "must be > 0 and at most \(Limits.maxPrice)")
            }
            guard order.price.isMultiple(of: market.tickSize) else {
                throw ValidationError(.notOnGrid, at: path("price"), "must be a multiple of the tick size \(market.tickSize)")
            }
            let notional = try Self.checkedNotional(order.size, order.price, at: path("size"))
            totalNotional = try Self.accumulate(totalNotional, notional, at: "openOrders[\(index)]")
        }
        self.id = id
        self.marginMode = marginMode
        self.walletBalance = walletBalance
        self.positions = positions
        self.openOrders = openOrders
    }

    /// The unknown-market error `MarketCatalog.market(_:at:)` gives.
    static func unknownMarket(_ symbol: String, _ markets: MarketCatalog, at path: String) -> ValidationError {
        do { _ = try markets.market(symbol, at: path) } catch { return error }
        return ValidationError(.unknownReference, at: path, "unknown market \"\(symbol)\"")
    }

    static func validate(size: Quantity, of market: Market, at path: @autoclosure () -> String) throws(ValidationError) {
        guard !size.isZero else { throw ValidationError(.outOfRange, at: path(), "must not be zero") }
        guard size.magnitude <= Limits.maxSize else {
            throw ValidationError(.outOfRange, at: path(), "must be within ±\(Limits.maxSize)")
        }
        guard size.isMultiple(of: market.lotSize) else {
            throw ValidationError(.notOnGrid, at: path(), "must be a multiple of the lot size \(market.lotSize) of \(market.symbol)")
        }
    }

    /// `|size| × price`, or an error when it exceeds ``Limits/maxMoney``.
    static func checkedNotional(_ size: Quantity, _ price: Price, at path: @autoclosure () -> String) throws(ValidationError) -> Money {
        let wide = Int128(size.units.magnitude) * Int128(price.units)
        guard wide <= Int128(Limits.maxMoney.units) * FixedPoint.wideScale else {
            throw ValidationError(.outOfRange, at: path(), "gives a notional above the limit \(Limits.maxMoney)")
        }
        return Money.notional(of: size, at: price, .requirement)
    }

    /// `total + notional` (each at most ``Limits/maxMoney``, so the sum fits), or an error when
    /// it exceeds ``Limits/maxMoney``.
    static func accumulate(_ total: Money, _ notional: Money, at path: @autoclosure () -> String) throws(ValidationError) -> Money {
        let sum = total + notional
        guard sum <= Limits.maxMoney else {
            throw ValidationError(.outOfRange, at: path(), "brings the account's total notional above the limit \(Limits.maxMoney)")
        }
        return sum
    }
}
