public import ServiceLifecycle

/// The engine's lifecycle as a service of the application's group: it starts the cluster's
/// member (if any), idles until graceful shutdown (SIGTERM/SIGINT, after the HTTP server has
/// stopped taking requests), then lets the writer finish what is in flight, stores a snapshot,
/// hands a leader's lease over and closes the store.
public struct EngineService: Service {
    let host: EngineHost
    let member: ClusterMember?

    /// Creates the service; `member` is `nil` outside a cluster.
    public init(host: EngineHost, member: ClusterMember? = nil) {
        self.host = host
        self.member = member
    }

    /// Runs the member, waits for shutdown, then flushes.
    public func run() async throws {
        await member?.start()
        try? await gracefulShutdown()
        await host.shutdown(beforeClosing: { [member] in await member?.resign() })
    }
}
