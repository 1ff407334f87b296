/// An amount of money summed over accounts — an insurance fund, the net of every deposit and
/// withdrawal, the outside market's cash — exact to 10⁻⁸ like ``Money``, in an `Int128`.
///
/// One account's figures fit in ``Money`` (±9.2 × 10¹⁰); a venue's totals do not: ten million
/// accounts holding 10¹² between them are 10²⁰ units of 10⁻⁸. `WideMoney` holds ±1.7 × 10³⁰,
/// so sums of ``Money`` amounts — each step adds at most 2⁶³ units — would need 2⁶⁴ steps to
/// overflow; its operators trap there, and ``adding(_:checkedAt:)`` throws instead where an
/// input (a deposit) drives the sum.
///
/// Written as a plain decimal string (`"12345678901234.5"`), like every amount in Liquidus'
/// documents: ``Codable`` as that string, and ``init(parsing:)`` reads it back exactly.
@frozen public struct WideMoney: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// Value × 10⁸.
    public var units: Int128

    /// The amount `units` ÷ 10⁸.
    @inlinable public init(units: Int128) { self.units = units }

    /// The same amount as ``Money``.
    @inlinable public init(_ amount: Money) { units = Int128(amount.units) }

    /// Zero.
    public static let zero = WideMoney(units: 0)

    /// The largest amount, `Int128.max` units of 10⁻⁸.
    public static let max = WideMoney(units: .max)

    /// `true` when below zero.
    @inlinable public var isNegative: Bool { units < 0 }
    /// `true` when above zero.
    @inlinable public var isPositive: Bool { units > 0 }
    /// `true` when zero.
    @inlinable public var isZero: Bool { units == 0 }

    /// The amount as ``Money``, or `nil` when it does not fit there.
    @inlinable public var money: Money? { Int64(exactly: units).map(Money.init(units:)) }

    /// The amount as ``Money``, clamped to ±``Money/max``: for a figure only compared against one
    /// account's (a fund larger than any account's loss covers it whole).
    @inlinable public var clampedToMoney: Money { Money(units: Int64(clamping: units)) }

    @inlinable public static func < (lhs: WideMoney, rhs: WideMoney) -> Bool { lhs.units < rhs.units }

    /// Exact sum; traps beyond ±1.7 × 10³⁰ (see the type's discussion).
    @inlinable public static func + (lhs: WideMoney, rhs: WideMoney) -> WideMoney { WideMoney(units: lhs.units + rhs.units) }
    /// Exact difference.
    @inlinable public static func - (lhs: WideMoney, rhs: WideMoney) -> WideMoney { WideMoney(units: lhs.units - rhs.units) }
    /// Exact negation.
    @inlinable public static prefix func - (value: WideMoney) -> WideMoney { WideMoney(units: -value.units) }
    /// Adds in place.
    @inlinable public static func += (lhs: inout WideMoney, rhs: WideMoney) { lhs = lhs + rhs }
    /// Subtracts in place.
    @inlinable public static func -= (lhs: inout WideMoney, rhs: WideMoney) { lhs = lhs - rhs }
    /// Adds one account's amount in place (only the compound forms mix the two types, so that
    /// an expression's type is never in doubt).
    @inlinable public static func += (lhs: inout WideMoney, rhs: Money) { lhs.units += Int128(rhs.units) }
    /// Subtracts one account's amount in place.
    @inlinable public static func -= (lhs: inout WideMoney, rhs: Money) { lhs.units -= Int128(rhs.units) }

    /// `self + other`, or an ``ValidationError/Code/outOfRange`` error at `path` beyond the range.
    public func adding(_ other: Money, checkedAt path: @autoclosure () -> String) throws(ValidationError) -> WideMoney {
        let (sum, overflow) = units.addingReportingOverflow(Int128(other.units))
        guard !overflow, sum != .min else {
            throw ValidationError(.outOfRange, at: path(), "would take the total beyond the largest amount Liquidus sums (\(WideMoney.max))")
        }
        return WideMoney(units: sum)
    }

    /// Plain decimal notation with no exponent and no trailing zeros, as ``Money`` writes it.
    public var description: String { DecimalText.format(wideUnits: units) }

    /// Parses a plain decimal string exactly (the grammar of ``FixedPointDecimal/init(parsing:)``,
    /// with magnitudes up to ``max``), or throws why it is not one.
    public init(parsing text: some StringProtocol) throws(DecimalParseError) {
        units = try DecimalText.parseWideUnits(text)
    }

    /// Reads the decimal string form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { self = try WideMoney(parsing: text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" \(error)")
        }
    }

    /// Writes the decimal string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension WideMoney: ExpressibleByIntegerLiteral {
    /// A whole amount: `let fund: WideMoney = 1_000_000`.
    @inlinable public init(integerLiteral value: Int) { self.init(units: Int128(value) * FixedPoint.wideScale) }
}
