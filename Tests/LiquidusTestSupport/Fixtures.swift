public import Foundation
public import LiquidusCore

/// Shared fixtures: the tier tables of the conformance vectors, random books, and the location
/// of `../shared`.
public enum Fixtures {
    /// The repository root (the folder holding Package.swift).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` beside the repository, where the project's shared design notes sit (it may be absent).
    public static let sharedFolder: URL = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// The BTCUSDT market of the conformance vectors' `liquidus-basics.json` (the `liquidus` preset's).
    public static let btc: Market = VenuePreset.liquidus.markets.first { $0.symbol == "BTCUSDT" }!

    /// The ETHUSDT market of the same vectors.
    public static let eth: Market = VenuePreset.liquidus.markets.first { $0.symbol == "ETHUSDT" }!

    /// A catalog of both.
    public static let catalog = MarketCatalog([btc, eth])

    /// A price from text; traps on a typo in a test.
    public static func price(_ text: String) -> Price { try! Price(parsing: text) }
    /// A quantity from text; traps on a typo in a test.
    public static func quantity(_ text: String) -> Quantity { try! Quantity(parsing: text) }
    /// An amount from text; traps on a typo in a test.
    public static func money(_ text: String) -> Money { try! Money(parsing: text) }
    /// A rate from text; traps on a typo in a test.
    public static func rate(_ text: String) -> Rate { try! Rate(parsing: text) }
}
