import LiquidusEngine
public import LiquidusStore
import Logging
import Prometheus

extension EngineHost {
    /// Why a standby could not apply what it read from the log.
    public struct FollowFailure: Error, Sendable, CustomStringConvertible {
        /// What went wrong.
        public var message: String
        /// `message`.
        public var description: String { message }
    }

    /// Applies commands read from the log, in sequence, to a standby's engine and publishes the
    /// events they cause; commands already applied are skipped. Waits for a batch in flight to
    /// resolve first (a leader that has just stepped down may still be committing one). Does
    /// nothing unless the host is a standby. Returns the last command applied.
    ///
    /// Throws when `commands` skip a sequence (the caller reads the log again, or recovers when
    /// history was pruned) or a command does not apply — the engine then no longer matches the
    /// log, and the caller must rebuild it (``replaceEngine(with:)``).
    /// - Complexity: O(commands × engine step).
    public func follow(_ commands: [StoredCommand]) async throws(FollowFailure) -> Int64 {
        await settled()
        guard leadership == .standby else { return commandSequence }
        var applied: [EngineEvent] = []
        defer {
            metrics.appliedCommand.set(Double(commandSequence))
            broadcast(applied)
        }
        for command in commands where command.sequence > commandSequence {
            guard command.sequence == commandSequence + 1 else {
                throw FollowFailure(message: "the log read skips from command \(commandSequence) to \(command.sequence)")
            }
            do { applied += try engine.apply(command.input) } catch {
                throw FollowFailure(message: "command \(command.sequence) does not apply: \(error)")
            }
            commandSequence = command.sequence
            tip = commandSequence
            metrics.commands.increment()
            if case .markPrice = command.input.action { metrics.ticks.increment() }
        }
        metrics.insuranceFund.set(Self.double(engine.insuranceFund))
        followedSnapshot()
        return commandSequence
    }

    /// Makes a standby the leader of `epoch` once it has applied the log through `head` (the log's
    /// last command, read after the lease was taken: nothing can follow it under an older epoch);
    /// `false`, changing nothing, when it has not. `lastSnapshot` is the latest stored snapshot's
    /// command sequence, from which the next periodic snapshot counts.
    public func promote(epoch: Int64, head: Int64, lastSnapshot: Int64) async -> Bool {
        await settled()
        guard commandSequence == head, leadership == .standby else { return false }
        leadership = .leader(epoch: epoch)
        storeSuspect = false  // memory is the log: it was just read to its head
        self.lastSnapshot = max(self.lastSnapshot, lastSnapshot)
        nextSnapshotNotBefore = .now
        metrics.leadership(.leader(epoch: epoch))
        logger.notice("leading the cluster", metadata: ["epoch": "\(epoch)", "commandSequence": "\(commandSequence)"])
        return true
    }

    /// Makes the leader a standby (its lease was lost or could not be renewed): batches not yet
    /// started are refused; one in flight finishes (its commit is fenced if the epoch moved on).
    public func demote() {
        guard case .leader = leadership else { return }
        leadership = .standby
        metrics.leadership(.standby)
    }

    /// Registers what the host calls when a commit of its epoch is fenced.
    public func onLeadershipLost(_ handler: @escaping @Sendable (Int64) async -> Void) {
        leadershipLost = handler
    }

    /// Replaces the engine with one rebuilt from the store (a standby whose engine stopped
    /// matching the log, or that fell behind pruned history; a leader after a lost
    /// acknowledgement).
    func replaceEngine(with recovered: EngineRecovery.Result) {
        engine = recovered.engine
        commandSequence = recovered.commandSequence
        tip = commandSequence
        if let restored = recovered.restoredSnapshot { lastSnapshot = max(lastSnapshot, restored.commandSequence) }
        metrics.insuranceFund.set(Self.double(engine.insuranceFund))
        metrics.appliedCommand.set(Double(commandSequence))
    }

    /// A standby's engine rebuilt from the store's latest snapshot and the log after it.
    public func reload(_ recovered: EngineRecovery.Result) async {
        await settled()
        guard leadership == .standby else { return }
        logger.warning("the engine was rebuilt from the store", metadata: ["commandSequence": "\(recovered.commandSequence)"])
        replaceEngine(with: recovered)
    }

    /// Returns once no batch is in flight.
    func settled() async {
        guard inFlight else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            readers.append { _, _ in continuation.resume() }
        }
    }
}
