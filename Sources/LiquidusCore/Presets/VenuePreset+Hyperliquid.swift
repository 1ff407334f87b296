extension VenuePreset {
    /// PLACEHOLDER until the researched tables land.
    public static let hyperliquid = VenuePreset(
        name: "hyperliquid", title: "Hyperliquid", source: "pending", tablesAsOf: "pending", differences: "pending",
        policy: .full, markets: VenuePreset.liquidus.markets)
}
