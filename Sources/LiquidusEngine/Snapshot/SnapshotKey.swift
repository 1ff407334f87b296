import LiquidusBook
import LiquidusCore

/// A key of the snapshot document (the field table names them).
struct SnapshotKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
