public import HummingbirdCore
public import Logging
public import NIOCore

/// A server child channel (Hummingbird's HTTP/1 with WebSocket upgrade, here) with the
/// connection's limits around it: a ``ConnectionGuardHandler`` in front of the HTTP decoder and
/// a ``ProtocolErrorHandler`` behind it. Everything else is the wrapped channel's.
public struct GuardedChannel<Wrapped: ServerChildChannel>: ServerChildChannel {
    public typealias Value = Wrapped.Value

    let wrapped: Wrapped
    let limits: ConnectionLimits
    let pending: PendingConnections

    /// Wraps `wrapped` with `limits`.
    public init(_ wrapped: Wrapped, limits: ConnectionLimits) {
        self.wrapped = wrapped
        self.limits = limits
        self.pending = PendingConnections(limit: limits.maxPendingConnections)
    }

    /// Adds the guard, lets the wrapped channel set up its pipeline, then adds the error handler.
    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            try channel.pipeline.syncOperations.addHandler(ConnectionGuardHandler(headTimeout: limits.requestHeadTimeout, pending: pending), position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return wrapped.setup(channel: channel, logger: logger).flatMapThrowing { value in
            try channel.pipeline.syncOperations.addHandler(ProtocolErrorHandler())
            return value
        }
    }

    /// Runs the wrapped channel's handling.
    public func handle(value: Value, logger: Logger) async {
        await wrapped.handle(value: value, logger: logger)
    }
}
