public import ServiceLifecycle

/// The engine's lifecycle as a service of the application's group: it idles until graceful
/// shutdown (SIGTERM/SIGINT, after the HTTP server has stopped taking requests), then lets the
/// writer finish what is in flight, stores a snapshot and closes the store.
public struct EngineService: Service {
    let host: EngineHost

    /// Creates the service.
    public init(host: EngineHost) { self.host = host }

    /// Waits for shutdown, then flushes.
    public func run() async throws {
        try? await gracefulShutdown()
        await host.shutdown()
    }
}
