public import LiquidusCore

/// A deleverage order another shard forwarded here — a ``DeleveragingForwarded`` of its log:
/// the liquidator receives its quantity at the bankruptcy price and deleverages it against this
/// shard's own queue — never forwarding it again, so an order cannot travel between shards —
/// and unwinds at the expected price what no position here can take, the fund paying that loss
/// as far as it can (the rest unrecovered), as for a remainder of its own.
///
/// Applied exactly once: `sequence`, the forwarding event's sequence number in shard `shard`'s
/// log, must be above the last one applied from that shard (orders arrive in their log's order);
/// an order already applied is refused (`duplicate`) and changes nothing.
///
/// JSON (an input's `order`): `{"shard": 0, "sequence": 812, "event": {…}}` with the event as
/// its log writes it (`event.shard` is the target, this shard).
public struct ForwardedDeleverage: Codable, Hashable, Sendable {
    /// The forwarding shard.
    public var shard: Int
    /// The forwarding event's sequence number in that shard's log (the order's id).
    public var sequence: UInt64
    /// The forwarding event: the liquidated account, market, side, quantity and prices.
    public var event: DeleveragingForwarded

    /// The order of `event`, at `sequence` in shard `shard`'s log.
    public init(shard: Int, sequence: UInt64, event: DeleveragingForwarded) {
        self.shard = shard
        self.sequence = sequence
        self.event = event
    }

    /// The orders `events` (shard `shard`'s, in log order) forward to shard `target`.
    public static func orders(in events: some Sequence<EngineEvent>, from shard: Int, to target: Int) -> [ForwardedDeleverage] {
        events.compactMap { event in
            guard case .deleveragingForwarded(let forwarded) = event.payload, forwarded.shard == target else { return nil }
            return ForwardedDeleverage(shard: shard, sequence: event.sequence, event: forwarded)
        }
    }
}
