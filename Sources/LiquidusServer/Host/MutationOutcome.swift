public import LiquidusCore
public import LiquidusEngine

/// What became of a mutation.
public enum MutationOutcome: Sendable {
    /// Applied and durably logged: the HTTP status and JSON body sent (and remembered under the
    /// idempotency key).
    case applied(status: Int, body: [UInt8])
    /// A retry of an applied request: its remembered response.
    case replayed(status: Int, body: [UInt8])
    /// Refused; nothing was applied or logged.
    case rejected(APIError)
}
