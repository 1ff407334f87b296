import Prometheus
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LiquidusEngine
import LiquidusStore
import Logging

extension EngineHost {
    /// Stores a snapshot of the committed state now and waits for it (tests and tools; the host
    /// takes them by itself every `snapshotInterval` commands).
    public func snapshot() async {
        await snapshotTask?.value
        let (snapshot, sequence) = await read { engine, sequence in (engine.snapshot(), sequence) }
        await snapshotTask?.value
        startSnapshot(snapshot, at: sequence)
        await snapshotTask?.value
    }

    /// Whether a periodic snapshot is due: every `snapshotInterval` commands for a server outside
    /// any cluster. In a cluster the standbys write them (``followedSnapshot()``: a standby has
    /// the same state at the same command, so the leader never spends the encoding's CPU nor
    /// copies its accounts for one); the leader writes one only when none was claimed for twice
    /// the interval (no standby follows).
    var periodicSnapshotDue: Bool {
        guard snapshotTask == nil, ContinuousClock.now >= nextSnapshotNotBefore else { return false }
        switch leadership {
        case .standalone: return commandSequence - lastSnapshot >= snapshotInterval
        case .leader: return commandSequence - lastSnapshot >= 2 * snapshotInterval
        case .standby: return false
        }
    }

    /// Starts the periodic snapshot of the committed state (claimed first in a cluster).
    func startPeriodicSnapshot() {
        startSnapshot(engine.snapshot(), at: commandSequence, claimingEvery: leadership == .standalone ? nil : snapshotInterval)
    }

    /// A standby, having applied the log: starts the cluster's periodic snapshot when one is due
    /// and no other member claimed it.
    func followedSnapshot() {
        guard leadership == .standby, snapshotTask == nil, ContinuousClock.now >= nextSnapshotNotBefore,
            commandSequence - lastSnapshot >= snapshotInterval
        else { return }
        startSnapshot(engine.snapshot(), at: commandSequence, claimingEvery: snapshotInterval)
    }

    /// Encodes and stores `snapshot` (of the committed state after command `sequence`) in a task
    /// off the writer; with `claimingEvery`, only when the store grants this member the snapshot
    /// (``LiquidusStore/EngineStore/claimSnapshot(at:interval:)``).
    func startSnapshot(_ snapshot: LiquidationEngine.Snapshot, at sequence: Int64, claimingEvery interval: Int64? = nil) {
        let (store, logger, retained) = (store, logger, retainedCommands)
        snapshotTask = Task.detached(priority: .utility) {
            let start = ContinuousClock.now
            do {
                if let interval {
                    let (granted, latest) = try await store.claimSnapshot(at: sequence, interval: interval)
                    guard granted else { return await self.snapshotClaimed(elsewhereAt: latest) }
                }
                let marker = try await Self.encode(snapshot, at: sequence)
                try await store.saveSnapshot(marker)
                let duration = ContinuousClock.now - start
                logger.info(
                    "snapshot stored",
                    metadata: [
                        "commandSequence": "\(sequence)", "accounts": "\(snapshot.accountCount)", "bytes": "\(marker.state?.utf8.count ?? 0)",
                        "seconds": "\(duration)",
                    ])
                await self.snapshotStored(at: sequence, hash: marker.stateHash, after: duration)
                await Self.pruneHistory(behind: sequence, keeping: retained, in: store, logger: logger)
            } catch {
                logger.error("snapshot failed", metadata: ["commandSequence": "\(sequence)", "error": "\(error)"])
                await self.snapshotStored(at: nil, hash: nil, after: ContinuousClock.now - start)
            }
        }
    }

    /// Encodes `snapshot` on a thread of its own at the lowest CPU priority: seconds of CPU for a
    /// large engine, which on the cooperative thread pool (as wide as the machine has cores), or
    /// at normal priority on a small machine, would hold up the writer and the request handlers.
    /// Under load the encoding waits for idle CPU instead.
    static func encode(_ snapshot: LiquidationEngine.Snapshot, at sequence: Int64) async throws(StoreError) -> SnapshotMarker {
        let result: Result<SnapshotMarker, StoreError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                lowerThisThreadsPriority()
                continuation.resume(returning: Result { () throws(StoreError) in try SnapshotMarker(commandSequence: sequence, snapshot: snapshot) })
            }
            thread.name = "liquidus.snapshot"
            thread.start()
        }
        return try result.get()
    }

    /// Another member claimed the periodic snapshot at `latest`: the next is due an interval after it.
    func snapshotClaimed(elsewhereAt latest: Int64) {
        lastSnapshot = max(lastSnapshot, latest)
        snapshotTask = nil
    }

    func snapshotStored(at sequence: Int64?, hash: UInt64?, after duration: Duration) {
        if let sequence { lastSnapshot = max(lastSnapshot, sequence) }
        if let sequence, let hash, knownHash.map({ $0.commandSequence < sequence }) ?? true { knownHash = (sequence, hash) }
        metrics.snapshotLatency.record(duration)
        nextSnapshotNotBefore = .now + duration * Self.snapshotPacing
        snapshotTask = nil
    }

    /// A periodic snapshot starts no sooner than this many times the previous one's duration
    /// after it ended, so encoding and storing snapshots takes at most a fifth of one core
    /// however large the engine and however fast the commands (the tail to replay on recovery
    /// grows instead).
    static let snapshotPacing = 4


    /// With a retention horizon of `retained` commands (0: none), forgets the history before
    /// the newest snapshot at least `retained` commands behind the one just stored at `latest`
    /// (see ``LiquidusStore/EngineStore/prune(through:)``): pruning happens at snapshot markers,
    /// so between `retained` and `retained` plus one snapshot interval of commands are kept.
    static func pruneHistory(behind latest: Int64, keeping retained: Int64, in store: any EngineStore, logger: Logger) async {
        guard retained > 0 else { return }
        do {
            let retention = try await store.retention()
            let markers = try await store.snapshotMarkers()
            guard let target = markers.last(where: { $0.commandSequence <= latest - retained }),
                target.commandSequence >= retention.firstCommand
            else { return }
            try await store.prune(through: target)
            logger.info(
                "history pruned", metadata: ["throughCommand": "\(target.commandSequence)", "throughEvent": "\(target.eventSequence)"])
        } catch {
            logger.error("pruning the history failed (it is retried after the next snapshot)", metadata: ["error": "\(error)"])
        }
    }
}

/// Gives the calling thread the lowest scheduling priority (Linux: nice 19 — `PRIO_PROCESS` with
/// `who` 0 is the calling thread there, nice being per thread under NPTL; elsewhere the
/// background quality of service).
func lowerThisThreadsPriority() {
    #if os(Linux)
    _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
    #else
    Thread.current.qualityOfService = .background
    #endif
}
