/// Why a price-path CSV was refused: the 1-based line and column (field) of the first problem and
/// a sentence. Nothing of a refused file is used.
public struct PathCSVError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The 1-based line of the offending row (0 for the file as a whole).
    public var line: Int
    /// The 1-based column (field) within the row, or 0 for the row as a whole.
    public var column: Int
    /// The column's name (`timestamp`, `price`, `volume`), empty for the row.
    public var field: String
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(line: Int, column: Int, field: String, _ message: String) {
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    /// `line 7, column 2 (price): "abc" is not a number`.
    public var description: String {
        if line == 0 { return message }
        if column == 0 { return "line \(line): \(message)" }
        return "line \(line), column \(column) (\(field)): \(message)"
    }
}
