import ArgumentParser
import Foundation
import Hummingbird
import LiquidusCore
import LiquidusRouter
import Logging
import ServiceLifecycle
import UnixSignals

extension Liquidus {
    /// `liquidus route`: one address for clients in front of K shards.
    struct Route: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run one address for clients in front of the shards of a service.",
            discussion: """
                Give one --shard per shard, in index order (shard 0 first): K shards are K
                --shard options, and the accounts are split over them by the same map as
                `liquidus serve --shards K --shard I`. A shard that is a cluster is given as
                the comma-separated base URLs of its members; the router follows a standby's
                307 to the leader and passes over a member it cannot reach.

                An account's requests (GET and PUT /v1/accounts/{id}) go to its shard. The
                market-wide writes (POST /v1/markets, /v1/marks, /v1/books/{symbol}) go to
                every shard, one at a time in arrival order, with one Idempotency-Key (the
                client's, or a new one); the answer says what each shard did. A shard that is
                down or answers 5xx misses nothing: its copies wait in its outbox (at most
                --outbox-limit writes and --outbox-bytes bytes, in memory) and are delivered
                in order before anything newer reaches it; meanwhile its accounts' writes get
                503 and the other shards go on. Past the bound the shard is out of step: its
                outbox is dropped and its accounts take no writes until it is resynchronised
                and the router restarted. GET /v1/state is merged over the shards; events and
                streams are per shard (/v1/shards/{i}/events, /v1/shards/{i}/stream).
                Authorization is forwarded unchanged: the shards check it. See
                docs/cluster.md.

                Examples:
                  liquidus route --shard http://127.0.0.1:8081 --shard http://127.0.0.1:8082
                  liquidus route --listen 0.0.0.0:8090 \\
                    --shard http://10.0.0.5:8080,http://10.0.0.6:8080 \\
                    --shard http://10.0.0.7:8080,http://10.0.0.8:8080
                """)

        @Option(help: "The address to listen on, HOST:PORT.")
        var listen = "127.0.0.1:8090"
        @Option(
            name: .customLong("shard"),
            help: ArgumentHelp(
                "One shard's members: base URLs (http://HOST:PORT), comma-separated; once per shard, shard 0 first.",
                valueName: "url[,url…]"))
        var shards: [String] = []
        @Option(help: "Seconds one forwarded request may take, every member and redirect included.")
        var timeout = 5.0
        @Option(help: "Seconds a connection to a member may take to open.")
        var connectTimeout = 1.0
        @Option(help: "The largest request body, in bytes.")
        var maxBodyBytes = 1 << 20
        @Option(help: "The most market-wide writes one shard's outbox keeps while it is unreachable.")
        var outboxLimit = 10_000
        @Option(help: "The most body bytes one shard's outbox keeps.")
        var outboxBytes = 64 << 20
        @OptionGroup var log: LogOptions

        func validate() throws {
            guard address != nil else { throw ValidationError("--listen must be HOST:PORT with a port from 0 to 65535") }
            if let problem = routerConfiguration(logger: Logger(label: "liquidus.router")).problem { throw ValidationError("--shard: \(problem)") }
            for (name, seconds) in [("--timeout", timeout), ("--connect-timeout", connectTimeout)] where !(0.05...600).contains(seconds) {
                throw ValidationError("\(name) must be from 0.05 to 600 seconds")
            }
            guard maxBodyBytes >= 1_024 else { throw ValidationError("--max-body-bytes must be ≥ 1024") }
            guard (1...10_000_000).contains(outboxLimit) else { throw ValidationError("--outbox-limit must be from 1 to 10000000") }
            guard outboxBytes >= maxBodyBytes else { throw ValidationError("--outbox-bytes must be at least --max-body-bytes") }
        }

        /// `--listen` as host and port.
        var address: (host: String, port: Int)? {
            guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65_535).contains(port) else { return nil }
            let host = String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            return host.isEmpty ? nil : (host, port)
        }

        func routerConfiguration(logger: Logger) -> RouterConfiguration {
            RouterConfiguration(
                host: address?.host ?? "127.0.0.1", port: address?.port ?? 8090,
                shards: shards.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } },
                requestTimeout: .seconds(timeout), connectTimeout: .seconds(connectTimeout), maxBodySize: maxBodyBytes,
                outbox: OutboxLimits(entries: outboxLimit, bytes: outboxBytes), logger: logger)
        }

        func run() async throws {
            let logger = log.bootstrap(label: "liquidus.router")
            let app = try buildRouterApplication(configuration: routerConfiguration(logger: logger))
            let group = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            try await ServiceGroup(configuration: group).run()
        }
    }
}
