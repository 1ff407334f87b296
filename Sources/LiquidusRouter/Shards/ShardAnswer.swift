/// What one shard made of a request: an HTTP answer, or none (no member could be reached in
/// time).
public enum ShardAnswer: Sendable, Hashable {
    /// The shard's answer.
    case answered(status: Int, headers: [String: String], body: [UInt8])
    /// No answer: why, member by member.
    case unreachable(reason: String)

    /// Whether the shard took the request (2xx).
    var took: Bool {
        if case .answered(let status, _, _) = self { return (200..<300).contains(status) }
        return false
    }

    /// Whether the answer is final: 2xx or 4xx. No answer, a 5xx (the shard applied nothing, or
    /// cannot say), a 408 (the body came too slowly) or a 429 is worth trying again with the same
    /// idempotency key.
    var isFinal: Bool {
        if case .answered(let status, _, _) = self { return status < 500 && status != 408 && status != 429 }
        return false
    }

    /// The status, or `nil` without an answer.
    var status: Int? {
        if case .answered(let status, _, _) = self { return status }
        return nil
    }
}
