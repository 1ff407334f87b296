import Foundation
import LiquidusBook
import Testing

/// `log`, `exp` and `pow` from IEEE-754 basic operations: close to the C library's, and giving
/// recorded bit patterns (which the basic operations make the same on every machine).
@Suite struct DeterministicMathTests {
    /// Within 4 units in the last place of libm over ±700 (exp) and 10⁻³⁰⁰…10³⁰⁰ (log).
    @Test func agreesWithTheCLibrary() {
        for step in -700...700 {
            let x = Double(step) + 0.123456789
            #expect(Self.ulps(DeterministicMath.exp(x), Foundation.exp(x)) <= 4, "exp(\(x))")
        }
        var x = 1e-300
        while x < 1e300 {
            #expect(Self.ulps(DeterministicMath.log(x), Foundation.log(x)) <= 4, "log(\(x))")
            x *= 1.7
        }
        #expect(Self.ulps(DeterministicMath.pow(0.04, 0.6), Foundation.pow(0.04, 0.6)) <= 8)
    }

    @Test func edges() {
        #expect(DeterministicMath.exp(0) == 1)
        #expect(DeterministicMath.log(1) == 0)
        #expect(DeterministicMath.log(0) == -.infinity)
        #expect(DeterministicMath.log(-1).isNaN && DeterministicMath.exp(.nan).isNaN)
        #expect(DeterministicMath.exp(710) == .infinity && DeterministicMath.exp(-746) == 0)
        #expect(DeterministicMath.log(.infinity) == .infinity)
        #expect(DeterministicMath.log(Double.leastNonzeroMagnitude) < -744)
        #expect(DeterministicMath.pow(0, 0.5) == 0 && DeterministicMath.pow(0, 0) == 1 && DeterministicMath.pow(-1, 2).isNaN)
    }

    /// Recorded once: a change here changes the impact models' state and events, so replays of
    /// stored logs would diverge.
    @Test func recordedBits() {
        #expect(DeterministicMath.exp(-3.7).bitPattern == Self.expBits)
        #expect(DeterministicMath.log(0.0173).bitPattern == Self.logBits)
    }

    static let expBits: UInt64 = 4_582_783_292_742_766_660
    static let logBits: UInt64 = 13_839_625_886_122_782_628

    static func ulps(_ a: Double, _ b: Double) -> UInt64 {
        guard a.isFinite, b.isFinite else { return a == b ? 0 : .max }
        guard a != b else { return 0 }
        return a.sign == b.sign ? (a.bitPattern > b.bitPattern ? a.bitPattern - b.bitPattern : b.bitPattern - a.bitPattern) : .max
    }
}
