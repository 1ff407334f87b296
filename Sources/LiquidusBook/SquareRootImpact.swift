/// The square-root law of market impact, a static model:
/// `impact = Y × σ × (q ÷ V)^δ`, with δ = ½ by default.
///
/// `q` is the order size, `σ` the volatility and `V` the volume traded over the same horizon;
/// `Y` is a dimensionless coefficient of order one. The law is among the most robust regularities
/// of market microstructure, across asset classes and venues:
/// - R. Almgren, C. Thum, E. Hauptmann, H. Li, "Direct estimation of equity market impact",
///   *Risk* 18(7), July 2005 (their fit of temporary impact has exponent about 3/5; set
///   ``exponent`` to 0.6 to use it);
/// - B. Tóth, Y. Lempérière, C. Deremble, J. de Lataillade, J. Kockelkoren, J.-P. Bouchaud,
///   "Anomalous price impact and the critical nature of liquidity in financial markets",
///   *Physical Review X* 1, 021006 (2011);
/// - J.-P. Bouchaud, "Price impact", *Encyclopedia of Quantitative Finance*, Wiley (2010),
///   arXiv:0903.2428.
///
/// The model ignores the visible depth and does not learn: ``observe(fill:)`` does nothing.
/// Guards: the participation `q ÷ V` uses `max(V, volumeFloor)` and `max(q, 0)`, and a
/// negative or non-finite σ counts as 0, so the output is finite and ≥ 0 for any input.
public struct SquareRootImpact: ImpactModel, Hashable {
    /// The coefficient `Y`, ≥ 0.
    public var coefficient: Double
    /// The exponent `δ` on the participation `q ÷ V`: 0.5 for the square-root law.
    public var exponent: Double
    /// The smallest volume used in `q ÷ V`, > 0 (a market with no recent volume then shows a
    /// very large, finite impact).
    public var volumeFloor: Double

    /// Creates the model `Y × σ × (q ÷ V)^δ`.
    public init(coefficient: Double = 1, exponent: Double = 0.5, volumeFloor: Double = 1e-9) {
        self.coefficient = coefficient
        self.exponent = exponent
        self.volumeFloor = volumeFloor
    }

    /// `Y × σ × (q ÷ max(V, floor))^δ`.
    /// - Complexity: O(1).
    public func expectedImpact(_ input: ImpactInput) -> Double {
        let sigma = input.volatility.isFinite ? max(input.volatility, 0) : 0
        let participation = max(input.size, 0) / max(input.volume, volumeFloor)
        // √ is correctly rounded everywhere; any other exponent goes through DeterministicMath.
        let scaled = exponent == 0.5 ? participation.squareRoot() : DeterministicMath.pow(participation, exponent)
        let impact = coefficient * sigma * scaled
        return impact.isFinite ? max(impact, 0) : .greatestFiniteMagnitude
    }

    /// Does nothing: the coefficients are fixed.
    public mutating func observe(fill: ImpactFill) {}
}
