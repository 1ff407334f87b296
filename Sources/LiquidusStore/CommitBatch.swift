public import LiquidusEngine

/// What one durable append holds: the commands accepted together (one request, or several
/// requests grouped into one commit), the events they caused, and the responses to remember for
/// their idempotency keys.
public struct CommitBatch: Sendable {
    /// The commands, with consecutive sequence numbers following the stored ones.
    public var commands: [StoredCommand]
    /// The events the commands caused, in sequence order.
    public var events: [EngineEvent]
    /// The responses of requests that carried an idempotency key.
    public var responses: [StoredResponse]
    /// The epoch of the cluster's leader that writes the batch (see ``ClusterStore``): the commit
    /// checks, in its own transaction, that this is still the current epoch, and fails with
    /// ``StoreError/Code/fenced`` otherwise. `nil` for a server that is no cluster's member (a
    /// store whose log belongs to a cluster refuses such a batch).
    public var epoch: Int64?

    /// Creates a batch.
    /// What the batch does to an insurance fund shared with other shards, applied in the same
    /// transaction as its rows by a store that keeps one (``EngineStore/sharedInsuranceFund()``);
    /// `nil` when the batch leaves the fund as it found it, or the fund is the engine's own.
    public var fundChange: SharedFundChange?
    /// The orders of other shards this batch took out of the shard's inbox (applied or refused),
    /// deleted from it in the batch's transaction by a store that keeps one. The orders the
    /// batch forwards are its `deleveragingForwarded` events, delivered in the same transaction.
    public var consumedOrders: [ConsumedOrder] = []

    public init(commands: [StoredCommand] = [], events: [EngineEvent] = [], responses: [StoredResponse] = [], epoch: Int64? = nil) {
        self.commands = commands
        self.events = events
        self.responses = responses
        self.epoch = epoch
    }

    /// Whether there is nothing to store.
    public var isEmpty: Bool { commands.isEmpty && events.isEmpty && responses.isEmpty }
}

/// One entry of the command log: an accepted engine input and its place in the log.
public struct StoredCommand: Hashable, Sendable {
    /// 1, 2, 3, … with no gap.
    public var sequence: Int64
    /// The input, stored in its Codable form (``LiquidusEngine/EngineInput``'s JSON).
    public var input: EngineInput

    /// Creates a log entry.
    public init(sequence: Int64, input: EngineInput) {
        self.sequence = sequence
        self.input = input
    }
}

/// A response remembered for an idempotency key, so that a retried request gets the same answer
/// and is not applied twice.
public struct StoredResponse: Hashable, Sendable {
    /// The client's idempotency key.
    public var key: String
    /// A digest of the request (method, path, body), to tell a retry from a different request
    /// that reuses the key.
    public var requestDigest: String
    /// The HTTP status that was sent.
    public var status: Int
    /// The response body that was sent.
    public var body: [UInt8]
    /// The log's last command when the request was applied (its responses are pruned with it).
    public var commandSequence: Int64

    /// Creates a stored response.
    public init(key: String, requestDigest: String, status: Int, body: [UInt8], commandSequence: Int64 = 0) {
        self.key = key
        self.requestDigest = requestDigest
        self.status = status
        self.body = body
        self.commandSequence = commandSequence
    }
}

/// A snapshot: the engine's sequence numbers and state hash after a given command, and the
/// engine's restorable state document (``LiquidusEngine/LiquidationEngine/Snapshot`` as canonical
/// JSON).
///
/// Recovery restores the document of the latest snapshot and replays only the commands after
/// it, checking that the restored state has the recorded hash and event sequence (a store that
/// was tampered with, or an engine whose behaviour changed, is caught). The document is kept for
/// the latest ``retainedDocuments`` snapshots; older ones keep only their marker, which a full
/// replay (`liquidus replay`) still checks. Markers written before the engine had a state
/// document have `state == nil`: recovery replays from the genesis past them.
public struct SnapshotMarker: Hashable, Sendable {
    /// How many of the latest snapshots keep their state document (the latest, and one to fall
    /// back on should it not restore).
    public static let retainedDocuments = 2

    /// The last command included.
    public var commandSequence: Int64
    /// The engine's event sequence after that command.
    public var eventSequence: UInt64
    /// The engine's ``LiquidusEngine/LiquidationEngine/stateHash`` after that command.
    public var stateHash: UInt64
    /// The state document (sorted-key JSON of ``LiquidusEngine/LiquidationEngine/Snapshot``), or
    /// `nil` when only the marker is kept (or was read without its document).
    public var state: String?

    /// Creates a marker.
    public init(commandSequence: Int64, eventSequence: UInt64, stateHash: UInt64, state: String? = nil) {
        self.commandSequence = commandSequence
        self.eventSequence = eventSequence
        self.stateHash = stateHash
        self.state = state
    }

    /// The snapshot of an engine after command `commandSequence`: its document encoded (sorted
    /// keys), with its event sequence and state hash.
    /// - Complexity: O(size of the state); call it off the engine's writer.
    public init(commandSequence: Int64, snapshot: LiquidationEngine.Snapshot) throws(StoreError) {
        self.init(
            commandSequence: commandSequence, eventSequence: snapshot.sequence, stateHash: snapshot.stateHash,
            state: try RecordCoding.encode(snapshot))
    }

    /// The state document decoded (not yet validated: ``LiquidusEngine/LiquidationEngine/init(restoring:policy:)``
    /// does that), or `nil` when this marker has none.
    public func engineSnapshot() throws(StoreError) -> LiquidationEngine.Snapshot? {
        guard let state else { return nil }
        return try RecordCoding.decode(LiquidationEngine.Snapshot.self, state, row: "snapshot \(commandSequence)")
    }
}

/// The oldest history a store still holds (see ``EngineStore/prune(through:)``).
public struct StoreRetention: Hashable, Sendable {
    /// The first command still stored: 1 when nothing was pruned.
    public var firstCommand: Int64
    /// The first event still stored: 1 when nothing was pruned.
    public var firstEvent: UInt64

    /// Creates a retention record.
    public init(firstCommand: Int64 = 1, firstEvent: UInt64 = 1) {
        self.firstCommand = firstCommand
        self.firstEvent = firstEvent
    }

    /// Whether anything was pruned.
    public var isPruned: Bool { firstCommand > 1 || firstEvent > 1 }

    /// The meta keys that record it.
    static let commandKey = "pruned_through_command"
    static let eventKey = "pruned_through_event"
}

/// The highest sequence numbers in a store.
public struct StoreHead: Hashable, Sendable {
    /// The last command's sequence, 0 for an empty log.
    public var commandSequence: Int64
    /// The last event's sequence, 0 when there is none.
    public var eventSequence: UInt64

    /// Creates a head.
    public init(commandSequence: Int64, eventSequence: UInt64) {
        self.commandSequence = commandSequence
        self.eventSequence = eventSequence
    }
}
