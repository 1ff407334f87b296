import Foundation
import LiquidusBook
import LiquidusRandom
import LiquidusTestSupport
import Testing

@Suite struct SquareRootImpactTests {
    @Test func squareRootLaw() {
        // 0.5 × 0.02 × √(100 ÷ 10 000) = 0.01 × 0.1 = 0.001 = 10 bps
        let model = SquareRootImpact(coefficient: 0.5)
        let input = ImpactInput(size: 100, visibleDepth: 50, volatility: 0.02, volume: 10_000)
        #expect(abs(model.expectedImpact(input) - 0.001) < 1e-15)
        #expect(abs(model.expectedImpactBps(input) - 10) < 1e-11)
        // Almgren et al.'s 3/5: 0.5 × 0.02 × 0.01^0.6 = 0.01 × 10^−1.2 = 0.000630957…
        let threeFifths = SquareRootImpact(coefficient: 0.5, exponent: 0.6)
        #expect(abs(threeFifths.expectedImpact(input) - 0.01 * pow(10, -1.2)) < 1e-15)
        // quadrupling the size doubles the impact
        let four = ImpactInput(size: 400, visibleDepth: 50, volatility: 0.02, volume: 10_000)
        #expect(abs(model.expectedImpact(four) - 0.002) < 1e-15)
    }

    @Test func guardedInputsGiveFiniteNonNegativeImpact() {
        let model = SquareRootImpact()
        let inputs = [
            ImpactInput(size: 10, visibleDepth: 0, volatility: 0.02, volume: 0),
            ImpactInput(size: -10, visibleDepth: 5, volatility: 0.02, volume: 100),
            ImpactInput(size: 10, visibleDepth: 5, volatility: -1, volume: 100),
            ImpactInput(size: .nan, visibleDepth: 5, volatility: 0.02, volume: 100),
        ]
        for input in inputs {
            let impact = model.expectedImpact(input)
            #expect(impact.isFinite && impact >= 0, "\(input) → \(impact)")
        }
    }
}

@Suite struct AdaptiveImpactTests {
    /// Noise-free fills from `impact = 0.3 × (q ÷ D)^0.7 × σ^0.9` are learnt exactly.
    @Test func recoversAPowerLawFromCleanFills() {
        var rng = SeededGenerator(seed: 7)
        // λ = 0.95 forgets the prior (weight 0.95⁴⁰⁰ ≈ 10⁻⁹) so the fit is the data's alone.
        var model = AdaptiveImpact(forgetting: 0.95)
        for _ in 0..<400 {
            let input = ImpactInput(
                size: rng.logUniform(1, 1000), visibleDepth: rng.logUniform(50, 5000),
                volatility: rng.logUniform(0.005, 0.1), volume: 1000
            )
            let truth = 0.3 * pow(input.size / input.visibleDepth, 0.7) * pow(input.volatility, 0.9)
            model.observe(fill: ImpactFill(input: input, impact: truth))
        }
        #expect(model.observations == 400)
        #expect(abs(model.coefficients.x - log(0.3)) < 1e-6)
        #expect(abs(model.coefficients.y - 0.7) < 1e-6)
        #expect(abs(model.coefficients.z - 0.9) < 1e-6)
    }

    @Test func degenerateFillsAreGuarded() {
        var model = AdaptiveImpact()
        let before = model
        // non-finite fills are ignored
        model.observe(fill: ImpactFill(input: ImpactInput(size: .nan, visibleDepth: 1, volatility: 0.02, volume: 1), impact: 0.01))
        model.observe(fill: ImpactFill(input: ImpactInput(size: 1, visibleDepth: 1, volatility: 0.02, volume: 1), impact: .infinity))
        #expect(model == before)
        // zero depth, zero volatility, zero impact: floored logarithms, finite state and prediction
        model.observe(fill: ImpactFill(input: ImpactInput(size: 1, visibleDepth: 0, volatility: 0, volume: 0), impact: 0))
        #expect(model.observations == 1)
        let prediction = model.expectedImpact(ImpactInput(size: 1, visibleDepth: 0, volatility: 0.02, volume: 0))
        #expect(prediction.isFinite && prediction >= 0 && prediction <= 1)
    }

    /// The same fill repeated (no excitation) with forgetting would blow P up without the
    /// trace cap; the model stays finite and deterministic.
    @Test func covarianceStaysBoundedWithoutExcitation() {
        var model = AdaptiveImpact(forgetting: 0.9)
        let fill = ImpactFill(input: ImpactInput(size: 10, visibleDepth: 100, volatility: 0.02, volume: 1), impact: 0.004)
        for _ in 0..<10_000 { model.observe(fill: fill) }
        #expect(model.observations == 10_000)
        let prediction = model.expectedImpact(fill.input)
        #expect(abs(prediction - 0.004) < 1e-9)
        // a new input direction after the long flat spell still gives a finite estimate
        let other = ImpactInput(size: 1000, visibleDepth: 10, volatility: 0.1, volume: 1)
        #expect(model.expectedImpact(other).isFinite)
    }

    @Test func sameFillsGiveTheSameModel() {
        func run() -> AdaptiveImpact {
            var rng = SeededGenerator(seed: 42)
            var model = AdaptiveImpact()
            for _ in 0..<500 {
                let input = ImpactInput(size: rng.logUniform(1, 100), visibleDepth: 100, volatility: 0.02, volume: 1)
                model.observe(fill: ImpactFill(input: input, impact: rng.logUniform(1e-4, 1e-2)))
            }
            return model
        }
        #expect(run() == run())
    }
}

/// A generated market in which the visible depth drops five-fold halfway through (a crash),
/// with each model predicting every fill before it observes it.
@Suite struct ImpactRegimeChangeTests {
    struct Fill {
        var input: ImpactInput
        var impact: Double
    }

    /// 2000 liquidation fills, seeded. Before fill 1000: depth D ≈ 2000 contracts, volume
    /// V = 100 000 per horizon. From fill 1000 on: D ≈ 400 (five times thinner), V unchanged.
    /// True impact `0.8 × σ × √(q ÷ D) × e^ε` with ε ~ N(0, 0.25²) (median-unbiased log-normal
    /// noise); σ log-uniform in [0.5 %, 5 %], q log-uniform in [10, 2000], D with ±30 % log noise.
    static func generateMarket(seed: UInt64) -> [Fill] {
        var rng = SeededGenerator(seed: seed)
        return (0..<2000).map { index in
            let baseDepth = index < 1000 ? 2000.0 : 400.0
            let depth = baseDepth * exp(0.3 * rng.normal())
            let volatility = rng.logUniform(0.005, 0.05)
            let size = rng.logUniform(10, 2000)
            let volume = 100_000 * exp(0.2 * rng.normal())
            let impact = 0.8 * volatility * (size / depth).squareRoot() * exp(0.25 * rng.normal())
            return Fill(input: ImpactInput(size: size, visibleDepth: depth, volatility: volatility, volume: volume), impact: impact)
        }
    }

    /// Mean absolute error in bps of out-of-sample predictions (predict, then observe), split at
    /// the regime change.
    static func meanAbsoluteErrors(of model: any ImpactModel, on fills: [Fill]) -> (before: Double, after: Double) {
        var model = model
        var errors = (before: 0.0, after: 0.0)
        for (index, fill) in fills.enumerated() {
            let error = abs(model.expectedImpact(fill.input) - fill.impact) * 10_000
            if index < fills.count / 2 { errors.before += error } else { errors.after += error }
            model.observe(fill: ImpactFill(input: fill.input, impact: fill.impact))
        }
        let half = Double(fills.count / 2)
        return (errors.before / half, errors.after / half)
    }

    /// The true law without its noise: the floor any model's MAE can reach.
    struct Oracle: ImpactModel {
        func expectedImpact(_ input: ImpactInput) -> Double {
            0.8 * input.volatility * (input.size / input.visibleDepth).squareRoot()
        }
        mutating func observe(fill: ImpactFill) {}
    }

    @Test func adaptiveModelTracksADepthCrash() {
        let fills = Self.generateMarket(seed: 2024)
        // The static model is calibrated on the calm regime: there D ≈ V ÷ 50, so
        // 0.8 σ √(q ÷ D) = 0.8 √50 × σ √(q ÷ V), Y = 0.8 × √50 ≈ 5.657 (its best case before the crash).
        let models: [(String, any ImpactModel)] = [
            ("SquareRootImpact(Y = 0.8 √50)", SquareRootImpact(coefficient: 0.8 * 50.0.squareRoot())),
            ("AdaptiveImpact(λ = 0.97)", AdaptiveImpact()),
            ("oracle (the true law, noise only)", Oracle()),
        ]
        var results: [(name: String, before: Double, after: Double)] = []
        for (name, model) in models {
            let (before, after) = Self.meanAbsoluteErrors(of: model, on: fills)
            results.append((name, before, after))
            print("impact MAE \(name): before the depth crash \(format(before)) bps, after \(format(after)) bps")
        }
        let mean = fills.map(\.impact).reduce(0, +) / Double(fills.count) * 10_000
        print("impact mean realised over the sample: \(format(mean)) bps")
        let (staticModel, adaptive) = (results[0], results[1])
        // Before the crash both models are sound (the static one is calibrated to that regime).
        #expect(adaptive.before < staticModel.before * 1.25)
        // After it, the static model misses the √5 rise; the adaptive one must do at least 2× better.
        #expect(adaptive.after * 2 < staticModel.after)
    }

    private func format(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}
