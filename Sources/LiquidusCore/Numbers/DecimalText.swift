/// Why a string is not a plain decimal number that fits a ``FixedPointDecimal``.
public struct DecimalParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kinds of failure, each with its own message.
    public enum Reason: Hashable, Sendable {
        /// The text is empty.
        case empty
        /// The text uses exponent notation (`1e3`).
        case exponent
        /// The text is `NaN` or infinity.
        case notANumber
        /// The text has a character that is not a digit, `-` or `.` in its place.
        case malformed
        /// More decimal places than the eight Liquidus keeps.
        case tooManyDecimalPlaces
        /// The magnitude exceeds 92233720368.54775807.
        case outOfRange
        /// The magnitude exceeds the range of a sum over accounts (``WideMoney/max``).
        case outOfWideRange
    }

    /// What is wrong.
    public var reason: Reason

    /// Creates an error for `reason`.
    @inlinable public init(_ reason: Reason) { self.reason = reason }

    /// A sentence fragment for error messages: `"must be a plain decimal, not exponent notation"`.
    public var description: String {
        switch reason {
        case .empty: "must be a decimal number, not an empty string"
        case .exponent: "must be a plain decimal, not exponent notation"
        case .notANumber: "must be a finite decimal number (NaN and infinity are not numbers here)"
        case .malformed: "must be a plain decimal string such as \"30000.5\" or \"-0.25\""
        case .tooManyDecimalPlaces: "has more than \(FixedPoint.decimalPlaces) decimal places"
        case .outOfRange: "is out of range (magnitude at most 92233720368.54775807)"
        case .outOfWideRange: "is out of range (magnitude at most \(WideMoney.max))"
        }
    }
}

/// Parsing and formatting of plain decimal text at the fixed scale of 10⁸.
public enum DecimalText {
    /// Parses `text` into units of 10⁻⁸. See ``FixedPointDecimal/init(parsing:)`` for the grammar.
    @inlinable public static func parseUnits(_ text: some StringProtocol) throws(DecimalParseError) -> Int64 {
        // At most Int64.max in magnitude, so the narrowing is exact.
        Int64(try parse(text, maxMagnitude: UInt128(Int64.max), beyond: .outOfRange))
    }

    /// Parses `text` into units of 10⁻⁸ up to ±`Int128.max` (a ``WideMoney``), same grammar.
    public static func parseWideUnits(_ text: some StringProtocol) throws(DecimalParseError) -> Int128 {
        try parse(text, maxMagnitude: UInt128(Int128.max), beyond: .outOfWideRange)
    }

    /// The signed units of `text`, whose magnitude must be at most `maxMagnitude` (else
    /// `beyond`). The magnitude is formed in `UInt128`, the integer part accumulated only while
    /// it can still be in range (`maxMagnitude ÷ 10⁸`), so no digit string overflows it.
    @inlinable static func parse(
        _ text: some StringProtocol, maxMagnitude: UInt128, beyond: DecimalParseError.Reason
    ) throws(DecimalParseError) -> Int128 {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw DecimalParseError(.empty) }
        var index = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        let integerLimit = maxMagnitude / UInt128(FixedPoint.scale)
        var integerPart: UInt128 = 0
        var tooLarge = false
        var fractionUnits: UInt128 = 0
        var integerDigits = 0
        var fractionDigits = 0
        var sawPoint = false
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = UInt128(byte - UInt8(ascii: "0"))
                if sawPoint {
                    fractionDigits += 1
                    guard fractionDigits <= FixedPoint.decimalPlaces else {
                        throw DecimalParseError(.tooManyDecimalPlaces)
                    }
                    fractionUnits = fractionUnits * 10 + digit
                } else {
                    integerDigits += 1
                    // Stop accumulating once beyond range; the range check below rejects it.
                    if tooLarge || integerPart > integerLimit { tooLarge = true } else { integerPart = integerPart * 10 + digit }
                }
            case UInt8(ascii: "."):
                guard !sawPoint, integerDigits > 0 else { throw DecimalParseError(.malformed) }
                sawPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                throw DecimalParseError(integerDigits > 0 ? .exponent : classifyWord(bytes))
            default:
                throw DecimalParseError(classifyWord(bytes))
            }
            index += 1
        }
        guard integerDigits > 0, !(sawPoint && fractionDigits == 0) else { throw DecimalParseError(.malformed) }
        var scaleFill: UInt128 = 1
        for _ in fractionDigits..<FixedPoint.decimalPlaces { scaleFill *= 10 }
        // Beyond ⌊max ÷ 10⁸⌋ the magnitude exceeds max; within it, it is below max + 10⁸.
        guard !tooLarge, integerPart <= integerLimit else { throw DecimalParseError(beyond) }
        let magnitude = integerPart * UInt128(FixedPoint.scale) + fractionUnits * scaleFill
        guard magnitude <= maxMagnitude else { throw DecimalParseError(beyond) }
        let signed = Int128(magnitude)
        return negative ? -signed : signed
    }

    @usableFromInline static func classifyWord(_ bytes: [UInt8]) -> DecimalParseError.Reason {
        let word = String(decoding: bytes, as: UTF8.self).lowercased()
        let trimmed = word.hasPrefix("-") || word.hasPrefix("+") ? String(word.dropFirst()) : word
        return ["nan", "inf", "infinity"].contains(trimmed) ? .notANumber : .malformed
    }

    /// Formats units of 10⁻⁸ as plain decimal text without trailing zeros.
    public static func format(units: Int64) -> String {
        let magnitude = units.magnitude
        let scale = UInt64(FixedPoint.scale)
        return text(negative: units < 0, whole: String(magnitude / scale), fraction: magnitude % scale)
    }

    /// Formats a wide count of units of 10⁻⁸ (a ``WideMoney``) the same way.
    public static func format(wideUnits units: Int128) -> String {
        let magnitude = units.magnitude
        let scale = UInt128(FixedPoint.scale)
        return text(negative: units < 0, whole: String(magnitude / scale), fraction: UInt64(magnitude % scale))
    }

    /// `[-]whole[.fraction]`, the fraction (below 10⁸) in eight digits less its trailing zeros.
    static func text(negative: Bool, whole: String, fraction: UInt64) -> String {
        var text = negative ? "-" : ""
        text += whole
        guard fraction != 0 else { return text }
        var fraction = fraction
        var digits = FixedPoint.decimalPlaces
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let fractionText = String(fraction)
        text += "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
        return text
    }
}
