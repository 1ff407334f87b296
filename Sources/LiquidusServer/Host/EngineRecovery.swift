import Foundation
import LiquidusCore
public import LiquidusEngine
public import LiquidusStore

/// Rebuilds the engine from a store: the latest snapshot's state document restored under the
/// genesis's policy, then the commands after it re-applied in order (the engine is
/// deterministic, so this is the state before the crash).
///
/// What it checks on the way: the restored snapshot has the state hash and event sequence its
/// marker recorded; the log after it has no gap (on a store with commits in flight together, a
/// gap ends the log: only batches never acknowledged lie past it) and every command applies; the events the
/// replay produces are exactly the stored ones (same sequence numbers, same content), so the
/// event sequence continues without a hole from the snapshot's; the state hash at every
/// snapshot marker the replay passes is the recorded one; and the replay ends at the store's
/// head. A snapshot whose document is missing (a marker from before state documents) or does not
/// restore is skipped — the reason is kept in ``Result/skippedSnapshots`` — and the one before it
/// is tried, down to the genesis.
///
/// ``Mode/fullReplay`` ignores the documents and replays the whole log from the genesis,
/// checking every marker on the way: `liquidus replay` runs both and compares the hashes.
public enum EngineRecovery {
    /// Where the replay starts.
    public enum Mode: Sendable, Hashable {
        /// From the latest snapshot that restores (the server's start).
        case fromLatestSnapshot
        /// From the genesis, through the whole log (verification).
        case fullReplay
    }

    /// A recovered engine and what the replay found.
    public struct Result: Sendable {
        /// The engine after the last command.
        public var engine: LiquidationEngine
        /// The genesis it was made from.
        public var genesis: EngineGenesis
        /// The last command's sequence (0 for an empty log).
        public var commandSequence: Int64
        /// The marker of the snapshot restored (without its document), or `nil` when the replay
        /// started from the genesis.
        public var restoredSnapshot: SnapshotMarker?
        /// The command sequences of the snapshot markers whose state hash was checked.
        public var verifiedSnapshots: [Int64]
        /// Snapshots that could not be restored, and why (recovery fell back past them).
        public var skippedSnapshots: [String]
        /// The commands re-applied.
        public var replayedCommands: Int64
        /// The engine's event sequence after the last command (equals the stored events' head).
        public var eventCount: UInt64
        /// How long recovery took (reading, restoring and replaying).
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
    /// - Complexity: O(snapshot size + commands after it × engine step), or O(commands × engine
    ///   step) for ``Mode/fullReplay``.
    public static func recover(
        store: any EngineStore, genesis: EngineGenesis?, mode: Mode = .fromLatestSnapshot, pageSize: Int = 10_000
    ) async throws(Failure) -> Result {
        let start = ContinuousClock.now
        let chosen = try await resolveGenesis(store: store, given: genesis)
        var engine = try makeEngine(chosen)
        let head: StoreHead
        let markers: [SnapshotMarker]
        let retention: StoreRetention
        do {
            // The markers before the head: a marker is stored after its command, so none read
            // here lies beyond the head even while a cluster's leader appends.
            markers = try await store.snapshotMarkers()
            retention = try await store.retention()
            head = try await store.head()
        } catch { throw Failure(message: "\(error)") }
        var restored: SnapshotMarker?
        var skipped: [String] = []
        if mode == .fromLatestSnapshot {
            (restored, skipped) = await restoreLatest(store: store, markers: markers, head: head, into: &engine)
        }
        if retention.isPruned, (restored?.commandSequence ?? 0) < retention.firstCommand - 1 {
            throw Failure(
                message: mode == .fullReplay
                    ? "the log was pruned through command \(retention.firstCommand - 1): a full replay from the genesis needs the whole log"
                    : "the log was pruned through command \(retention.firstCommand - 1) and no retained snapshot restores (\(skipped.joined(separator: "; ")))")
        }
        var verified: [Int64] = restored.map { [$0.commandSequence] } ?? []
        if restored == nil, let zero = markers.first(where: { $0.commandSequence == 0 }) {
            guard engine.stateHash == zero.stateHash else { throw Failure(message: "the genesis does not give the state hash of snapshot 0") }
            verified.append(0)
        }
        let first = restored?.commandSequence ?? 0
        var checkpoints = markers.filter { $0.commandSequence > first }.makeIterator()
        var checkpoint = checkpoints.next()
        var sequence = first
        // Where the log ends before its head: a gap, past which a store with commits in flight
        // together holds only batches never acknowledged (see `EngineStore.commitsInFlight`).
        var gap = false
        // Up to the head read above, not past it: a cluster's leader may append meanwhile (a
        // standby starting or rebuilding reads the rest as it follows the log).
        while sequence < head.commandSequence, !gap {
            let page: [StoredCommand]
            do {
                page = try await store.commands(after: sequence, limit: Int(min(Int64(pageSize), head.commandSequence - sequence)))
            } catch { throw Failure(message: "\(error)") }
            if page.isEmpty { break }
            var events: [EngineEvent] = []
            for command in page {
                guard command.sequence == sequence + 1 else {
                    guard store.mayHoldGaps else { throw Failure(message: "the command log has a gap: \(command.sequence) follows \(sequence)") }
                    gap = true
                    break
                }
                do { events += try engine.apply(command.input) } catch {
                    throw Failure(message: "command \(command.sequence) does not apply: \(error)")
                }
                sequence = command.sequence
                while let marker = checkpoint, marker.commandSequence <= sequence {
                    guard marker.commandSequence == sequence, engine.stateHash == marker.stateHash, engine.sequence == marker.eventSequence else {
                        throw Failure(message: "after command \(marker.commandSequence) the state differs from the snapshot marker's (hash or event sequence)")
                    }
                    verified.append(sequence)
                    checkpoint = checkpoints.next()
                }
            }
            try await compare(events, withStoredIn: store)
        }
        guard sequence == head.commandSequence || gap else {
            throw Failure(message: "replayed up to command \(sequence), the store holds \(head.commandSequence)")
        }
        guard engine.sequence == head.eventSequence || (gap && engine.sequence < head.eventSequence) else {
            throw Failure(message: "the replay gives \(engine.sequence) events, the store holds \(head.eventSequence)")
        }
        if let marker = checkpoint {
            throw Failure(message: "the snapshot at command \(marker.commandSequence) is beyond the log (\(sequence) commands)")
        }
        return Result(
            engine: engine, genesis: chosen, commandSequence: sequence, restoredSnapshot: restored, verifiedSnapshots: verified,
            skippedSnapshots: skipped, replayedCommands: sequence - first, eventCount: engine.sequence, duration: ContinuousClock.now - start)
    }

    /// The stored genesis, or `given` recorded in a new store.
    static func resolveGenesis(store: any EngineStore, given: EngineGenesis?) async throws(Failure) -> EngineGenesis {
        do {
            if let text = try await store.genesis() {
                let stored: EngineGenesis
                do { stored = try EngineGenesis(text: text) } catch { throw Failure(message: "the stored genesis is invalid: \(error)") }
                if let given, given.executor != stored.executor {
                    throw Failure(
                        message: "the store was written with the executor's \(stored.executor); this server is configured with \(given.executor): "
                            + "replaying the log under other settings would give other events (start with the stored settings, or use a new store)")
                }
                return stored
            }
            guard let given else { throw Failure(message: "the store is empty (no genesis): nothing to replay") }
            _ = try makeEngine(given)
            try await store.initialize(genesis: given.text)
            return given
        } catch let error as Failure {
            throw error
        } catch {
            throw Failure(message: "\(error)")
        }
    }

    /// Restores the latest snapshot whose document restores into an engine with the marker's
    /// hash and event sequence, newest first; returns its marker (without the document) and why
    /// newer documents were skipped (a marker without a document — pruned, or written before
    /// documents existed — is passed over silently). `engine` (the genesis's) gives the policy
    /// and is replaced.
    static func restoreLatest(
        store: any EngineStore, markers: [SnapshotMarker], head: StoreHead, into engine: inout LiquidationEngine
    ) async -> (SnapshotMarker?, [String]) {
        var skipped: [String] = []
        for marker in markers.reversed() where marker.commandSequence > 0 {
            do {
                guard marker.commandSequence <= head.commandSequence else { throw Failure(message: "it is beyond the log's \(head.commandSequence) commands") }
                guard var document = try await store.snapshot(at: marker.commandSequence), let snapshot = try document.engineSnapshot() else { continue }
                guard snapshot.timeUnit == engine.timeUnit else {
                    throw Failure(message: "its times are in \(snapshot.timeUnit.rawValue), the log's in \(engine.timeUnit.rawValue)")
                }
                let candidate = try LiquidationEngine(restoring: snapshot, policy: engine.policy, executor: engine.executor)
                guard candidate.stateHash == marker.stateHash, candidate.sequence == marker.eventSequence else {
                    throw Failure(message: "the restored state's hash or event sequence differs from the marker's")
                }
                engine = candidate
                document.state = nil
                return (document, skipped)
            } catch {
                skipped.append("snapshot \(marker.commandSequence): \(error)")
            }
        }
        return (nil, skipped)
    }

    /// Checks that `events` (consecutive, from a replay) are exactly the stored ones.
    static func compare(_ events: [EngineEvent], withStoredIn store: any EngineStore) async throws(Failure) {
        guard let first = events.first else { return }
        var offset = 0
        while offset < events.count {
            let stored: [EngineEvent]
            do { stored = try await store.events(after: first.sequence + UInt64(offset) - 1, limit: min(10_000, events.count - offset)) } catch {
                throw Failure(message: "\(error)")
            }
            guard !stored.isEmpty else { throw Failure(message: "event \(first.sequence + UInt64(offset)) was replayed but is not stored") }
            for (replayed, kept) in zip(events[offset...], stored) where replayed != kept {
                throw Failure(message: "event \(replayed.sequence) differs from the stored one (\(kept.sequence), \(kept.payload.type))")
            }
            offset += stored.count
        }
    }

    static func makeEngine(_ genesis: EngineGenesis) throws(Failure) -> LiquidationEngine {
        do { return try genesis.makeEngine() } catch { throw Failure(message: "invalid genesis: \(error)") }
    }
}
