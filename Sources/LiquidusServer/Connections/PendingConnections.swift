import HTTPTypes
import NIOCore
import Synchronization

/// The connections that have not yet delivered a request head, oldest first, shared by every
/// connection's ``ConnectionGuardHandler``: past ``limit`` of them, the oldest is refused (`503`)
/// and closed to make room.
///
/// A connection limit alone leaves new connections in the listen backlog while idle ones hold
/// every slot until their deadline, so a flood of idle sockets would delay `/healthz` by a
/// deadline per round of the limit; evicting the oldest pending one keeps the wait of a real
/// request (which sends its head at once) to one round trip.
final class PendingConnections: Sendable {
    /// The most connections waiting for their first request head.
    let limit: Int

    private struct Entry {
        var id: UInt64
        var evict: @Sendable () -> Void
    }

    private struct State {
        var entries: [UInt64: Entry] = [:]
        var order: [UInt64] = []
        var orderStart = 0
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    init(limit: Int) { self.limit = max(1, limit) }

    /// Registers a pending connection whose `evict` refuses and closes it (on its event loop);
    /// returns its ticket, and evicts the oldest others past the limit.
    func add(evict: @escaping @Sendable () -> Void) -> UInt64 {
        let (id, evicted) = state.withLock { state -> (UInt64, [Entry]) in
            state.nextID += 1
            let id = state.nextID
            state.entries[id] = Entry(id: id, evict: evict)
            state.order.append(id)
            var evicted: [Entry] = []
            while state.entries.count > limit, state.orderStart < state.order.count {
                let oldest = state.order[state.orderStart]
                state.orderStart += 1
                if let entry = state.entries.removeValue(forKey: oldest) { evicted.append(entry) }
            }
            if state.orderStart > 1_024, state.orderStart * 2 > state.order.count {
                state.order.removeFirst(state.orderStart)
                state.orderStart = 0
            }
            return (id, evicted)
        }
        for entry in evicted { entry.evict() }
        return id
    }

    /// The connection of `ticket` delivered a request head, or closed.
    func remove(_ ticket: UInt64) {
        state.withLock { state in _ = state.entries.removeValue(forKey: ticket) }
    }

    /// How many connections are pending.
    var count: Int { state.withLock { $0.entries.count } }
}
