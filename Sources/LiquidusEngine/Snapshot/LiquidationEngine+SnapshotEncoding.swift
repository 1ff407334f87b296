extension LiquidationEngine.Snapshot {
    /// The document as JSON text, the bytes `encode` gives — a JSON encoder with sorted keys
    /// writing the whole — with the accounts (nearly all of a large engine's document) written
    /// by a dedicated writer rather than the encoder: `encode` writes the rest, a snapshot with
    /// no accounts (`{"accounts":[],…}`: `accounts` sorts first), and the accounts' text takes
    /// the place of the empty array. When an account's string needs escaping, or `encode` does
    /// not sort its keys, `encode` writes the whole document instead.
    ///
    /// `encode` must write compact JSON with sorted keys (the store's and the tests' encoders).
    /// - Complexity: O(a log a + size of the document) for a accounts.
    public func json(encodingTheRestWith encode: (Self) throws -> [UInt8]) rethrows -> [UInt8] {
        guard let accounts = AccountsJSONWriter.json(state.accounts) else { return try encode(self) }
        var rest = state
        rest.accounts = [:]
        let others = try encode(Self(policyKind: policyKind, state: rest))
        let empty = Array(#"{"accounts":[]"#.utf8)
        guard others.starts(with: empty) else { return try encode(self) }
        var document: [UInt8] = []
        document.reserveCapacity(accounts.count + others.count)
        document.append(contentsOf: #"{"accounts":"#.utf8)
        document.append(contentsOf: accounts)
        document.append(contentsOf: others[empty.count...])
        return document
    }
}
