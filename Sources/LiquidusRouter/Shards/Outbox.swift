import DequeModule

/// The market-wide writes one shard missed, oldest first, each with its idempotency key, within
/// ``OutboxLimits``. A pure value: ``ShardLink`` delivers what it holds.
struct Outbox: Sendable {
    /// A kept write and its number (its place in the order, counted from 1).
    struct Entry: Sendable {
        var number: UInt64
        var request: ForwardedRequest
    }

    let limits: OutboxLimits
    private(set) var entries: Deque<Entry> = []
    private(set) var bytes = 0
    private var lastNumber: UInt64 = 0

    init(limits: OutboxLimits) { self.limits = limits }

    /// The oldest write.
    var first: Entry? { entries.first }
    /// How many writes are kept.
    var count: Int { entries.count }
    /// Whether none is.
    var isEmpty: Bool { entries.isEmpty }

    /// Keeps `request` after the others; `false` (nothing kept) when that would pass a limit.
    /// - Complexity: O(1) amortised.
    mutating func append(_ request: ForwardedRequest) -> Bool {
        guard entries.count < limits.entries, request.body.count <= limits.bytes - bytes else { return false }
        lastNumber += 1
        entries.append(Entry(number: lastNumber, request: request))
        bytes += request.body.count
        return true
    }

    /// Drops the oldest write once delivered, if it is still write `number`.
    mutating func remove(_ number: UInt64) {
        guard let first = entries.first, first.number == number else { return }
        entries.removeFirst()
        bytes -= first.request.body.count
    }

    /// Drops every write.
    mutating func removeAll() {
        entries.removeAll()
        bytes = 0
    }
}
