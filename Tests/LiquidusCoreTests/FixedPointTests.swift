import LiquidusCore
import LiquidusTestSupport
import PropertyBased
import Testing

@Suite struct FixedPointTests {
    @Test(arguments: [
        ("0", 0), ("1", 100_000_000), ("-0.25", -25_000_000), ("30000.5", 3_000_050_000_000),
        ("0.00000001", 1), ("92233720368.54775807", Int64.max), ("007.10", 710_000_000),
    ])
    func parsesPlainDecimals(text: String, units: Int64) throws {
        #expect(try Money(parsing: text).units == units)
    }

    @Test(arguments: [
        ("", DecimalParseError.Reason.empty), ("1e3", .exponent), ("1E3", .exponent), ("NaN", .notANumber),
        ("inf", .notANumber), ("-Infinity", .notANumber), ("+1", .malformed), (".5", .malformed), ("1.", .malformed),
        (" 1", .malformed), ("1 ", .malformed), ("1,5", .malformed), ("--1", .malformed), ("0x10", .malformed),
        ("1.000000001", .tooManyDecimalPlaces), ("92233720368.54775808", .outOfRange),
        ("1000000000000000000000000000000", .outOfRange), ("-92233720368.54775808", .outOfRange),
    ])
    func rejectsEverythingElse(text: String, reason: DecimalParseError.Reason) {
        #expect(throws: DecimalParseError(reason)) { try Money(parsing: text) }
    }

    @Test(arguments: [(0, "0"), (1, "0.00000001"), (-25_000_000, "-0.25"), (3_000_050_000_000, "30000.5"), (Int64.max, "92233720368.54775807"), (-100_000_000, "-1")])
    func formatsWithoutTrailingZeros(units: Int64, text: String) {
        #expect(Money(units: units).description == text)
    }

    @Test func parseFormatRoundTripIsTheIdentity() async {
        await propertyCheck(count: 2_000, input: Gen.int64(in: (Int64.min + 1)...Int64.max)) { units in
            let text = Money(units: units).description
            #expect(Money(text)?.units == units)
            #expect(Money(text)?.description == text)
        }
    }

    @Test func divisionRoundsInTheNamedDirectionForEverySign() async {
        await propertyCheck(count: 2_000, input: Gen.int64(in: -1_000_000...1_000_000), Gen.int64(in: 1...1_000)) { n, d in
            for denominator in [Int128(d), -Int128(d)] {
                let down = WideDivision.divide(Int128(n), by: denominator, .down)
                let up = WideDivision.divide(Int128(n), by: denominator, .up)
                // floor ≤ n/d ≤ ceil, and they differ by at most one.
                #expect(down * denominator <= Int128(n) || denominator < 0)
                #expect(up - down <= 1)
                #expect((up == down) == (Int128(n) % denominator == 0))
                // Compare with exact rational order: down ≤ n/d ⇔ down·|d| ≤ n·sign(d).
                let sign: Int128 = denominator < 0 ? -1 : 1
                #expect(down * denominator * sign <= Int128(n) * sign)
                #expect(up * denominator * sign >= Int128(n) * sign)
            }
        }
    }

    @Test func productsRoundOnceFromTheExactValue() {
        // 0.5 × 29000.3 = 14500.15 exactly; 0.333 × 0.01 = 0.00333 exactly.
        #expect(Money.notional(of: Fixtures.quantity("0.5"), at: Fixtures.price("29000.3"), .up).description == "14500.15")
        // 0.00000001 × 0.5 = 0.000000005: up → 0.00000001, down → 0.
        #expect(Money.notional(of: Quantity(units: 1), at: Fixtures.price("0.5"), .up).units == 1)
        #expect(Money.notional(of: Quantity(units: 1), at: Fixtures.price("0.5"), .down).units == 0)
        // PnL of a short: −2 × (30500 − 30000.00000001) = −999.99999998.
        #expect(Money.pnl(of: -2, from: Fixtures.price("30000.00000001"), to: 30500, .down).description == "-999.99999998")
        // 100 ÷ 3 as a ratio: up 0.33333334, down 0.33333333.
        #expect(Money(1).ratio(to: Money(3), .up).description == "0.33333334")
        #expect(Money(1).ratio(to: Money(3), .down).description == "0.33333333")
        // 14500 ÷ 125 = 116 exactly.
        #expect(Money(14_500).divided(by: Rate(125), .up).description == "116")
    }

    @Test func roundsToGrids() {
        let tick = Fixtures.price("0.1")
        #expect(Fixtures.price("28112.449").rounded(toMultipleOf: tick, .up).description == "28112.5")
        #expect(Fixtures.price("28112.449").rounded(toMultipleOf: tick, .down).description == "28112.4")
        #expect(Fixtures.price("-1.05").rounded(toMultipleOf: tick, .down).description == "-1.1")
        #expect(Fixtures.quantity("0.0015").isMultiple(of: Fixtures.quantity("0.001")) == false)
    }
}

@Suite struct WideDivisionTests {
    /// The reference: truncating 128-bit division, adjusted by the sign of the exact value.
    static func reference(_ n: Int128, _ d: Int128, _ rounding: Rounding) -> Int128 {
        let q = n / d, r = n % d
        guard r != 0 else { return q }
        let negative = (n < 0) != (d < 0)
        switch rounding {
        case .down: return negative ? q - 1 : q
        case .up: return negative ? q : q + 1
        }
    }

    /// Wide dividends and divisors of every size, both signs: the fast path (64-bit divisor and
    /// quotient) and the generic one must agree with the reference.
    @Test func agreesWithTheGenericDivisionAcrossMagnitudes() async {
        await propertyCheck(count: 3_000, input: Gen.int64(), Gen.int64(), Gen.int64(), Gen.int(in: 0...3)) { high, low, divisor, shape in
            guard divisor != 0 else { return }
            let n = Int128(high) << Int128(shape * 16) ^ Int128(low)
            let d = shape == 3 ? Int128(divisor) << 40 : Int128(divisor)
            for rounding in [Rounding.down, .up] {
                #expect(WideDivision.divide(n, by: d, rounding) == Self.reference(n, d, rounding), "\(n) ÷ \(d)")
            }
        }
    }

    /// The 128-by-128 division by 128-by-64 steps against the standard library's: divisors of every
    /// bit length from 1 to 128 (so every normalisation shift on both sides of 2⁶⁴), dividends
    /// of every bit length, and the corners (dividend below, at and just above the divisor;
    /// all ones).
    @Test func wideDivisionBySixtyFourBitStepsIsExact() async {
        await propertyCheck(count: 5_000, input: Gen.int64(), Gen.int64(), Gen.int64(), Gen.int64(), Gen.int(in: 0...127), Gen.int(in: 0...127)) {
            a, b, c, d, dividendShift, divisorShift in
            let dividend = (UInt128(UInt64(bitPattern: a)) << 64 | UInt128(UInt64(bitPattern: b))) >> UInt128(dividendShift)
            let divisor = max(1, (UInt128(UInt64(bitPattern: c)) << 64 | UInt128(UInt64(bitPattern: d))) >> UInt128(divisorShift))
            for n in [dividend, divisor, divisor - 1, divisor &+ 1, divisor &* 3, UInt128.max] {
                let (q, r) = WideDivision.quotientAndRemainder(of: n, dividingBy: divisor)
                #expect(q == n / divisor && r == n % divisor, "\(n) ÷ \(divisor)")
            }
        }
    }

    /// Division by the scale and by its square (the constant-divisor paths) against the
    /// reference, both signs and both roundings, dividends of every bit length and multiples of
    /// the divisor (the exactness flag).
    @Test func divisionByTheScaleAndItsSquareIsExact() async {
        await propertyCheck(count: 3_000, input: Gen.int64(), Gen.int64(), Gen.int(in: 0...127), Gen.bool) { a, b, bits, square in
            let d: Int128 = square ? 10_000_000_000_000_000 : 100_000_000
            let magnitude = Int128(bitPattern: (UInt128(UInt64(bitPattern: a)) << 64 | UInt128(UInt64(bitPattern: b))) >> UInt128(bits + 1))
            for n in [magnitude, -magnitude, magnitude / d * d, -(magnitude / d * d)] {
                for rounding in [Rounding.down, .up] {
                    #expect(WideDivision.divide(n, by: d, rounding) == Self.reference(n, d, rounding), "\(n) ÷ \(d)")
                    #expect(WideDivision.divide(n, by: -d, rounding) == Self.reference(n, -d, rounding), "\(n) ÷ -\(d)")
                    let inlined = square ? WideDivision.divideByScaleSquared(n, rounding) : WideDivision.divideByScale(n, rounding)
                    #expect(inlined == Self.reference(n, d, rounding), "\(n) ÷ \(d), inlined")
                }
            }
        }
    }

    /// The 128-by-64 division and the division by the scale against the generic 128-bit one:
    /// divisors of every bit length
    /// (so every normalisation shift, 0 to 63), dividends with every high word below the divisor,
    /// and the corner values (high = divisor − 1, low all ones, divisor 1 and 2⁶⁴ − 1).
    @Test func oneHardwareStepDivisionIsExact() async {
        await propertyCheck(count: 5_000, input: Gen.int64(), Gen.int64(), Gen.int64(), Gen.int(in: 0...63)) { a, b, c, bits in
            let divisor = max(1, UInt64(bitPattern: c) >> UInt64(bits))
            let high = UInt64(bitPattern: a) % divisor
            let low = UInt64(bitPattern: b)
            let dividend = UInt128(high) << 64 | UInt128(low)
            let (q, r) = WideDivision.divide128(high: high, low: low, by: divisor)
            #expect(UInt128(q) == dividend / UInt128(divisor) && UInt128(r) == dividend % UInt128(divisor), "\(dividend) ÷ \(divisor)")
        }
        await propertyCheck(count: 3_000, input: Gen.int64(), Gen.int64(), Gen.int(in: 0...127)) { a, b, bits in
            let dividend = (UInt128(UInt64(bitPattern: a)) << 64 | UInt128(UInt64(bitPattern: b))) >> UInt128(bits)
            let (q, exact) = WideDivision.divideByScale(dividend)
            #expect(q == dividend / 100_000_000 && exact == (dividend % 100_000_000 == 0), "\(dividend) ÷ 10⁸")
        }
        for dividend: UInt128 in [0, 99_999_999, 100_000_000, .max, .max - 1, UInt128(UInt64.max) * 100_000_000] {
            let (q, exact) = WideDivision.divideByScale(dividend)
            #expect(q == dividend / 100_000_000 && exact == (dividend % 100_000_000 == 0), "\(dividend) ÷ 10⁸")
        }
        for divisor: UInt64 in [1, 2, 3, 1 << 32, (1 << 32) + 1, UInt64.max, UInt64.max - 1, 100_000_000] {
            for high in [0, divisor - 1] {
                let dividend = UInt128(high) << 64 | UInt128(UInt64.max)
                let (q, r) = WideDivision.divide128(high: high, low: .max, by: divisor)
                #expect(UInt128(q) == dividend / UInt128(divisor) && UInt128(r) == dividend % UInt128(divisor), "\(dividend) ÷ \(divisor)")
            }
        }
    }
}
