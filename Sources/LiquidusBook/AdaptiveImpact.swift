/// An online impact model that re-fits itself after every observed liquidation fill, so that its
/// estimates follow a market whose liquidity changes (a book that thins out in a crash).
///
/// The model is log-linear in the book's depth and the volatility:
///
///     log(impact) = a + b × log(q ÷ D) + c × log(σ)
///
/// with `q` the order size, `D` the visible depth on the side consumed and `σ` the volatility,
/// so `impact = e^a × (q ÷ D)^b × σ^c`, a power law of the square-root family (b = ½, c = 1)
/// measured against the book instead of the volume. The coefficients θ = (a, b, c) are fitted
/// by recursive least squares with exponential forgetting (see for example S. Haykin, *Adaptive
/// Filter Theory*, ch. "Recursive least-squares"): for features x = (1, log(q ÷ D), log σ) and
/// target y = log(impact),
///
///     k = P x ÷ (λ + xᵀ P x)
///     θ ← θ + k (y − θᵀ x)
///     P ← (P − k xᵀ P) ÷ λ
///
/// where λ ∈ (0, 1] forgets old fills (an effective memory of about 1 ÷ (1 − λ) fills).
/// Because the fit is of log(impact), ``expectedImpact(_:)`` returns `e^(θᵀx)`, the median of a
/// log-normal error, which is the estimate that minimises the mean absolute error.
///
/// Guards, all deterministic:
/// - every logarithm takes `max(value, floor)` (default 10⁻¹²), so a zero or negative size,
///   depth, volatility or realised impact never produces −∞ or NaN; an empty book (D = 0) gives
///   a very large ratio and so a large impact;
/// - P starts as `initialVariance × I` (regularised, positive definite, so never singular), is
///   re-symmetrised after each update, and is scaled down whenever its trace exceeds
///   `maxVarianceTrace` (forgetting with inputs that do not vary would otherwise blow it up);
/// - a fill with a non-finite input or impact is ignored, and so is an update whose result
///   would not be finite (the model keeps its previous state);
/// - the prediction is capped at 1 (100 % of the price), and an input that is not finite is
///   answered with that cap (the conservative side).
///
/// State is fixed-size (3 coefficients, the 3 × 3 matrix P, 3 settings and a count); an update
/// is O(1) and allocates nothing. No randomness, and no operation whose result may differ between
/// machines: logarithms and exponentials are ``DeterministicMath``'s, and every sum is written
/// out in a fixed order (a vector's `sum()` leaves its order to the platform). The same fills
/// give the same model, to the bit, on any machine.
public struct AdaptiveImpact: ImpactModel, Hashable {
    /// The fitted coefficients (a, b, c): intercept, exponent of `q ÷ D`, exponent of `σ`.
    public private(set) var coefficients: SIMD3<Double>
    /// The rows of the symmetric matrix P of the recursive least squares (the coefficients'
    /// covariance up to the noise variance).
    private var p0, p1, p2: SIMD3<Double>
    /// The number of fills learnt from.
    public private(set) var observations: Int = 0
    /// The forgetting factor λ in (0, 1]; 1 never forgets.
    public let forgetting: Double
    /// The floor applied before every logarithm, > 0.
    public let floor: Double
    /// The largest trace P may reach before it is scaled down, > 0.
    public let maxVarianceTrace: Double

    /// Creates a model whose prior is `impact = e^intercept × (q ÷ D)^depthExponent × σ^volatilityExponent`,
    /// held with variance `initialVariance` on each coefficient.
    ///
    /// The defaults (e⁰ = 1, ½, 1) are the square-root law against the visible depth.
    /// `forgetting` must be in (0, 1], `initialVariance`, `floor` and `maxVarianceTrace` > 0
    /// (programmer errors, checked by `precondition`).
    public init(
        intercept: Double = 0, depthExponent: Double = 0.5, volatilityExponent: Double = 1,
        forgetting: Double = 0.97, initialVariance: Double = 1, floor: Double = 1e-12,
        maxVarianceTrace: Double = 1e4
    ) {
        precondition(forgetting > 0 && forgetting <= 1, "forgetting must be in (0, 1]")
        precondition(initialVariance > 0 && floor > 0 && maxVarianceTrace > 0, "variances and floor must be > 0")
        coefficients = SIMD3(intercept, depthExponent, volatilityExponent)
        p0 = SIMD3(initialVariance, 0, 0)
        p1 = SIMD3(0, initialVariance, 0)
        p2 = SIMD3(0, 0, initialVariance)
        self.forgetting = forgetting
        self.floor = floor
        self.maxVarianceTrace = maxVarianceTrace
    }

    /// `min(e^(a + b log(q ÷ D) + c log σ), 1)`, logarithms floored as documented on the type.
    /// - Complexity: O(1).
    public func expectedImpact(_ input: ImpactInput) -> Double {
        expectedImpact(features: features(input))
    }

    /// ``expectedImpact(_:)`` from the input's features (``features(_:)``), for a caller that
    /// then teaches the model the same order's fill (its logarithms are taken once).
    package func expectedImpact(features x: SIMD3<Double>?) -> Double {
        guard let x else { return 1 }
        let exponent = Self.dot(coefficients, x)
        return exponent.isNaN ? 1 : DeterministicMath.exp(min(exponent, 0))
    }

    /// One recursive-least-squares step on `log(max(fill.impact, floor))`.
    /// - Complexity: O(1).
    public mutating func observe(fill: ImpactFill) {
        observe(features: features(fill.input), impact: fill.impact)
    }

    /// ``observe(fill:)`` of an order whose features (``features(_:)``) are known.
    package mutating func observe(features: SIMD3<Double>?, impact: Double) {
        guard let x = features, impact.isFinite else { return }
        let y = DeterministicMath.log(max(impact, floor))
        let px = SIMD3(Self.dot(p0, x), Self.dot(p1, x), Self.dot(p2, x))
        let denominator = forgetting + Self.dot(x, px)
        guard denominator.isFinite, denominator > 0 else { return }
        let gain = px / denominator
        let theta = coefficients + gain * (y - Self.dot(coefficients, x))
        // P − k (P x)ᵀ, since xᵀ P = (P x)ᵀ for a symmetric P; then ÷ λ.
        var r0 = (p0 - gain.x * px) / forgetting
        var r1 = (p1 - gain.y * px) / forgetting
        var r2 = (p2 - gain.z * px) / forgetting
        // Re-symmetrise so that rounding errors do not accumulate.
        r0.y = (r0.y + r1.x) / 2; r1.x = r0.y
        r0.z = (r0.z + r2.x) / 2; r2.x = r0.z
        r1.z = (r1.z + r2.y) / 2; r2.y = r1.z
        let trace = r0.x + r1.y + r2.z
        guard trace.isFinite, trace > 0, Self.isFinite(theta), Self.isFinite(r0), Self.isFinite(r1), Self.isFinite(r2) else {
            return
        }
        let scale = trace > maxVarianceTrace ? maxVarianceTrace / trace : 1
        coefficients = theta
        p0 = r0 * scale
        p1 = r1 * scale
        p2 = r2 * scale
        observations += 1
    }

    /// The model's whole state as plain numbers, for a snapshot: the coefficients, the rows of P,
    /// the settings and the count. `Double`s round-trip exactly through JSON (shortest
    /// representation), so a restored model predicts and learns bit for bit as the original.
    public struct State: Codable, Hashable, Sendable {
        /// (a, b, c).
        public var coefficients: [Double]
        /// The rows of P, row by row (9 numbers).
        public var variance: [Double]
        /// The number of fills learnt from.
        public var observations: Int
        /// λ.
        public var forgetting: Double
        /// The floor of every logarithm.
        public var floor: Double
        /// The largest trace P may reach.
        public var maxVarianceTrace: Double
    }

    /// The model's state (see ``State``).
    public var state: State {
        State(
            coefficients: [coefficients.x, coefficients.y, coefficients.z],
            variance: [p0.x, p0.y, p0.z, p1.x, p1.y, p1.z, p2.x, p2.y, p2.z],
            observations: observations, forgetting: forgetting, floor: floor, maxVarianceTrace: maxVarianceTrace)
    }

    /// A model restored from `state`; `nil` when it is not a model's state (wrong counts, values
    /// that are not finite, settings out of range).
    public init?(restoring state: State) {
        let numbers = state.coefficients + state.variance + [state.forgetting, state.floor, state.maxVarianceTrace]
        guard state.coefficients.count == 3, state.variance.count == 9, numbers.allSatisfy(\.isFinite), state.observations >= 0,
              state.forgetting > 0, state.forgetting <= 1, state.floor > 0, state.maxVarianceTrace > 0
        else { return nil }
        self.init(forgetting: state.forgetting, floor: state.floor, maxVarianceTrace: state.maxVarianceTrace)
        let c = state.coefficients, v = state.variance
        coefficients = SIMD3(c[0], c[1], c[2])
        p0 = SIMD3(v[0], v[1], v[2])
        p1 = SIMD3(v[3], v[4], v[5])
        p2 = SIMD3(v[6], v[7], v[8])
        observations = state.observations
    }

    /// `a · b`, summed left to right: `(a.x·b.x + a.y·b.y) + a.z·b.z`.
    @inline(__always)
    private static func dot(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double {
        a.x * b.x + a.y * b.y + a.z * b.z
    }

    private static func isFinite(_ v: SIMD3<Double>) -> Bool {
        v.x.isFinite && v.y.isFinite && v.z.isFinite
    }

    /// x = (1, log(max(q ÷ D, floor)), log(max(σ, floor))), or `nil` when an input is not finite.
    package func features(_ input: ImpactInput) -> SIMD3<Double>? {
        guard input.size.isFinite, input.visibleDepth.isFinite, input.volatility.isFinite else { return nil }
        let ratio = max(input.size, 0) / max(input.visibleDepth, floor)
        return SIMD3(1, DeterministicMath.log(max(ratio, floor)), DeterministicMath.log(max(input.volatility, floor)))
    }
}
