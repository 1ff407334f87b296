/// A scenario's exogenous market: one price path per asset (sampled every second, all of the same
/// length, possibly correlated) and the depth each asset's book holds over time.
///
/// The paths are what prices would have done without the simulated liquidations (the fair value
/// the simulated books are centred on); the engine's marks add what the liquidation flow does to
/// the books.
public struct ScenarioPath: Sendable, Hashable {
    /// One asset of the scenario.
    public struct Asset: Sendable, Hashable {
        /// The asset's name, the prefix of its market symbols (`BTC`, `ETH`, `SOL`).
        public var name: String
        /// Its exogenous price path.
        public var path: PricePath
        /// The depth its book holds over time.
        public var depth: DepthSchedule

        /// Creates an asset.
        public init(name: String, path: PricePath, depth: DepthSchedule = .constant) {
            self.name = name
            self.path = path
            self.depth = depth
        }
    }

    /// The scenario's name, for the report.
    public var name: String
    /// The assets, in the order the report shows them (the first is the headline asset).
    public var assets: [Asset]
    /// Calibration notes and sources, for the report.
    public var notes: [String]
    /// The wall-clock time of second 0, for the report (`"2025-10-10 15:00 UTC"`), if the scenario has one.
    public var startLabel: String?

    /// Creates a scenario; every asset's path must have the same number of seconds.
    public init(name: String, assets: [Asset], notes: [String] = [], startLabel: String? = nil) {
        precondition(!assets.isEmpty, "a scenario has at least one asset")
        precondition(assets.allSatisfy { $0.path.seconds == assets[0].path.seconds }, "every asset's path has the same length")
        self.name = name
        self.assets = assets
        self.notes = notes
        self.startLabel = startLabel
    }

    /// A single-asset scenario of `path` with an ordinary book throughout.
    public init(single path: PricePath, asset: String = "BTC") {
        self.init(name: path.name, assets: [Asset(name: asset, path: path)], notes: path.notes)
    }

    /// The number of seconds (the same for every asset).
    public var seconds: Int { assets[0].path.seconds }

    /// The headline asset's path.
    public var headline: PricePath { assets[0].path }

    /// The scenario cut to its first `seconds` seconds.
    public func prefix(seconds count: Int) -> ScenarioPath {
        var copy = self
        copy.assets = assets.map { Asset(name: $0.name, path: $0.path.prefix(seconds: count), depth: $0.depth) }
        return copy
    }

    /// The scenario's seconds `start ..< start + count` (which must lie within it), the depth
    /// schedule shifted with them: second `start` becomes second 0.
    public func window(from start: Int, seconds count: Int) -> ScenarioPath {
        var copy = self
        copy.assets = assets.map { asset in
            Asset(
                name: asset.name, path: PricePath(name: asset.path.name, prices: Array(asset.path.prices[start..<(start + count)])),
                depth: DepthSchedule(asset.depth.anchors.map { ($0.second - start, $0.factor) }))
        }
        return copy
    }
}
