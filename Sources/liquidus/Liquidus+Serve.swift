import ArgumentParser
import Foundation
import Hummingbird
import LiquidusCheck
import LiquidusCore
import LiquidusServer
import LiquidusStore
import Logging
import ServiceLifecycle
import UnixSignals

extension Liquidus {
    /// `liquidus serve`: the engine as a service (REST + WebSocket), with a durable store.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the engine as an HTTP/WebSocket service with a durable command log.",
            discussion: """
                Every accepted input is appended durably to the command log (SQLite at --db, or
                PostgreSQL with --postgres) before it is acknowledged; every --snapshot-interval commands
                the engine's state is stored as a snapshot document, and on start the latest snapshot is
                restored and the commands after it replayed, so a crash loses nothing that was
                acknowledged. Mutating endpoints need the write token (--token-file), read-only ones
                the read token (--read-token-file) or the write token. The API is described at
                /openapi.json (docs/openapi.json in the repo).
                SIGTERM or SIGINT shuts down gracefully: idle connections are closed, requests in flight
                finish (within --shutdown-grace), the store is flushed. Connections are bounded: the
                first request head within --request-head-timeout, bodies within --body-timeout, idle
                connections closed after --idle-timeout, at most --max-connections at once. With
                --retain-commands the history older than that behind the latest snapshot is pruned.
                The executor's settings (--slippage-budget-bp, --child-interval-seconds,
                --max-children) are recorded in a new store; a stored store refuses others.

                A cluster: the same command with --postgres, --cluster NAME and --advertise URL, started
                several times (on one machine or many), forms one service. One member leads (it holds
                a lease in PostgreSQL, renewed every quarter of --lease-seconds, and is the log's only
                writer: each commit checks its epoch); the others are hot standbys that apply the log
                as it is written, serve reads at the command they have applied, and answer writes
                with 307 to the leader's advertised URL. When the leader dies or stops, a standby
                takes the lease once it expires, applies the rest of the log, and leads. See
                docs/cluster.md.

                Examples:
                  head -c 32 /dev/urandom | base64 > write.token
                  liquidus serve --db liquidus.sqlite --token-file write.token
                  liquidus serve --port 9000 --venue binance --insurance-fund 1000000 --db /var/lib/liquidus/log.sqlite --token-file write.token --read-token-file read.token
                  liquidus serve --postgres postgres://liquidus:secret@127.0.0.1:5432/liquidus --token-file write.token
                  liquidus serve --postgres postgres://liquidus:secret@db:5432/liquidus --cluster risk --advertise http://10.0.0.5:8080 --host 0.0.0.0 --token-file write.token
                """)

        @Option(help: "The address to bind (loopback by default).")
        var host = "127.0.0.1"
        @Option(help: "The port to listen on.")
        var port = 8080
        @Option(help: "The SQLite store's path (created if missing).")
        var db = "liquidus.sqlite"
        @Option(help: "Use PostgreSQL at this URL (postgres://user:password@host:port/database) instead of SQLite.")
        var postgres: String?
        @Option(help: "The PostgreSQL schema for the tables.")
        var postgresSchema = "liquidus"
        @Option(help: "A file holding the write token (at least 16 characters).")
        var tokenFile: String
        @Option(help: "A file holding the read-only token (at least 16 characters).")
        var readTokenFile: String?
        @Option(help: "For a new store: the venue preset (markets and policy).")
        var venue = "liquidus"
        @Option(help: "For a new store: the insurance fund at the start, a decimal.")
        var insuranceFund = "0"
        @Option(help: "The largest request body, in bytes.")
        var maxBodyBytes = 1 << 20
        @Option(help: "Store a snapshot of the engine's state every N commands (and at shutdown).")
        var snapshotInterval: Int64 = 10_000
        @Option(help: "Keep N commands of history behind the latest snapshot; older commands, events and idempotency keys are pruned (0: keep all; at least --snapshot-interval).")
        var retainCommands: Int64 = 0
        @Option(help: "For a new store: the executor's slippage budget per child order, in basis points of the touch (0-9999). A stored store must be started with its own settings.")
        var slippageBudgetBp: Int64 = 50
        @Option(help: "For a new store: engine seconds between child orders of a close (0-86400).")
        var childIntervalSeconds: Int64 = 1
        @Option(help: "For a new store: the most child orders of one close (1-1000).")
        var maxChildren = 10
        @Option(help: "Seconds a connection has to send its first request's head (408 after).")
        var requestHeadTimeout = 10.0
        @Option(help: "Seconds a request has to send its body (408 after).")
        var bodyTimeout = 10.0
        @Option(help: "Seconds an idle connection is kept open.")
        var idleTimeout = 30.0
        @Option(help: "The most connections open at once (further ones wait in the listen backlog).")
        var maxConnections = 1_024
        @Option(help: "Seconds one store operation may take before the request gets 503 (PostgreSQL).")
        var storeTimeout = 3.0
        @Option(help: "PostgreSQL: how many group commits may be in flight at once (1 to 16), each on a connection of its own, so that PostgreSQL flushes them together.")
        var commitsInFlight = PostgresStore.defaultCommitsInFlight
        @Option(help: "Seconds requests in progress may take after SIGTERM before the server stops anyway.")
        var shutdownGrace = 10.0
        @Option(help: "Join the cluster of this name (with --postgres and --advertise): one leader writes the log, the others follow it.")
        var cluster: String?
        @Option(help: "This member's base URL as clients reach it (http://HOST:PORT): where the other members redirect writes while it leads.")
        var advertise: String?
        @Option(help: "Seconds a cluster leader's lease lasts unless renewed (renewed every quarter of it): a dead leader is replaced within about this long.")
        var leaseSeconds = 2.0
        @Option(help: "Serve one shard of the accounts: the number of shards (1 to 1024), with --shard. Each shard is a server (or cluster) with a store of its own; every shard receives the markets, marks and books.")
        var shards: Int?
        @Option(help: "This server's shard, 0 to --shards − 1: requests for another shard's account are answered 421 naming the owner.")
        var shard: Int?
        @Option(help: "With --shards on PostgreSQL: the schema of the insurance fund every shard shares, drawn in each shard's commit transaction (created by the first shard with its --insurance-fund). \"none\": each shard keeps a fund of its own.")
        var sharedFundSchema = "liquidus_shared"
        @OptionGroup var log: LogOptions

        func validate() throws {
            guard (0...65_535).contains(port) else { throw ValidationError("--port must be in 0…65535") }
            guard maxBodyBytes >= 1_024 else { throw ValidationError("--max-body-bytes must be ≥ 1024") }
            guard VenuePreset.named(venue) != nil else { throw ValidationError("--venue must name a preset (liquidus presets lists them)") }
            guard Money(insuranceFund) != nil else { throw ValidationError("--insurance-fund must be a plain decimal such as 1000000") }
            guard retainCommands == 0 || retainCommands >= snapshotInterval else {
                throw ValidationError("--retain-commands must be 0 (keep all) or at least --snapshot-interval")
            }
            do { _ = try executor.validated() } catch { throw ValidationError("\(error.path): \(error.message)") }
            for (name, seconds) in [
                ("--request-head-timeout", requestHeadTimeout), ("--body-timeout", bodyTimeout), ("--idle-timeout", idleTimeout),
                ("--store-timeout", storeTimeout), ("--shutdown-grace", shutdownGrace),
            ] where !(0.05...3_600).contains(seconds) {
                throw ValidationError("\(name) must be from 0.05 to 3600 seconds")
            }
            guard (1...1_000_000).contains(maxConnections) else { throw ValidationError("--max-connections must be from 1 to 1000000") }
            guard (1...16).contains(commitsInFlight) else { throw ValidationError("--commits-in-flight must be from 1 to 16") }
            try validateCluster()
            if shards != nil || shard != nil, shardAssignment == nil {
                throw ValidationError("--shards K and --shard I go together, with K from 1 to \(ShardMap.maxShards) and I from 0 to K − 1")
            }
            if sharedFund != nil, commitsInFlight != 1 {
                throw ValidationError("--commits-in-flight must be 1 with a shared insurance fund (a batch stored past a gap could be undone after other shards spent what it paid in)")
            }
        }

        /// The shared fund's schema: with --shards on PostgreSQL, unless `none`.
        var sharedFund: String? {
            guard postgres != nil, shardAssignment != nil, sharedFundSchema != "none" else { return nil }
            return sharedFundSchema
        }

        /// The shard this server serves, when --shards and --shard are valid.
        var shardAssignment: ShardAssignment? {
            guard let shards, let shard else { return nil }
            return ShardAssignment(index: shard, count: shards)
        }

        func validateCluster() throws {
            guard (0.2...600).contains(leaseSeconds) else { throw ValidationError("--lease-seconds must be from 0.2 to 600") }
            guard let cluster else {
                guard advertise == nil else { throw ValidationError("--advertise needs --cluster") }
                return
            }
            guard postgres != nil else { throw ValidationError("--cluster needs --postgres: the members share its log") }
            guard let advertise else { throw ValidationError("--cluster needs --advertise URL: where the others send writes while this member leads") }
            if let problem = ClusterConfiguration.problem(name: cluster, address: advertise) { throw ValidationError(problem) }
        }

        static func token(_ path: String, _ option: String) throws -> String {
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("\(option): cannot read \(path)") }
            let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard token.count >= 16, !token.contains(where: \.isWhitespace) else {
                throw ValidationError("\(option): the token in \(path) must be at least 16 characters without spaces")
            }
            return token
        }

        /// A base URL without its trailing slash.
        static func trimmed(_ address: String) -> String {
            address.hasSuffix("/") ? String(address.dropLast()) : address
        }

        var executor: EngineGenesis.ExecutorSettings {
            EngineGenesis.ExecutorSettings(
                slippageBudgetBasisPoints: slippageBudgetBp, childIntervalSeconds: childIntervalSeconds, maxChildren: maxChildren)
        }

        var connections: ConnectionLimits {
            ConnectionLimits(
                requestHeadTimeout: .seconds(requestHeadTimeout), bodyTimeout: .seconds(bodyTimeout), idleTimeout: .seconds(idleTimeout),
                maxConnections: maxConnections, shutdownGrace: .seconds(shutdownGrace))
        }

        func run() async throws {
            let logger = log.bootstrap(label: "liquidus.server")
            let writeToken = try Self.token(tokenFile, "--token-file")
            let readToken = try readTokenFile.map { try Self.token($0, "--read-token-file") }
            guard readToken != writeToken else { throw ValidationError("the read token must differ from the write token") }
            let store: ServerConfiguration.StoreLocation = postgres.map { .postgres(url: $0, schema: postgresSchema) } ?? .sqlite(path: db)
            let limits = FileDescriptorLimit.raise(connections, logger: logger)
            var configuration = ServerConfiguration(
                host: host, port: port, store: store, writeToken: writeToken, readToken: readToken, maxBodySize: maxBodyBytes,
                genesis: EngineGenesis(venue: venue, insuranceFund: Money(insuranceFund) ?? .zero, executor: executor),
                snapshotInterval: snapshotInterval, connections: limits, storeTimeout: .seconds(storeTimeout),
                commitsInFlight: commitsInFlight, retainedCommands: retainCommands,
                cluster: cluster.map { ClusterConfiguration(name: $0, address: Self.trimmed(advertise ?? ""), lease: .seconds(leaseSeconds)) },
                logger: logger)
            configuration.shard = shardAssignment
            configuration.sharedFundSchema = sharedFund
            let app: any ApplicationProtocol
            do { app = try await buildApplication(configuration: configuration) } catch {
                FileHandle.standardError.write(Data("liquidus: cannot start: \(error)\n".utf8))
                throw ExitCode(1)
            }
            var group = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            group.maximumGracefulShutdownDuration = .seconds(shutdownGrace) + .seconds(60)
            try await ServiceGroup(configuration: group).run()
        }
    }
}
