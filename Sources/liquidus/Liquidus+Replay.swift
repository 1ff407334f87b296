import ArgumentParser
import Foundation
import LiquidusCheck
import LiquidusEngine
import LiquidusServer
import LiquidusStore

extension Liquidus {
    /// `liquidus replay --db PATH`: verifies a store offline.
    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a store offline: recover it as the server does, replay it whole, compare the state hashes.",
            discussion: """
                Recovers the engine as `liquidus serve` does — the latest snapshot's state document
                restored, then the commands after it — and, unless --skip-full-replay or the log was
                pruned (serve --retain-commands), again from the genesis through the whole log, checking every snapshot marker on the way. Both check
                that the log has no gap, that every command applies and that the replayed events are
                exactly the stored ones. Prints the figures as JSON: both state hashes and whether
                they agree. Exit status 1 when the store does not verify (the hashes differ, a
                snapshot does not restore, the log is broken). Run it on a copy, or with the server stopped.

                Examples:
                  liquidus replay --db liquidus.sqlite
                  liquidus replay --db liquidus.sqlite --skip-full-replay
                  liquidus replay --postgres postgres://liquidus:secret@127.0.0.1:5432/liquidus
                """)

        @Option(help: "The SQLite store to verify.")
        var db: String?
        @Option(help: "Verify the PostgreSQL store at this URL instead.")
        var postgres: String?
        @Option(help: "The PostgreSQL schema of the tables.")
        var postgresSchema = "liquidus"
        @Flag(help: "Only recover from the latest snapshot (as the server starts); skip the replay from the genesis.")
        var skipFullReplay = false

        func validate() throws {
            guard (db == nil) != (postgres == nil) else { throw ValidationError("give exactly one of --db and --postgres") }
            if let db, !FileManager.default.fileExists(atPath: db) { throw ValidationError("--db: no store at \(db)") }
        }

        static func open(db: String?, postgres: String?, schema: String) async -> Result<any EngineStore, StoreError> {
            do throws(StoreError) {
                if let postgres { return .success(try await PostgresStore.connect(url: postgres, schema: schema, operationTimeout: .seconds(120))) }
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
                let recovered = try await EngineRecovery.recover(store: store, genesis: nil, mode: .fromLatestSnapshot)
                // A pruned log has no beginning to replay from: only the snapshot and its tail are checked.
                let retention = try? await store.retention()
                let pruned = retention.map { $0.isPruned ? $0.firstCommand - 1 : 0 } ?? 0
                let full = skipFullReplay || pruned > 0 ? nil : try await EngineRecovery.recover(store: store, genesis: nil, mode: .fullReplay)
                try? await store.close()
                let agree = full.map { $0.engine.stateHash == recovered.engine.stateHash && $0.engine.sequence == recovered.engine.sequence }
                var fields: [String] = [
                    "\"commands\": \(recovered.commandSequence)",
                    "\"events\": \(recovered.eventCount)",
                    "\"stateHash\": \"\(Self.hex(recovered.engine.stateHash))\"",
                    "\"time\": \(recovered.engine.time)",
                    "\"accounts\": \(recovered.engine.accountIDs.count)",
                    "\"insuranceFund\": \"\(recovered.engine.insuranceFund)\"",
                    "\"snapshotRestored\": \(recovered.restoredSnapshot.map { String($0.commandSequence) } ?? "null")",
                    "\"replayedCommands\": \(recovered.replayedCommands)",
                    "\"recoverySeconds\": \(Self.seconds(recovered.duration))",
                    "\"skippedSnapshots\": [\(recovered.skippedSnapshots.map(JSONRead.quoted).joined(separator: ", "))]",
                    "\"prunedThroughCommand\": \(pruned)",
                ]
                if let full, let agree {
                    fields += [
                        "\"fullReplay\": {\"stateHash\": \"\(Self.hex(full.engine.stateHash))\", \"seconds\": \(Self.seconds(full.duration)), "
                            + "\"snapshotsVerified\": \(full.verifiedSnapshots.count)}",
                        "\"agree\": \(agree)",
                    ]
                }
                print("{" + fields.joined(separator: ", ") + "}")
                if agree == false || !recovered.skippedSnapshots.isEmpty {
                    FileHandle.standardError.write(Data("liquidus: the store does not verify: \(agree == false ? "the snapshot and the full replay give different states" : "a snapshot does not restore")\n".utf8))
                    throw ExitCode(1)
                }
            } catch let error as EngineRecovery.Failure {
                try? await store.close()
                FileHandle.standardError.write(Data("liquidus: the store does not verify: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }

        static func hex(_ value: UInt64) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
    }
}
