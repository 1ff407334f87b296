/// Why an input was rejected: a code, the path of the offending field, and a sentence.
///
/// Paths use the JSON-path spelling of the `liquidus check` contract
/// (`accounts[1].positions[0].entryPrice`). Core types validate their own fields and report paths
/// relative to themselves (`riskTiers[2].maintenanceAmount`); the layer that knows where an object
/// sits prefixes its location with ``prefixed(by:)``. Validation never changes state: a value
/// that fails is not created.
public struct ValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable kind of failure.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code's spelling, e.g. `"notOnGrid"`.
        public var rawValue: String
        /// Creates a code from its spelling.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The spelling.
        public var description: String { rawValue }

        /// A required field is absent.
        public static let missingField = Code(rawValue: "missingField")
        /// A field that the format does not know (a typo must not be ignored).
        public static let unknownField = Code(rawValue: "unknownField")
        /// A value of the wrong JSON type.
        public static let wrongType = Code(rawValue: "wrongType")
        /// A string that is not a plain decimal number.
        public static let invalidNumber = Code(rawValue: "invalidNumber")
        /// A number outside its allowed range.
        public static let outOfRange = Code(rawValue: "outOfRange")
        /// A price or size off its market's tick or lot grid.
        public static let notOnGrid = Code(rawValue: "notOnGrid")
        /// A reference to something that does not exist (an unknown market or preset).
        public static let unknownReference = Code(rawValue: "unknownReference")
        /// A value that repeats one that must be unique.
        public static let duplicate = Code(rawValue: "duplicate")
        /// A value that contradicts another (a tier table that is not continuous, say).
        public static let inconsistent = Code(rawValue: "inconsistent")
        /// Input that is not JSON at all, or empty.
        public static let malformedDocument = Code(rawValue: "malformedDocument")
        /// A figure derived from valid inputs (a PnL, an equity, a sum) that exact fixed-point
        /// arithmetic cannot represent: the inputs are each within ``Limits`` but their
        /// combination is not (see `docs/robustness.md`).
        public static let overflow = Code(rawValue: "overflow")
    }

    /// What kind of failure this is.
    public var code: Code
    /// The path of the offending field; empty for the document as a whole.
    public var path: String
    /// What is wrong, as a sentence fragment that follows the path.
    public var message: String

    /// Creates an error about the field at `path`.
    public init(_ code: Code, at path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    /// The same error seen from a containing object: `prefixed(by: "markets[0]")` turns
    /// `tickSize` into `markets[0].tickSize` and `[1]` into `markets[0][1]`.
    public func prefixed(by parent: String) -> ValidationError {
        var copy = self
        if parent.isEmpty { return copy }
        if path.isEmpty { copy.path = parent } else if path.hasPrefix("[") { copy.path = parent + path } else {
            copy.path = parent + "." + path
        }
        return copy
    }

    /// `path: message`, or the message alone for the whole document.
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
