import Foundation
public import LiquidusCore
public import LiquidusEngine
public import LiquidusStore

/// Rebuilds the engine from a store: the stored genesis, then every command of the log re-applied
/// in order (the engine is deterministic, so this is the state before the crash).
///
/// The engine has no restorable state document yet, so a snapshot is a marker (command sequence,
/// event sequence, state hash): recovery replays from the start and checks, at the latest
/// marker's command, that the state hash is the recorded one. It also checks that the log has no
/// gap, that every command applies, and that the events replayed are exactly those stored.
public enum EngineRecovery {
    /// A recovered engine and what the replay found.
    public struct Result: Sendable {
        /// The engine after the last command.
        public var engine: LiquidationEngine
        /// The genesis it was made from.
        public var genesis: EngineGenesis
        /// The last command's sequence (0 for an empty log).
        public var commandSequence: Int64
        /// The snapshot marker checked on the way, if any.
        public var verifiedSnapshot: SnapshotMarker?
        /// Events replayed (equals the stored events' count).
        public var eventCount: UInt64
        /// How long the replay took.
        public var duration: Duration
    }

    /// Why recovery failed.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// What went wrong.
        public var message: String
        /// `message`.
        public var description: String { message }
    }

    /// Recovers from `store`; a new store is initialised with `genesis` (a stored genesis wins
    /// over the given one: a replay must use the configuration the log was written with).
    /// - Complexity: O(commands × engine step).
    public static func recover(store: any EngineStore, genesis: EngineGenesis?, pageSize: Int = 10_000) async throws(Failure) -> Result {
        let start = ContinuousClock.now
        let chosen: EngineGenesis
        do {
            if let text = try await store.genesis() {
                do { chosen = try EngineGenesis(text: text) } catch { throw Failure(message: "the stored genesis is invalid: \(error)") }
            } else if let genesis {
                _ = try makeEngine(genesis)
                try await store.initialize(genesis: genesis.text)
                chosen = genesis
            } else {
                throw Failure(message: "the store is empty (no genesis): nothing to replay")
            }
        } catch let error as Failure {
            throw error
        } catch {
            throw Failure(message: "\(error)")
        }
        var engine = try makeEngine(chosen)
        let snapshot: SnapshotMarker?
        let head: StoreHead
        do {
            snapshot = try await store.latestSnapshot()
            head = try await store.head()
        } catch { throw Failure(message: "\(error)") }
        var sequence: Int64 = 0
        var verified: SnapshotMarker?
        if let snapshot, snapshot.commandSequence == 0 {
            guard engine.stateHash == snapshot.stateHash else { throw Failure(message: "the genesis does not give the state hash of snapshot 0") }
            verified = snapshot
        }
        while true {
            let page: [StoredCommand]
            do { page = try await store.commands(after: sequence, limit: pageSize) } catch { throw Failure(message: "\(error)") }
            if page.isEmpty { break }
            for command in page {
                guard command.sequence == sequence + 1 else {
                    throw Failure(message: "the command log has a gap: \(command.sequence) follows \(sequence)")
                }
                do { _ = try engine.apply(command.input) } catch {
                    throw Failure(message: "command \(command.sequence) does not apply: \(error)")
                }
                sequence = command.sequence
                if let snapshot, snapshot.commandSequence == sequence {
                    guard engine.stateHash == snapshot.stateHash, engine.sequence == snapshot.eventSequence else {
                        throw Failure(message: "after command \(sequence) the state hash differs from the snapshot's")
                    }
                    verified = snapshot
                }
            }
        }
        guard sequence == head.commandSequence else { throw Failure(message: "replayed \(sequence) commands, the store holds \(head.commandSequence)") }
        guard engine.sequence == head.eventSequence else {
            throw Failure(message: "the replay gives \(engine.sequence) events, the store holds \(head.eventSequence)")
        }
        if let snapshot, verified == nil {
            throw Failure(message: "the snapshot at command \(snapshot.commandSequence) is beyond the log (\(sequence) commands)")
        }
        return Result(
            engine: engine, genesis: chosen, commandSequence: sequence, verifiedSnapshot: verified, eventCount: engine.sequence,
            duration: ContinuousClock.now - start)
    }

    static func makeEngine(_ genesis: EngineGenesis) throws(Failure) -> LiquidationEngine {
        do { return try genesis.makeEngine() } catch { throw Failure(message: "invalid genesis: \(error)") }
    }
}
