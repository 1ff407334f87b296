public import LiquidusCore

/// A venue preset written as `check` input: its name, markets and policy, with empty
/// `accounts` and `markPrices` for the user to fill in. Reading it back gives the same markets.
public struct PresetDocument: Sendable, Encodable {
    /// The preset.
    public var preset: VenuePreset

    /// Creates the document of `preset`.
    public init(_ preset: VenuePreset) { self.preset = preset }

    enum CodingKeys: String, CodingKey { case venue, markets, policy, accounts, markPrices }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(preset.name, forKey: .venue)
        try container.encode(preset.markets.map(MarketDocument.init), forKey: .markets)
        try container.encode(PolicyDocument(policy: preset.policy), forKey: .policy)
        try container.encode([String](), forKey: .accounts)
        try container.encode([String: String](), forKey: .markPrices)
    }
}

/// A market in the `check` contract's `markets[i]` form.
struct MarketDocument: Encodable {
    var market: Market

    enum CodingKeys: String, CodingKey {
        case symbol, tickSize, lotSize, minOrderSize, riskTiers, liquidationFeeRate, takerFeeRate, markMethod, priceGuard, funding
    }
    enum FundingKeys: String, CodingKey { case intervalSeconds, interestRate, premiumClamp, cap, periodsPerRate, weighting, price }
    enum GuardKeys: String, CodingKey { case maxDeviation, maxIndexAgeSeconds }
    enum TierKeys: String, CodingKey { case notionalCap, maintenanceMarginRate, maintenanceAmount, maxLeverage }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(market.symbol, forKey: .symbol)
        try container.encode(market.tickSize.description, forKey: .tickSize)
        try container.encode(market.lotSize.description, forKey: .lotSize)
        try container.encode(market.minOrderSize.description, forKey: .minOrderSize)
        var tiers = container.nestedUnkeyedContainer(forKey: .riskTiers)
        for tier in market.riskTiers.tiers {
            var row = tiers.nestedContainer(keyedBy: TierKeys.self)
            try row.encodeIfPresent(tier.notionalCap?.description, forKey: .notionalCap)
            try row.encode(tier.maintenanceMarginRate.description, forKey: .maintenanceMarginRate)
            try row.encode(tier.maintenanceAmount.description, forKey: .maintenanceAmount)
            try row.encode(tier.maxLeverage.description, forKey: .maxLeverage)
        }
        try container.encode(market.liquidationFeeRate.description, forKey: .liquidationFeeRate)
        try container.encode(market.takerFeeRate.description, forKey: .takerFeeRate)
        if market.markMethod != .given { try container.encode(market.markMethod.rawValue, forKey: .markMethod) }
        if let guardrail = market.priceGuard {
            var fields = container.nestedContainer(keyedBy: GuardKeys.self, forKey: .priceGuard)
            try fields.encodeIfPresent(guardrail.maxDeviation?.description, forKey: .maxDeviation)
            try fields.encodeIfPresent(guardrail.maxIndexAge.map(String.init), forKey: .maxIndexAgeSeconds)
        }
        if let rules = market.funding {
            var fields = container.nestedContainer(keyedBy: FundingKeys.self, forKey: .funding)
            try fields.encode(String(rules.interval), forKey: .intervalSeconds)
            try fields.encode(rules.interestRate.description, forKey: .interestRate)
            try fields.encode(rules.premiumClamp.description, forKey: .premiumClamp)
            try fields.encodeIfPresent(rules.cap?.description, forKey: .cap)
            try fields.encode(String(rules.periodsPerRate), forKey: .periodsPerRate)
            try fields.encode(rules.weighting.rawValue, forKey: .weighting)
            try fields.encode(rules.price.rawValue, forKey: .price)
        }
    }
}

/// A policy in the `check` contract's `policy` form (see `PolicyInput`).
struct PolicyDocument: Encodable {
    var policy: PolicySpecification

    func encode(to encoder: any Encoder) throws {
        var fields: [String: String] = ["kind": policy.kind]
        switch policy {
        case .restoreMarginRatio(let target, let buffer):
            fields["targetMarginRatio"] = target.description
            fields["buffer"] = buffer.description
        case .stepDownTier, .full:
            break
        case .fixedFraction(let fraction, let cooldown, let fullBelow):
            fields["fraction"] = fraction.description
            fields["cooldownSeconds"] = String(cooldown)
            fields["fullBelowNotional"] = fullBelow.description
        case .incremental(let chunk, let interval):
            fields["chunk"] = chunk.description
            fields["intervalSeconds"] = String(interval)
        case .portionPerInterval(let portion, let minNotional, let cap, let interval):
            fields["portion"] = portion.description
            fields["minNotional"] = minNotional.description
            fields["accountCapPerInterval"] = cap.description
            fields["intervalSeconds"] = String(interval)
        }
        var container = encoder.singleValueContainer()
        try container.encode(fields)
    }
}
