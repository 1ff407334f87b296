public import LiquidusCore

extension PolicySpecification {
    /// The engine's policy for this specification.
    ///
    /// `fixedFraction` gets Hyperliquid's 2/3 backstop floor; every other policy takes over at
    /// equity ≤ 0.
    public func makePolicy() -> any LiquidationPolicy {
        switch self {
        case .restoreMarginRatio(let target, let buffer): RestoreMarginRatio(target: target, buffer: buffer)
        case .stepDownTier: StepDownTier()
        case .fixedFraction(let fraction, let cooldown, let fullBelow): FixedFraction(fraction: fraction, cooldown: cooldown, fullBelow: fullBelow)
        case .incremental(let chunk, let interval): Incremental(chunk: chunk, interval: interval)
        case .portionPerInterval(let portion, let minimum, let cap, let interval):
            PortionPerInterval(portion: portion, minNotional: minimum, accountCapPerInterval: cap, interval: interval)
        case .full: Full()
        }
    }
}
