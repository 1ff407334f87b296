import Foundation
public import Prometheus
import Synchronization

/// The service's Prometheus metrics, in a registry of its own (no global state, so tests and
/// several servers in one process do not mix their figures), exposed at `/metrics`.
///
/// - `liquidus_ticks_processed_total`: mark-price inputs applied.
/// - `liquidus_commands_total`: inputs appended to the log and applied.
/// - `liquidus_liquidations_total{step}`: events by kind (`partialLiquidation`, `positionTakenOver`, …).
/// - `liquidus_insurance_fund`: the fund after the latest commit (a monitoring figure, as a
///   float; the exact amount is in `GET /v1/state`).
/// - `liquidus_tick_latency_seconds`: time to apply one mark tick in the engine.
/// - `liquidus_store_append_seconds`: time of one durable commit (fsync included).
/// - `liquidus_group_commit_requests`: requests per durable commit.
/// - `liquidus_snapshot_seconds`: time to encode and store one snapshot of the engine's state.
/// - `liquidus_applied_command`: the last command of the log this server has applied.
/// - `liquidus_cluster_leader`, `liquidus_cluster_epoch`: 1 while this server writes the log
///   (standalone or the cluster's leader), 0 for a standby; the leader's epoch (0 outside a cluster).
/// - `liquidus_requests_rejected_total{reason}`: requests refused, by reason: the error's code
///   (`malformedDocument`, `invalidNumber`, `duplicate`, `bodyTooLarge`, `unsupportedMediaType`,
///   `idempotencyKeyReused`, `storeUnavailable`, …), `unauthorized`, `forbidden`, `notFound`,
///   `methodNotAllowed`.
/// - `liquidus_http_requests_total{route,method,status}` and
///   `liquidus_http_request_duration_seconds{route,method,status}`: every request, by the route
///   pattern matched (`/v1/accounts/{id}`, or `unmatched`), method and status.
public final class ServerMetrics: Sendable {
    /// The registry the metrics live in.
    public let registry: PrometheusCollectorRegistry
    let ticks: Counter
    let commands: Counter
    let insuranceFund: Gauge
    let tickLatency: DurationHistogram
    let appendLatency: DurationHistogram
    let groupSize: ValueHistogram
    let snapshotLatency: DurationHistogram
    let appliedCommand: Gauge
    let leader: Gauge
    let epoch: Gauge
    private let liquidations: Mutex<[String: Counter]>
    private let rejections: Mutex<[String: Counter]>
    private let requests: Mutex<[RequestLabels: (Counter, DurationHistogram)]>

    struct RequestLabels: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    /// Creates the metrics in a new registry.
    public init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        ticks = registry.makeCounter(descriptor: Self.name("ticks_processed", "total", "Mark-price ticks applied by the engine."))
        commands = registry.makeCounter(descriptor: Self.name("commands", "total", "Inputs appended to the command log and applied."))
        insuranceFund = registry.makeGauge(descriptor: Self.name("insurance_fund", "", "The insurance fund after the latest commit."))
        tickLatency = registry.makeDurationHistogram(
            descriptor: Self.name("tick_latency", "seconds", "Time to apply one mark tick in the engine."),
            buckets: [.microseconds(5), .microseconds(20), .microseconds(100), .microseconds(500), .milliseconds(2), .milliseconds(10), .milliseconds(50)])
        appendLatency = registry.makeDurationHistogram(
            descriptor: Self.name("store_append", "seconds", "Time of one durable commit to the store, fsync included."),
            buckets: [.microseconds(100), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(50), .milliseconds(250)])
        groupSize = registry.makeValueHistogram(
            descriptor: Self.name("group_commit", "requests", "Requests per durable commit."), buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512])
        snapshotLatency = registry.makeDurationHistogram(
            descriptor: Self.name("snapshot", "seconds", "Time to encode and store one snapshot of the engine's state (off the writer)."),
            buckets: [.milliseconds(10), .milliseconds(50), .milliseconds(250), .seconds(1), .seconds(4), .seconds(16), .seconds(64)])
        appliedCommand = registry.makeGauge(descriptor: Self.name("applied_command", "", "The last command of the log applied here."))
        leader = registry.makeGauge(descriptor: Self.name("cluster_leader", "", "1 while this server writes the command log, 0 for a standby."))
        epoch = registry.makeGauge(descriptor: Self.name("cluster_epoch", "", "The epoch of this server's leadership (0 outside a cluster)."))
        leader.set(1.0)
        liquidations = Mutex([:])
        rejections = Mutex([:])
        requests = Mutex([:])
    }

    /// The descriptor of `liquidus_<metric>_<unit>` (no unit suffix when `unit` is empty).
    private static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "liquidus", metricName: metric, unitName: unit, helpText: help)
    }

    /// Counts one event of kind `step`.
    func liquidation(step: String) {
        let counter = liquidations.withLock { counters in
            if let counter = counters[step] { return counter }
            let counter = registry.makeCounter(
                descriptor: Self.name("liquidations", "total", "Engine events by kind of liquidation step."), labels: [("step", step)])
            counters[step] = counter
            return counter
        }
        counter.increment()
    }

    /// Records whether this server writes the log, and under which epoch.
    func leadership(_ leadership: Leadership) {
        leader.set(leadership.writes ? 1.0 : 0.0)
        if let fence = leadership.fence { epoch.set(Double(fence)) }
    }

    /// Counts one refused request.
    func rejected(reason: String) {
        let counter = rejections.withLock { counters in
            if let counter = counters[reason] { return counter }
            let counter = registry.makeCounter(
                descriptor: Self.name("requests_rejected", "total", "Requests refused, by reason."), labels: [("reason", reason)])
            counters[reason] = counter
            return counter
        }
        counter.increment()
    }

    /// Counts one answered request and records how long it took.
    func request(route: String, method: String, status: Int, duration: Duration) {
        let labels = RequestLabels(route: route, method: method, status: status)
        let (counter, histogram) = requests.withLock { series in
            if let pair = series[labels] { return pair }
            let tags = [("route", route), ("method", method), ("status", String(status))]
            let pair = (
                registry.makeCounter(descriptor: Self.name("http_requests", "total", "HTTP requests answered, by route, method and status."), labels: tags),
                registry.makeDurationHistogram(
                    descriptor: Self.name("http_request_duration", "seconds", "Time to answer an HTTP request, by route, method and status."),
                    labels: tags,
                    buckets: [
                        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
                        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1), .seconds(5),
                    ])
            )
            series[labels] = pair
            return pair
        }
        counter.increment()
        histogram.record(duration)
    }

    /// The exposition text.
    public func render() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
