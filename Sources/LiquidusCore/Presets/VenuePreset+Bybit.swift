extension VenuePreset {
    /// PLACEHOLDER until the researched tables land.
    public static let bybit = VenuePreset(
        name: "bybit", title: "Bybit", source: "pending", tablesAsOf: "pending", differences: "pending",
        policy: .full, markets: VenuePreset.liquidus.markets)
}
