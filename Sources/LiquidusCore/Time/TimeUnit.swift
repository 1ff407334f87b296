/// The unit of engine time: every input's `time`, every event's, every time the engine keeps.
///
/// Venues stamp milliseconds, and so does the engine by default. Durations in configuration —
/// policies' cooldowns and intervals, the executor's child interval, a price guard's index age,
/// a funding interval — are whole seconds, as venues publish them, in either unit; the engine
/// converts them with ``ticks(inSeconds:)``. Seconds remain for logs and snapshots written before
/// engine time was in milliseconds: they record no unit, read as seconds, and replay exactly as
/// they were written.
public enum TimeUnit: String, Hashable, Sendable, CaseIterable {
    /// Milliseconds (the default).
    case milliseconds
    /// Seconds (logs and snapshots that record no unit).
    case seconds

    /// Engine time units in one second: 1,000 or 1.
    @inlinable public var perSecond: Int64 { self == .milliseconds ? 1_000 : 1 }

    /// `seconds` (≥ 0) in this unit, saturating at `Int64.max`: a duration past the end of time
    /// never ends.
    @inlinable public func ticks(inSeconds seconds: Int64) -> Int64 {
        let (product, overflow) = seconds.multipliedReportingOverflow(by: perSecond)
        return overflow ? (seconds < 0 ? .min : .max) : product
    }

    /// `time` plus `seconds`, saturating at `Int64`'s range.
    @inlinable public func time(_ time: Int64, plusSeconds seconds: Int64) -> Int64 {
        let (sum, overflow) = time.addingReportingOverflow(ticks(inSeconds: seconds))
        return overflow ? (seconds > 0 ? .max : .min) : sum
    }

    /// The whole second `time` falls in, rounded toward −∞ (`⌊time ÷ perSecond⌋`).
    @inlinable public func second(of time: Int64) -> Int64 { period(of: time, seconds: 1) }

    /// The period of `seconds` (> 0) that `time` falls in: `⌊time ÷ (seconds × perSecond)⌋`.
    @inlinable public func period(of time: Int64, seconds: Int64) -> Int64 {
        let length = ticks(inSeconds: seconds)
        let (quotient, remainder) = time.quotientAndRemainder(dividingBy: length)
        return remainder < 0 ? quotient - 1 : quotient
    }
}
