import Foundation

/// How much of its ordinary depth a market's book holds over a scenario: a factor of the
/// baseline (1: an ordinary book; 0.02: 98 % of the depth withdrawn), given at anchor seconds
/// and interpolated log-linearly between them (constant before the first anchor and after the
/// last).
///
/// Market makers withdraw in a crash and come back over hours; the book model (``BookModel``)
/// scales the resting quantity near the mid by this factor (levels further out less, see
/// ``BookModel/Configuration/farLevelsWithdrawn``).
public struct DepthSchedule: Sendable, Hashable {
    /// `(second, factor)`, seconds ascending, factors in (0, 1].
    public var anchors: [(second: Int, factor: Double)]

    /// A schedule through `anchors` (sorted here by second; factors clamped to [10⁻⁶, 1]).
    public init(_ anchors: [(second: Int, factor: Double)]) {
        self.anchors = anchors.sorted { $0.second < $1.second }.map { ($0.second, Swift.min(1, Swift.max(1e-6, $0.factor))) }
    }

    /// An ordinary book throughout.
    public static let constant = DepthSchedule([(0, 1)])

    /// The factor at second `t`: `f₀ × (f₁ ÷ f₀)^((t − t₀) ÷ (t₁ − t₀))` between the anchors
    /// around `t`.
    /// - Complexity: O(a) for a anchors (a handful).
    public func factor(at t: Int) -> Double {
        guard let first = anchors.first else { return 1 }
        if t <= first.second { return first.factor }
        for (low, high) in zip(anchors, anchors.dropFirst()) where t <= high.second {
            let span = Double(high.second - low.second)
            guard span > 0 else { return high.factor }
            return low.factor * pow(high.factor / low.factor, Double(t - low.second) / span)
        }
        return anchors[anchors.count - 1].factor
    }

    /// The lowest factor of the schedule.
    public var lowest: Double { anchors.map(\.factor).min() ?? 1 }

    public static func == (lhs: DepthSchedule, rhs: DepthSchedule) -> Bool {
        lhs.anchors.count == rhs.anchors.count && zip(lhs.anchors, rhs.anchors).allSatisfy { $0.second == $1.second && $0.factor == $1.factor }
    }

    public func hash(into hasher: inout Hasher) {
        for anchor in anchors {
            hasher.combine(anchor.second)
            hasher.combine(anchor.factor)
        }
    }
}
