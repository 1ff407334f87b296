/// FNV-1a, 64 bits, over a canonical byte encoding: integers as 8 little-endian bytes (16 for a
/// wide amount), a `Double` as its IEEE-754 bit pattern, strings as their UTF-8 length then bytes. The same values hash the same on every machine and every run
/// (unlike `Hasher`, which is seeded per process).
struct StateHasher {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(byte: UInt8) {
        value ^= UInt64(byte)
        value &*= 0x0000_0100_0000_01b3
    }

    mutating func add(_ integer: Int64) {
        var bits = UInt64(bitPattern: integer)
        for _ in 0..<8 {
            add(byte: UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    mutating func add(_ text: String) {
        add(Int64(text.utf8.count))
        for byte in text.utf8 { add(byte: byte) }
    }

    mutating func add(_ flag: Bool) { add(byte: flag ? 1 : 0) }

    mutating func add(_ wide: Int128) {
        add(Int64(truncatingIfNeeded: wide))
        add(Int64(truncatingIfNeeded: wide >> 64))
    }

    mutating func add(_ number: Double) { add(Int64(bitPattern: number.bitPattern)) }
}
