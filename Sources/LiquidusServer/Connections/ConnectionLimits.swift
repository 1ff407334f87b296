/// How long a connection may take and how many may be open: what keeps idle, slow and malformed
/// connections from holding the server's sockets.
///
/// - A connection must deliver its first request's head within ``requestHeadTimeout`` (else 408
///   and closed), whether it sends nothing, half a head or one byte at a time.
/// - A request's body must arrive within ``bodyTimeout`` (else 408).
/// - Between requests, or when a request stops sending, a connection is closed after
///   ``idleTimeout`` (Hummingbird's idle handler).
/// - A request line or header field longer than ``maxHeaderBytes`` is refused with 431.
/// - At most ``maxConnections`` are open at once; further ones wait in the listen backlog until
///   one closes (which the timeouts above guarantee), so a flood of idle sockets cannot exhaust
///   the process's file descriptors and starve `/healthz`.
/// - At most ``maxPendingConnections`` connections may wait for their first request head: past
///   it the oldest waiting one is closed (503), so idle sockets cannot hold every slot.
/// - On SIGTERM a connection with no request in progress is closed at once; the server exits
///   within ``shutdownGrace`` even when a client holds a request open.
public struct ConnectionLimits: Sendable, Hashable {
    /// Time from a connection's opening to its first request's complete head.
    public var requestHeadTimeout: Duration
    /// Time to read one request's body.
    public var bodyTimeout: Duration
    /// Time a connection may stay silent between requests or inside one.
    public var idleTimeout: Duration
    /// The most connections open at once.
    public var maxConnections: Int
    /// The most connections waiting for their first request head (half the connections by default).
    public var maxPendingConnections: Int
    /// The longest request line or header field, in bytes (also the bound on all header fields).
    public var maxHeaderBytes: Int
    /// After SIGTERM, how long requests in progress may take before the server stops anyway.
    public var shutdownGrace: Duration

    /// Creates limits; the defaults suit a service on a private network.
    public init(
        requestHeadTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(30),
        maxConnections: Int = 1_024, maxPendingConnections: Int? = nil, maxHeaderBytes: Int = 16 * 1_024, shutdownGrace: Duration = .seconds(10)
    ) {
        self.maxPendingConnections = maxPendingConnections ?? max(1, maxConnections / 2)
        self.requestHeadTimeout = requestHeadTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.maxHeaderBytes = maxHeaderBytes
        self.shutdownGrace = shutdownGrace
    }
}
