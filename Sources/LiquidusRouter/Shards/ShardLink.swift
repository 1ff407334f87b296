import Logging

/// One shard as the router sees it: its client and its outbox — the market-wide writes it
/// missed, delivered in order, with their idempotency keys, before anything newer reaches it.
///
/// States: **in step** (empty outbox: writes go straight to the shard), **catching up** (the
/// outbox holds writes: new market-wide writes join its end, the shard's account writes are
/// refused with 503 so that none overtakes the market data before it, and a drainer delivers the
/// outbox oldest first, retrying every 50 ms to 2 s), and **out of step** (the outbox passed
/// ``OutboxLimits``: it is dropped, nothing more is kept for the shard and its account writes are
/// refused until the router restarts — the shard has missed market data that no one resends).
public actor ShardLink {
    /// Where a shard is.
    public enum Standing: String, Sendable {
        case inStep, catchingUp, outOfStep
    }

    /// What became of a write handed to the outbox.
    enum Kept: Sendable, Equatable {
        /// Kept, with this many writes now waiting.
        case queued(depth: Int)
        /// Not kept: the shard is out of step.
        case dropped
    }

    /// The shard's client.
    public nonisolated let client: ShardClient
    private var outbox: Outbox
    private var outOfStep = false
    private var drainer: Task<Void, Never>?
    private let metrics: RouterMetrics
    private let logger: Logger

    /// The shortest and longest pause between two tries of the outbox's oldest write.
    static let retry: ClosedRange<Duration> = .milliseconds(50)...(.seconds(2))

    init(client: ShardClient, limits: OutboxLimits, metrics: RouterMetrics, logger: Logger) {
        self.client = client
        self.outbox = Outbox(limits: limits)
        self.metrics = metrics
        self.logger = logger
    }

    /// The shard's index.
    public nonisolated var index: Int { client.index }

    /// Where the shard is now.
    public var standing: Standing { outOfStep ? .outOfStep : outbox.isEmpty ? .inStep : .catchingUp }

    /// How many writes wait in the outbox.
    public var depth: Int { outbox.count }

    /// Keeps `request` at the end of the outbox and starts delivering it, or drops it when the
    /// shard is or now goes out of step.
    func keep(_ request: ForwardedRequest) -> Kept {
        guard !outOfStep else { return .dropped }
        guard outbox.append(request) else {
            outOfStep = true
            logger.error(
                "a shard's outbox is full: it is out of step until the router restarts",
                metadata: ["shard": "\(index)", "dropped": "\(outbox.count + 1)"])
            outbox.removeAll()
            metrics.setOutbox(shard: index, depth: 0, outOfStep: true)
            return .dropped
        }
        metrics.setOutbox(shard: index, depth: outbox.count, outOfStep: false)
        if drainer == nil { drainer = Task { await drain() } }
        return .queued(depth: outbox.count)
    }

    /// Delivers the outbox, oldest first: a write leaves it once the shard answers it with a
    /// final answer (2xx, or 4xx but 408 and 429); otherwise it is tried again after a pause that
    /// doubles.
    private func drain() async {
        var pause = Self.retry.lowerBound
        while let entry = outbox.first, !Task.isCancelled {
            let answer = await client.send(entry.request)
            metrics.sent("outbox", shard: index, answer: answer)
            if answer.isFinal {
                outbox.remove(entry.number)
                metrics.setOutbox(shard: index, depth: outbox.count, outOfStep: outOfStep)
                if !answer.took {
                    logger.warning(
                        "a shard refused a write from its outbox", metadata: ["shard": "\(index)", "status": "\(answer.status ?? 0)"])
                }
                pause = Self.retry.lowerBound
            } else {
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, Self.retry.upperBound)
            }
        }
        drainer = nil
    }

    /// Stops delivering (at shutdown).
    func stop() {
        drainer?.cancel()
        drainer = nil
    }
}
