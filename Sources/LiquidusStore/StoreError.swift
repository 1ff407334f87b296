/// Why a store operation failed: a stable code and a description of the underlying failure.
///
/// Store failures are server-side (a full disk, a lost database connection, a corrupt row): the
/// service answers them with 503 and applies nothing.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable kind of store failure.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code's spelling.
        public var rawValue: String
        /// Creates a code from its spelling.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The spelling.
        public var description: String { rawValue }

        /// The database could not be opened, migrated or reached.
        public static let unavailable = Code(rawValue: "unavailable")
        /// A write failed (nothing of the batch was stored).
        public static let writeFailed = Code(rawValue: "writeFailed")
        /// A read failed.
        public static let readFailed = Code(rawValue: "readFailed")
        /// Stored data could not be decoded, or contradicts itself (a gap in the log).
        public static let corrupt = Code(rawValue: "corrupt")
        /// The store was created for another configuration (genesis) or sequence numbers collide.
        public static let conflict = Code(rawValue: "conflict")
        /// The commit carried a leader's epoch that is no longer the cluster's current one (another
        /// member took the lease): nothing was stored, and this member must stop writing.
        public static let fenced = Code(rawValue: "fenced")
        /// The insurance fund shared with other shards no longer holds what the batch drew from
        /// it (they drew meanwhile): nothing was stored; the batch may be applied again against
        /// the fund's balance now.
        public static let fundShort = Code(rawValue: "fundShort")
    }

    /// What kind of failure this is.
    public var code: Code
    /// What went wrong, with the underlying error's description.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
