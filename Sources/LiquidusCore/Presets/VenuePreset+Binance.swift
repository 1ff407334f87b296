extension VenuePreset {
    /// PLACEHOLDER until the researched tables land.
    public static let binance = VenuePreset(
        name: "binance", title: "Binance", source: "pending", tablesAsOf: "pending", differences: "pending",
        policy: .full, markets: VenuePreset.liquidus.markets)
}
