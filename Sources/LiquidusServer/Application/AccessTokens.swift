/// The two bearer tokens of the service and what each may do.
///
/// The write token may call every endpoint; the read token only the read-only ones. Tokens are
/// compared in constant time: the work done does not depend on where a guess first differs, nor
/// on which token (if any) it matches.
public struct AccessTokens: Sendable {
    /// What a token allows.
    public enum Scope: Sendable, Hashable {
        /// Read-only endpoints.
        case read
        /// Every endpoint.
        case write
    }

    let write: [UInt8]
    let read: [UInt8]?

    /// Creates the pair; tokens are used as given (trim them when reading files).
    public init(write: String, read: String?) {
        self.write = Array(write.utf8)
        self.read = read.map { Array($0.utf8) }
    }

    /// The scope of the `Authorization` header's bearer token, or `nil` when there is none or it
    /// matches no token.
    public func scope(ofAuthorization header: String?) -> Scope? {
        guard let header, header.utf8.count <= 4096 else { return nil }
        let prefix = "bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix else { return nil }
        let presented = Array(header.utf8.dropFirst(prefix.utf8.count))
        // Compare with both tokens every time, so timing does not tell which one matched.
        let isWrite = Self.constantTimeEquals(presented, write)
        let isRead = read.map { Self.constantTimeEquals(presented, $0) } ?? false
        if isWrite { return .write }
        if isRead { return .read }
        return nil
    }

    /// Whether `a` equals `b`, in time that depends only on their lengths.
    /// - Complexity: O(max(a.count, b.count)).
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt64(a.count ^ b.count)
        let length = max(a.count, b.count)
        for index in 0..<length {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= UInt64(x ^ y)
        }
        return difference == 0
    }
}
