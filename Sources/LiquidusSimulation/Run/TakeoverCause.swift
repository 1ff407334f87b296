public import LiquidusCore

/// Why a position was taken over whole rather than closed in part: read from the reason of the
/// engine's ``LiquidusEngine/PositionTakenOver`` event (the policies' and the cascade's reasons
/// are fixed texts with figures in them), and from the market's fee and tier where the reason
/// leaves it open.
public enum TakeoverCause: String, Sendable, Hashable, CaseIterable, Comparable {
    /// The policy takes every liquidatable position over (`full`).
    case fullPolicy
    /// The liquidation fee is at least the maintenance a partial close releases (Binance's and
    /// Liquidus' 1.25 % against a 0.4–0.5 % tier rate): no partial close restores the target.
    case fee
    /// The position is in the lowest risk tier, or no step down to a lower tier's cap restores
    /// maintenance (Bybit's rule).
    case tier
    /// The position is at or below the policy's size threshold (Hyperliquid's 100,000).
    case sizeThreshold
    /// The partial close rounds up to the whole position (one lot, or a chunk of all of it).
    case wholeAfterRounding
    /// Equity fell below the policy's floor (zero, or Hyperliquid's 2/3 of maintenance) before a
    /// partial close could act: the price moved past the position between two marks.
    case belowFloor
    /// The order book could not take the close within the slippage budget and the bankruptcy
    /// price (the executor's children ran out or the book held nothing).
    case bookDepth
    /// The fee of the close would exhaust the equity that is left.
    case feeExhaustsEquity
    /// The expected price is worse than the bankruptcy price.
    case beyondBankruptcy
    /// A second liquidation within the policy's cooldown is full.
    case cooldown
    /// Still under maintenance after the partial close: the policy's follow-up is a takeover.
    case stillUnderMaintenance
    /// No partial close reaches the target margin ratio although the fee is below the tier's rate.
    case targetUnreachable
    /// Anything else (no bankruptcy price to bound the close).
    case other

    /// The report's words for it.
    public var label: String {
        switch self {
        case .fullPolicy: "full policy"
        case .fee: "fee ≥ maintenance released"
        case .tier: "lowest tier / tier step"
        case .sizeThreshold: "size threshold"
        case .wholeAfterRounding: "rounds to the whole"
        case .belowFloor: "equity below the floor"
        case .bookDepth: "book depth"
        case .feeExhaustsEquity: "fee exhausts equity"
        case .beyondBankruptcy: "price beyond bankruptcy"
        case .cooldown: "cooldown"
        case .stillUnderMaintenance: "still under maintenance"
        case .targetUnreachable: "target unreachable"
        case .other: "other"
        }
    }

    public static func < (lhs: TakeoverCause, rhs: TakeoverCause) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The cause of a takeover whose event gives `reason`, of a position of `notional` on
    /// `market`. The cascade's own clauses (the book, the floor, the fee, the price) come first:
    /// they follow the policy's reason when they overrule it.
    public static func classify(_ reason: String, notional: Money, market: Market) -> TakeoverCause {
        var text = reason
        let found = text.withUTF8 { bytes in rules.first { contains(bytes, $0.phrase) }?.cause }
        if let found { return found }
        if text.withUTF8({ contains($0, unreachable) }) {
            let tier = market.riskTiers.tiers[market.riskTiers.tierIndex(forNotional: notional)]
            return market.liquidationFeeRate >= tier.maintenanceMarginRate ? .fee : .targetUnreachable
        }
        return .other
    }

    /// The phrases of the reasons, as UTF-8, with their causes, most specific first.
    static let rules: [(phrase: [UInt8], cause: TakeoverCause)] = ([
        ("the book took", .bookDepth), ("the book holds nothing", .bookDepth), ("has no book", .bookDepth),
        ("is below the floor", .belowFloor), ("would exhaust the equity", .feeExhaustsEquity),
        ("worse than the bankruptcy price", .beyondBankruptcy), ("within the cooldown", .cooldown),
        ("still under maintenance after the partial close", .stillUnderMaintenance),
        ("lowest risk tier", .tier), ("no lower risk tier restores", .tier), ("would close the whole position", .tier),
        ("is at or below", .sizeThreshold), ("rounds up to", .wholeAfterRounding), ("is the whole position", .wholeAfterRounding),
        ("full: the policy", .fullPolicy),
    ] as [(String, TakeoverCause)]).map { (Array($0.0.utf8), $0.1) }

    /// Restore's reason when no partial close reaches its target.
    static let unreachable = Array("no partial close short of the whole position".utf8)

    /// Whether `needle` occurs in `haystack` (bytes compared; O(h·n), the reasons are short).
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var start = 0
        while start + needle.count <= haystack.count {
            if haystack[start] == first {
                var index = 1
                while index < needle.count, haystack[start + index] == needle[index] { index += 1 }
                if index == needle.count { return true }
            }
            start += 1
        }
        return false
    }
}
