import ArgumentParser
import Foundation
import LiquidusEngine
import LiquidusServer
import LiquidusStore

extension Liquidus {
    /// `liquidus replay --db PATH`: verifies a store offline.
    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replay a store's command log offline and print its state hash and event count.",
            discussion: """
                Rebuilds the engine from the store's genesis and command log, checks the log has no
                gap, that every command applies, that the replayed events are those stored and that
                the latest snapshot marker's state hash matches; prints the figures as JSON.
                Exit status 1 when the store does not verify. Run it on a copy, or with the server stopped.

                Examples:
                  liquidus replay --db liquidus.sqlite
                  liquidus replay --postgres postgres://liquidus:secret@127.0.0.1:5432/liquidus
                """)

        @Option(help: "The SQLite store to verify.")
        var db: String?
        @Option(help: "Verify the PostgreSQL store at this URL instead.")
        var postgres: String?
        @Option(help: "The PostgreSQL schema of the tables.")
        var postgresSchema = "liquidus"

        func validate() throws {
            guard (db == nil) != (postgres == nil) else { throw ValidationError("give exactly one of --db and --postgres") }
            if let db, !FileManager.default.fileExists(atPath: db) { throw ValidationError("--db: no store at \(db)") }
        }

        static func open(db: String?, postgres: String?, schema: String) async -> Result<any EngineStore, StoreError> {
            do throws(StoreError) {
                if let postgres { return .success(try await PostgresStore.connect(url: postgres, schema: schema)) }
                return .success(try SQLiteStore.open(path: db ?? ""))
            } catch {
                return .failure(error)
            }
        }

        func run() async throws {
            let store: any EngineStore
            switch await Self.open(db: db, postgres: postgres, schema: postgresSchema) {
            case .success(let opened): store = opened
            case .failure(let error):
                FileHandle.standardError.write(Data("liquidus: \(error)\n".utf8))
                throw ExitCode(1)
            }
            do {
                let result = try await EngineRecovery.recover(store: store, genesis: nil)
                try? await store.close()
                let hash = String(result.engine.stateHash, radix: 16)
                let fields: [String] = [
                    "\"commands\": \(result.commandSequence)",
                    "\"events\": \(result.eventCount)",
                    "\"stateHash\": \"\(String(repeating: "0", count: 16 - hash.count) + hash)\"",
                    "\"time\": \(result.engine.time)",
                    "\"insuranceFund\": \"\(result.engine.insuranceFund)\"",
                    "\"snapshotVerifiedAt\": \(result.verifiedSnapshot.map { String($0.commandSequence) } ?? "null")",
                    "\"replaySeconds\": \(Double(result.duration.components.seconds) + Double(result.duration.components.attoseconds) / 1e18)",
                ]
                print("{" + fields.joined(separator: ", ") + "}")
            } catch {
                try? await store.close()
                FileHandle.standardError.write(Data("liquidus: the store does not verify: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
