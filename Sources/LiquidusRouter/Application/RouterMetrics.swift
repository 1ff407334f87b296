public import Prometheus

/// The router's own Prometheus metrics, in a registry of its own, at the router's `/metrics`:
///
/// - `liquidus_router_requests_total{shard,kind}`: requests sent to a shard, by kind (`account`,
///   `broadcast`, `outbox`, `read`); one client request may send several.
/// - `liquidus_router_unreachable_total{shard}`: requests no member of the shard answered.
/// - `liquidus_router_broadcast_seconds`: a market-wide write from its turn to every shard's
///   answer (or its place in an outbox).
/// - `liquidus_router_outbox_depth{shard}`: writes waiting for the shard.
/// - `liquidus_router_out_of_step{shard}`: 1 once the shard's outbox overflowed.
public final class RouterMetrics: Sendable {
    /// The registry the metrics live in.
    public let registry: PrometheusCollectorRegistry
    let broadcastLatency: DurationHistogram
    private let requests: [String: [Counter]]
    private let unreachable: [Counter]
    private let depths: [Gauge]
    private let outOfStep: [Gauge]

    /// The kinds of request counted.
    static let kinds = ["account", "broadcast", "outbox", "read"]

    /// Creates the metrics of `shards` shards.
    public init(shards: Int) {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        broadcastLatency = registry.makeDurationHistogram(
            descriptor: Self.name("broadcast", "seconds", "A market-wide write from its turn to every shard's answer."),
            buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(20), .milliseconds(100), .milliseconds(500), .seconds(2), .seconds(10)])
        func labels(_ shard: Int) -> [(String, String)] { [("shard", String(shard))] }
        requests = Dictionary(uniqueKeysWithValues: Self.kinds.map { kind in
            (kind, (0..<shards).map {
                registry.makeCounter(descriptor: Self.name("requests", "total", "Requests sent to a shard."), labels: labels($0) + [("kind", kind)])
            })
        })
        unreachable = (0..<shards).map {
            registry.makeCounter(descriptor: Self.name("unreachable", "total", "Requests no member of the shard answered."), labels: labels($0))
        }
        depths = (0..<shards).map {
            registry.makeGauge(descriptor: Self.name("outbox_depth", "", "Market-wide writes waiting for the shard."), labels: labels($0))
        }
        outOfStep = (0..<shards).map {
            registry.makeGauge(descriptor: Self.name("out_of_step", "", "1 once the shard's outbox overflowed."), labels: labels($0))
        }
    }

    /// The descriptor of `liquidus_router_<metric>_<unit>` (no unit suffix when `unit` is empty).
    private static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "liquidus", subsystem: "router", metricName: metric, unitName: unit, helpText: help)
    }

    /// Counts a request sent to `shard` and whether it was answered.
    func sent(_ kind: String, shard: Int, answer: ShardAnswer) {
        requests[kind]?[shard].increment()
        if answer.status == nil { unreachable[shard].increment() }
    }

    /// Sets a shard's outbox figures.
    func setOutbox(shard: Int, depth: Int, outOfStep: Bool) {
        depths[shard].set(to: Double(depth))
        self.outOfStep[shard].set(to: outOfStep ? 1 : 0)
    }

    /// The text exposition.
    public func render() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
