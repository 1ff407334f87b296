import Foundation
public import LiquidusCheck

/// The answer to a market-wide write: what each shard made of it.
///
/// `{"idempotencyKey": "…", "shards": [{"shard": 0, "outcome": "applied", "status": 200,
/// "body": {…}}, {"shard": 1, "outcome": "queued", "reason": "…", "outboxDepth": 3}, …]}`,
/// plus the shards' common `error` when every shard refused it the same way.
///
/// The status: 200 when every shard took it (2xx); 202 when the shards that answered took it
/// and the others' copies wait in their outboxes (or, for a shard out of step, are not kept); 502 `shardsDisagree` when some shards took it
/// and others refused it; when no shard took it (nothing is kept), the answering shards' common
/// status with their `error` (400 for a bad body, 401 without a token, …), else 503
/// `noShardTookIt`.
public struct BroadcastReport: Sendable {
    /// What one shard made of the write.
    public enum Outcome: Sendable, Equatable {
        /// The shard answered (2xx: applied, or replayed for a key it had seen; 4xx: refused).
        case answered(status: Int, body: [UInt8])
        /// The shard did not take it now; it waits in the shard's outbox at this depth.
        case queued(reason: String, depth: Int)
        /// The shard did not take it and it was not kept: no shard took it, or the shard is out
        /// of step.
        case notDelivered(reason: String)
    }

    /// The idempotency key every shard got.
    public var idempotencyKey: String
    /// Each shard's outcome, by index.
    public var outcomes: [Outcome]

    /// The HTTP status (see the type's documentation).
    public var status: Int {
        let answered = outcomes.compactMap { outcome -> Int? in
            if case .answered(let status, _) = outcome { return status }
            return nil
        }
        let took = answered.filter { (200..<300).contains($0) }
        if took.count == outcomes.count { return 200 }
        if !took.isEmpty { return took.count == answered.count ? 202 : 502 }
        if let first = answered.first, answered.allSatisfy({ $0 == first }) { return first }
        return 503
    }

    /// The JSON body.
    public var body: JSONValue {
        var fields: [String: JSONValue] = [
            "idempotencyKey": .string(idempotencyKey),
            "shards": .array(outcomes.enumerated().map { Self.entry(shard: $0.offset, $0.element) }),
        ]
        let status = status
        if status == 502 {
            fields["error"] = Self.error("shardsDisagree", "some shards took the write and others refused it: see shards")
        } else if status == 503 {
            fields["error"] = Self.error("noShardTookIt", "no shard took the write and none kept it: nothing was applied; retry")
        } else if status >= 400, case .answered(_, let body) = outcomes.first, case .object(let answer)? = Self.json(body), let error = answer["error"] {
            fields["error"] = error
        }
        return .object(fields)
    }

    static func entry(shard: Int, _ outcome: Outcome) -> JSONValue {
        var fields: [String: JSONValue] = ["shard": .number(Double(shard))]
        switch outcome {
        case .answered(let status, let body):
            fields["outcome"] = .string((200..<300).contains(status) ? "applied" : "refused")
            fields["status"] = .number(Double(status))
            fields["body"] = json(body) ?? .string(String(decoding: body, as: UTF8.self))
        case .queued(let reason, let depth):
            fields["outcome"] = .string("queued")
            fields["reason"] = .string(reason)
            fields["outboxDepth"] = .number(Double(depth))
        case .notDelivered(let reason):
            fields["outcome"] = .string("notDelivered")
            fields["reason"] = .string(reason)
        }
        return .object(fields)
    }

    static func error(_ code: String, _ message: String) -> JSONValue {
        .object(["code": .string(code), "path": .string(""), "message": .string(message)])
    }

    /// `bytes` as JSON, or `nil` when they are not.
    static func json(_ bytes: [UInt8]) -> JSONValue? {
        guard !bytes.isEmpty else { return nil }
        return try? JSONValue.parse(Data(bytes))
    }
}
