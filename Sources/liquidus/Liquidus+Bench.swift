import ArgumentParser
import Foundation
import LiquidusCheck
import LiquidusEngine
import LiquidusMonitor
import LiquidusWorkloads
import Synchronization

extension Liquidus {
    /// `liquidus bench`: the headline figures of the benchmark workloads, for users without the
    /// harness in `Benchmarks/`.
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure the monitor (W1, W2) against a naive full scan, the planner (W3) and the snapshot document, on seeded workloads.",
            discussion: """
                Builds the workloads of docs/performance.md (seeded, generated here), runs the
                indexed monitor and the naive full scan on the same data in one run, and prints ns per
                tick, ticks per second, their ratio and the monitor's bytes per position. W3 quotes
                closes on one thread, then on --workers threads at once (each with a replica of the
                workload, and all sharing one, for comparison), and plans them in full. Snapshot
                writes the document of --snapshot-accounts accounts with the accounts' own writer
                (the "indexed" column, ns per document) and with the JSON encoder alone ("naive"),
                checks they are the same bytes, and notes the state hash's time. Build in
                release for meaningful figures; on a shared host, compare the ratios.

                Examples:
                  swift run -c release liquidus bench
                  swift run -c release liquidus bench --positions 100000 --accounts 20000 --json
                """)

        @Option(help: "W1: isolated positions.")
        var positions = 1_000_000
        @Option(help: "W1: markets.")
        var markets = 10
        @Option(help: "W2: cross accounts (4 positions each, over 20 markets).")
        var accounts = 200_000
        @Option(help: "Ticks timed per indexed run.")
        var ticks = 200_000
        @Option(help: "Ticks timed per naive run (each touches the whole book).")
        var naiveTicks = 20
        @Option(help: "Snapshot: accounts in the engine (cross, one BTCUSDT position each).")
        var snapshotAccounts = 10_000
        @Option(help: "Run only these workloads (comma-separated: w1, w1-crash, w2, w3, snapshot).")
        var only: String = "w1,w1-crash,w2,w3,snapshot"
        @Option(help: "W3: also quote on this many threads at once, each with a replica of the workload (1: not at all).")
        var workers = ProcessInfo.processInfo.activeProcessorCount
        @Flag(help: "Write the figures as JSON (one object per workload) instead of a table.")
        var json = false

        var selected: Set<String> { Set(only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }) }

        func validate() throws {
            guard positions >= 1_000, markets >= 1, markets <= 1_000 else { throw ValidationError("--positions must be ≥ 1000 and --markets in 1…1000") }
            guard accounts >= 100 else { throw ValidationError("--accounts must be ≥ 100") }
            guard (1...1_000_000).contains(snapshotAccounts) else { throw ValidationError("--snapshot-accounts must be in 1…1000000") }
            guard ticks >= 100, naiveTicks >= 1 else { throw ValidationError("--ticks must be ≥ 100 and --naive-ticks ≥ 1") }
            guard (1...256).contains(workers) else { throw ValidationError("--workers must be in 1…256") }
            let unknown = selected.subtracting(["w1", "w1-crash", "w2", "w3", "snapshot"])
            guard unknown.isEmpty, !selected.isEmpty else { throw ValidationError("--only takes w1, w1-crash, w2, w3 and snapshot, not \(unknown.sorted().joined(separator: ", "))") }
        }

        /// One row of the table: a workload's cost per tick (or per quote, per plan), with the naive
        /// scan's where there is one.
        struct Figure: Encodable {
            var name: String
            var sizes: [String: Int]
            var indexedNsPerTick: Double
            var naiveNsPerTick: Double?
            var ratio: Double?
            var ticksPerSecond: Double
            var breachesPerTick: Double
            var reevaluationsPerTick: Double?
            var bytesPerPosition: Int?

            init(
                name: String, sizes: [String: Int], indexedNsPerTick: Double, naiveNsPerTick: Double? = nil,
                breachesPerTick: Double, reevaluationsPerTick: Double? = nil, bytesPerPosition: Int? = nil
            ) {
                self.name = name
                self.sizes = sizes
                self.indexedNsPerTick = indexedNsPerTick
                self.naiveNsPerTick = naiveNsPerTick
                ratio = naiveNsPerTick.map { $0 / indexedNsPerTick }
                ticksPerSecond = 1e9 / indexedNsPerTick
                self.breachesPerTick = breachesPerTick
                self.reevaluationsPerTick = reevaluationsPerTick
                self.bytesPerPosition = bytesPerPosition
            }
        }

        func run() async throws {
            var figures: [Figure] = []
            if !selected.isDisjoint(with: ["w1", "w1-crash"]) { figures += measureIsolated() }
            if selected.contains("w3") { figures += measurePlanning() }
            if selected.contains("w2") { figures.append(measureCross()) }
            if selected.contains("snapshot") { figures.append(try measureSnapshot()) }
            if json {
                var data = JSONWriter.pretty.encode(figures)
                data.append(0x0A)
                FileHandle.standardOutput.write(data)
            } else {
                printTable(figures)
            }
        }

        /// W1: the isolated monitor's quiet tick and its tick with ~10 breaches (the query alone,
        /// and with the liquidated positions re-indexed), against the naive scan of every position.
        func measureIsolated() -> [Figure] {
            note("W1: building \(positions) isolated positions over \(markets) markets…")
            var w1 = IsolatedWorkload(positions: positions, marketCount: markets)
            let sizes = ["positions": positions, "markets": markets]
            var figures: [Figure] = []
            var naiveNs: Double?
            if selected.contains("w1") {
                var quietBreaches = 0, naiveBreaches = 0
                let quietNs = nanoseconds(clock.measure { for tick in 0..<ticks { quietBreaches += w1.quietTick(tick) } }) / Double(ticks)
                let naive = nanoseconds(clock.measure { for tick in 0..<naiveTicks { naiveBreaches += w1.naiveTick(tick) } }) / Double(naiveTicks)
                naiveNs = naive
                figures.append(Figure(
                    name: "W1 isolated, no breach", sizes: sizes, indexedNsPerTick: quietNs, naiveNsPerTick: naive,
                    breachesPerTick: Double(quietBreaches) / Double(ticks), bytesPerPosition: IsolatedMonitor.bytesPerPosition))
            }
            if selected.contains("w1-crash") {
                var breaches = 0
                let crashTicks = min(ticks, positions / 40)
                var query = Duration.zero
                let crash = clock.measure { for tick in 0..<crashTicks { breaches += w1.crashTick(tick, breachesPerTick: 10, query: &query) } }
                let perTick = Double(breaches) / Double(crashTicks)
                figures.append(Figure(
                    name: "W1 ~10 breaches/tick: query", sizes: sizes, indexedNsPerTick: nanoseconds(query) / Double(crashTicks),
                    naiveNsPerTick: naiveNs, breachesPerTick: perTick, bytesPerPosition: IsolatedMonitor.bytesPerPosition))
                figures.append(Figure(
                    name: "W1 ~10/tick: query + re-index", sizes: sizes, indexedNsPerTick: nanoseconds(crash) / Double(crashTicks),
                    naiveNsPerTick: naiveNs, breachesPerTick: perTick, bytesPerPosition: IsolatedMonitor.bytesPerPosition))
            }
            return figures
        }

        /// W3: restore-0.8 quotes on one thread, then on `workers` threads (each with a replica,
        /// then all sharing one copy), then full plans with their reasons.
        func measurePlanning() -> [Figure] {
            note("W3: building liquidatable accounts on a four-tier market with a 50-level book…")
            var w3 = PlanningWorkload()
            let sizes = ["accounts": w3.cases.count, "bookLevels": 50]
            let quoteCount = max(10_000, ticks / 2)
            var closes = 0
            let quoteNs = nanoseconds(clock.measure {
                for index in 0..<quoteCount where w3.quote(index).action == .partialClose { closes += 1 }
            }) / Double(quoteCount)
            var figures = [Figure(
                name: "W3 quotes (restore 0.8, book)", sizes: sizes, indexedNsPerTick: quoteNs,
                breachesPerTick: Double(closes) / Double(quoteCount))]
            if workers > 1 {
                // Each worker quotes its own replica: shared arrays' reference counts, written by
                // every copy, bounce between the cores (see `Market.replica()`); the same run with
                // one shared copy shows how much.
                figures.append(quoteConcurrently([w3] + (1..<workers).map { _ in w3.replica() }, quotes: quoteCount, name: "W3 quotes, \(workers) workers, replicas"))
                figures.append(quoteConcurrently(Array(repeating: w3, count: workers), quotes: quoteCount, name: "W3 quotes, \(workers) workers, shared"))
            }
            var steps = 0
            let planCount = max(1_000, ticks / 20)
            let planNs = nanoseconds(clock.measure { for index in 0..<planCount { steps += w3.plan(index) } }) / Double(planCount)
            figures.append(Figure(
                name: "W3 plans with reasons", sizes: sizes, indexedNsPerTick: planNs, breachesPerTick: Double(steps) / Double(planCount)))
            return figures
        }

        /// `quotes` W3 quotes on each of `copies.count` threads at once, each quoting its own copy.
        func quoteConcurrently(_ copies: [PlanningWorkload], quotes: Int, name: String) -> Figure {
            let closes = Atomic<Int>(0)
            let elapsed = clock.measure {
                DispatchQueue.concurrentPerform(iterations: copies.count) { worker in
                    var own = copies[worker]
                    var count = 0
                    for index in 0..<quotes where own.quote(index).action == .partialClose { count += 1 }
                    closes.add(count, ordering: .relaxed)
                }
            }
            let total = quotes * copies.count
            return Figure(
                name: name, sizes: ["accounts": copies[0].cases.count, "bookLevels": 50, "workers": copies.count],
                indexedNsPerTick: nanoseconds(elapsed) / Double(total), breachesPerTick: Double(closes.load(ordering: .relaxed)) / Double(total))
        }

        /// W2: the cross monitor's tick after the bands settle, against the naive recomputation of
        /// every account.
        func measureCross() -> Figure {
            note("W2: building \(accounts) cross accounts × 4 positions over 20 markets…")
            var w2 = CrossWorkload(accounts: accounts, positionsPerAccount: 4, marketCount: 20)
            for _ in 0..<max(1_000, ticks / 10) { _ = w2.tick() }  // let bands settle after the initial arming
            let before = w2.monitor.reevaluations
            var breaches = 0
            let crossNs = nanoseconds(clock.measure { for _ in 0..<ticks { breaches += w2.tick() } }) / Double(ticks)
            let reevaluations = Double(w2.monitor.reevaluations - before - breaches) / Double(ticks)
            let naiveNs = nanoseconds(clock.measure { for _ in 0..<naiveTicks { _ = w2.naiveTick() } }) / Double(naiveTicks)
            return Figure(
                name: "W2 cross", sizes: ["accounts": accounts, "positionsPerAccount": 4, "markets": 20],
                indexedNsPerTick: crossNs, naiveNsPerTick: naiveNs, breachesPerTick: Double(breaches) / Double(ticks),
                reevaluationsPerTick: reevaluations, bytesPerPosition: CrossMonitor.bytesPerPosition)
        }

        /// The figures as a table, the W2 re-evaluations and the peak RSS.
        func printTable(_ figures: [Figure]) {
            print("workload                         indexed ns/tick   ticks/s        naive ns/tick   ratio     breaches/tick  bytes/position")
            for figure in figures {
                print(
                    figure.name.padding(toLength: 33, withPad: " ", startingAt: 0)
                        + pad(format(figure.indexedNsPerTick), 18) + pad(format(figure.ticksPerSecond), 15)
                        + pad(figure.naiveNsPerTick.map(format) ?? "-", 16) + pad(figure.ratio.map { format($0) + "×" } ?? "-", 10)
                        + pad(String(format: "%.2f", figure.breachesPerTick), 15) + (figure.bytesPerPosition.map(String.init) ?? "-"))
            }
            if let reevaluations = figures.first(where: { $0.reevaluationsPerTick != nil })?.reevaluationsPerTick {
                print("W2 re-evaluates \(String(format: "%.1f", reevaluations)) accounts per tick (the naive scan: \(accounts)).")
            }
            print("peak RSS: \(peakResidentMegabytes().map { String(format: "%.0f MiB", $0) } ?? "unknown")")
        }

        var clock: ContinuousClock { ContinuousClock() }

        func nanoseconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9
        }

        func note(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }
        func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count + 1), withPad: " ", startingAt: 0) }
        func format(_ value: Double) -> String {
            value >= 100 ? String(format: "%.0f", value) : String(format: "%.2f", value)
        }
    }
}

/// The process' peak resident set size (VmHWM of /proc/self/status), in MiB, where available.
func peakResidentMegabytes() -> Double? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return nil }
    return kilobytes / 1024
}
