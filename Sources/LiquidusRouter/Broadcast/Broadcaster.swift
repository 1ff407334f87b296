import Prometheus

/// Sends the market-wide writes (`POST /v1/markets`, `/v1/marks`, `/v1/books/{symbol}`) to every
/// shard, one write at a time in the order they arrive, so that every shard's log holds the
/// market data in the same order.
///
/// A write goes at once to every shard that is in step, with one `Idempotency-Key` (the client's,
/// or a new one). When at least one shard takes it (2xx, which also proves the token and the
/// body good), the shards that could not — unreachable, a 5xx, or still catching up — keep it in
/// their outboxes (``ShardLink``), so a shard that is down delays only its own accounts. When no
/// shard takes it, nothing is kept and the answer says why.
public actor Broadcaster {
    let links: [ShardLink]
    let metrics: RouterMetrics
    let maxWaiting: Int
    /// The write before the newest: the newest waits for it.
    private var last: Task<BroadcastReport, Never>?
    private var waiting = 0

    /// Creates the broadcaster over `links`, with at most `maxWaiting` writes waiting at once.
    init(links: [ShardLink], metrics: RouterMetrics, maxWaiting: Int) {
        self.links = links
        self.metrics = metrics
        self.maxWaiting = maxWaiting
    }

    /// Sends `request` to every shard after the writes before it; `nil` when too many wait.
    func broadcast(_ request: ForwardedRequest) async -> BroadcastReport? {
        guard waiting < maxWaiting else { return nil }
        waiting += 1
        let previous = last
        let keyed = request.keyed(ForwardedRequest.newKey())
        // An unstructured task: a client that goes away does not cut a write off halfway.
        let task = Task { [links, metrics] in
            _ = await previous?.value
            return await Self.send(keyed, to: links, metrics: metrics)
        }
        last = task
        let report = await task.value
        waiting -= 1
        return report
    }

    /// Sends `request` to every shard and keeps it for those that did not take it, if one did.
    static func send(_ request: ForwardedRequest, to links: [ShardLink], metrics: RouterMetrics) async -> BroadcastReport {
        let start = ContinuousClock.now
        var answers = [ShardAnswer?](repeating: nil, count: links.count)
        await withTaskGroup(of: (Int, ShardAnswer?).self) { group in
            for link in links {
                group.addTask {
                    guard await link.standing == .inStep else { return (link.index, nil) }
                    let answer = await link.client.send(request)
                    metrics.sent("broadcast", shard: link.index, answer: answer)
                    return (link.index, answer)
                }
            }
            for await (index, answer) in group { answers[index] = answer }
        }
        let taken = answers.contains { $0?.took == true }
        var outcomes: [BroadcastReport.Outcome] = []
        for (link, answer) in zip(links, answers) {
            outcomes.append(await outcome(of: answer, at: link, keep: taken ? request : nil))
        }
        metrics.broadcastLatency.record(ContinuousClock.now - start)
        return BroadcastReport(idempotencyKey: request.idempotencyKey ?? "", outcomes: outcomes)
    }

    /// A shard's outcome: its final answer, or — with `keep`, when another shard took the write —
    /// the write kept in its outbox.
    static func outcome(of answer: ShardAnswer?, at link: ShardLink, keep: ForwardedRequest?) async -> BroadcastReport.Outcome {
        if case .answered(let status, _, let body)? = answer, answer?.isFinal == true || keep == nil {
            return .answered(status: status, body: body)
        }
        let reason: String
        switch answer {
        case .answered(let status, _, _)?: reason = "the shard answered \(status)"
        case .unreachable(let why)?: reason = "the shard could not be reached: \(why)"
        case nil: reason = "the shard has earlier writes waiting in its outbox"
        }
        guard let keep else { return .notDelivered(reason: reason) }
        switch await link.keep(keep) {
        case .queued(let depth): return .queued(reason: reason, depth: depth)
        case .dropped: return .notDelivered(reason: "\(reason); the shard is out of step (its outbox overflowed): it gets no market data until the router restarts")
        }
    }
}
