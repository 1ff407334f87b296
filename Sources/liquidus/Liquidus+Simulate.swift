import ArgumentParser
import Foundation
import LiquidusCore
import LiquidusSimulation

extension Liquidus {
    /// `liquidus simulate`: replay a crash against a leveraged population under several policies.
    struct Simulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replay a market crash against leveraged accounts and compare liquidation policies and ADL mechanisms.",
            discussion: """
                Drives the engine along a scenario, one mark a second per market: a simulated venue publishes each market's order book to the engine, the engine's liquidation orders fill against it, and the depth they take moves the mark (so liquidations can cause more). Every policy runs on the same paths and population under the first ADL mechanism, and the first policy under each further mechanism. Writes a self-contained HTML report with charts, a JSON summary (byte-identical for the same seed and options) and tables on the terminal.

                Without options: the built-in crash of 10–11 October 2025 (BTC, ETH and SOL, 12 h of 1-second marks, books withdrawn 98 % at the worst), 100,000 generated accounts (cross and isolated, heavy-tailed sizes), the policies restore, step-down, fixed-fraction and full on bybit's markets, and the ADL mechanisms queue, pro-rata and risk-pro-rata. See docs/simulation.md for the model.

                Examples:
                  swift run -c release liquidus simulate
                  liquidus simulate --seed 7 --accounts 20000 --hours 8
                  liquidus simulate --adl queue,pro-rata,risk-pro-rata --insurance-fund 500000
                  liquidus simulate --venues binance,bybit,hyperliquid,liquidus
                  liquidus simulate --scenario black-thursday --policies restore,incremental,full --book-refill-rate 0.02
                  liquidus simulate --policies restore:target=0.5,restore:target=0.8,fixed-fraction:fraction=0.1:cooldown=10,full
                  liquidus simulate --path-csv marks.csv --population book.json --report out.html
                  liquidus simulate --accounts 20000 --csv results
                  liquidus simulate --accounts 20000 --sweep restore.target=0.3...0.9/0.1 --adl queue
                  liquidus simulate --accounts 20000 --runs 20
                  liquidus simulate --accounts 20000 --sweep restore.target=0.3...0.9/0.1 --policies restore:buffer=0.05,full
                  liquidus simulate --accounts 20000 --runs 5 --sweep restore.target=0.3...0.9/0.1 --adl queue --csv results
                  liquidus simulate --scenario gap --decline 6 --gap 4 --hours 1
                """)

        @Option(help: "Seed of the generated path and population.")
        var seed: UInt64 = 1
        @Option(help: ArgumentHelp(
            "Repeat the scenario over this many seeds (path noise and population) and report every headline metric as a mean and 95 % interval.",
            discussion: "The first seed is --seed; the others follow from it (SplitMix64). The detailed report and CSV files are the first seed's; --csv adds runs.csv with every seed's figures."))
        var runs = 1
        @Option(help: "Generated accounts (ignored with --population).")
        var accounts = 100_000
        @Option(help: "Hours of the scenario to run (default: all of it; the paths are cut to this length).")
        var hours: Double?
        @Option(help: "Hours of the scenario to skip: the run starts there (6 starts the October 2025 scenario at 21:00 UTC, in its cascade).")
        var fromHour: Double = 0
        @Option(help: ArgumentHelp(
            "Policies to compare, comma-separated: restore, step-down, fixed-fraction, incremental, portion, full; each may set its parameters as name:parameter=value[:parameter=value] (default: restore,step-down,fixed-fraction,full).",
            discussion: "restore: target (0.8), buffer (0); fixed-fraction: fraction (0.2), cooldown (30 s), full-below (1000); incremental: chunk (0.1), interval (1 s); portion: portion (0.1), min-notional (1000), account-cap (100000), interval (1 s). Example: restore:target=0.5,restore:target=0.8:buffer=0.1,fixed-fraction:fraction=0.1"))
        var policies: String?
        @Option(help: ArgumentHelp(
            "Sweep one policy parameter over a range, each value a run: policy.parameter=from...to/step (at most 50 values).",
            discussion: "The runs are the sweep's values, then --policies (default: full, the reference of the comparisons). An entry of --policies naming the swept policy sets its other parameters for every value instead of running on its own. Examples: restore.target=0.3...0.9/0.1; restore.target=0.3...0.9/0.1 --policies restore:buffer=0.05,full"))
        var sweep: String?
        @Option(help: "Compare venue presets instead (each with its own markets and policy): binance, bybit, hyperliquid, liquidus.")
        var venues: String?
        @Option(help: "ADL mechanisms, comma-separated: queue, pro-rata, risk-pro-rata (the first runs under every policy, the others under the first policy).")
        var adl = "queue,pro-rata,risk-pro-rata"
        @Option(help: "The venue preset whose markets a --policies comparison runs on.")
        var markets = "bybit"
        @Option(help: "Built-in scenario: october-2025, black-thursday, gbm or gap (ignored with --path-csv).")
        var scenario = "october-2025"
        @Option(help: "Replay a CSV of timestamp,price[,volume] rows instead of a built-in path.")
        var pathCsv: String?
        @Option(help: "Load the accounts from a `check`-format JSON snapshot (its markets and marks too).")
        var population: String?
        @Option(help: "Insurance fund at the start (default: 0.1 % of the open notional, which the default scenario exhausts; larger leaves ADL only what the books cannot take).")
        var insuranceFund: String?
        @Option(help: "Money resting within 1 % of the mid on each side of each market's book, as a fraction of the open notional there.")
        var bookDepthRatio: Double = 0.002
        @Option(help: "Fraction of the book's missing depth refilled per second is 1 − e^(−rate).")
        var bookRefillRate: Double = 0.05
        @Option(help: "Most liquidation rounds per second before the cascade carries over to the next.")
        var maxRounds = 50
        @Option(help: "gbm: volatility per day (log).")
        var volatility: Double = 0.8
        @Option(help: "gbm: drift per day (log).")
        var drift: Double = -0.3
        @Option(help: "gbm: jumps per hour (each N(-0.5 %, 1 %) in log price).")
        var jumpsPerHour: Double = 2
        @Option(help: "gap: percent the price declines slowly before the gap.")
        var decline: Double = 6
        @Option(help: "gap: percent of the one-second gap.")
        var gap: Double = 4
        @Option(help: "Where to write the HTML report.")
        var report = "liquidus-report.html"
        @Option(help: "Where to write the JSON summary.")
        var summary = "liquidus-summary.json"
        @Option(help: "Also write CSV files into this directory (created if missing): accounts.csv, series.csv, marks.csv, path.csv.")
        var csv: String?
        @Option(help: ArgumentHelp(
            "Write the generated population and the path as the service's write requests (JSON lines) to this file instead of running.",
            discussion: "Accounts as PUT /v1/accounts/{id}, one POST /v1/marks a second; on the --markets venue's own markets (serve the requests with --venue of the same name). See docs/cluster.md."))
        var exportRequests: String?
        @Flag(help: "Pay funding along the path (a premium sample a second in markets with funding rules; settled at the venue's boundaries).")
        var funding = false
        @Flag(help: "No progress bar.")
        var quiet = false

        func validate() throws {
            guard runs >= 1, runs <= 1000 else { throw ArgumentParser.ValidationError("--runs must be in 1…1000") }
            guard accounts >= 1, accounts <= 2_000_000 else { throw ArgumentParser.ValidationError("--accounts must be in 1…2000000") }
            if let hours { guard hours > 0, hours <= 24 * 31 else { throw ArgumentParser.ValidationError("--hours must be > 0 and at most 744") } }
            guard fromHour >= 0, fromHour <= 24 * 31 else { throw ArgumentParser.ValidationError("--from-hour must be ≥ 0 and at most 744") }
            guard exportRequests == nil || (population == nil && venues == nil && runs == 1) else {
                throw ArgumentParser.ValidationError("--export-requests generates one population on --markets: it takes neither --population, --venues nor --runs")
            }
            guard bookRefillRate > 0, bookRefillRate.isFinite else { throw ArgumentParser.ValidationError("--book-refill-rate must be > 0") }
            guard bookDepthRatio > 0, bookDepthRatio <= 1 else { throw ArgumentParser.ValidationError("--book-depth-ratio must be in (0, 1]") }
            guard maxRounds >= 1, maxRounds <= 1000 else { throw ArgumentParser.ValidationError("--max-rounds must be in 1…1000") }
            guard ["october-2025", "black-thursday", "gbm", "gap"].contains(scenario) else {
                throw ArgumentParser.ValidationError("--scenario takes october-2025, black-thursday, gbm or gap, not \(scenario)")
            }
            guard sweep == nil || venues == nil else { throw ArgumentParser.ValidationError("--sweep varies a policy, so it cannot be combined with --venues") }
            guard decline >= 0, decline < 100, gap > 0, gap < 100 else { throw ArgumentParser.ValidationError("--decline and --gap are percents in (0, 100)") }
        }

        func fail(_ message: String) -> ExitCode {
            FileHandle.standardError.write(Data("liquidus: \(message)\n".utf8))
            return ExitCode(2)
        }

        func run() async throws {
            let clock = ContinuousClock()
            let started = clock.now
            let path = try scenarioPath(seed: seed)
            if let exportRequests { return try export(path, to: exportRequests) }
            let plan = try simulationPlan(scenario: path, seed: seed)
            say("liquidus simulate: \(path.name), \(path.seconds - 1) s" + (runs > 1 ? ", \(runs) seeds" : ""))
            let prepared: SimulationPlan.Prepared
            do { prepared = try plan.prepare() } catch { throw fail("\(error)") }
            let setupTime = clock.now - started
            let accountCount = prepared.setups[0].population.members.count
            say("  \(accountCount) accounts set up in \(Self.seconds(setupTime)); running \(prepared.cases.count * runs) runs on \(ProcessInfo.processInfo.activeProcessorCount) cores")
            let document = try await run(plan, prepared, seconds: path.seconds, started: started)
            let elapsed = clock.now - started
            try write(document)
            print(document.textTable, terminator: "")
            let accountTicks = Double(accountCount) * Double(prepared.cases.count * runs * (path.seconds - 1))
            let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print(String(format: "wall time %.1f s (set-up %@), %.3g account·ticks per second, peak RSS %@",
                         wall, Self.seconds(setupTime), accountTicks / Swift.max(wall, 1e-9), Self.peakRSS()))
            let cwd = FileManager.default.currentDirectoryPath
            func full(_ path: String) -> String { path.hasPrefix("/") ? path : cwd + "/" + path }
            print("report:  \(full(report))\nsummary: \(full(summary))")
            if let csv { print("csv:     \(full(csv))/{accounts,series,marks,path\(runs > 1 ? ",runs" : "")}.csv") }
        }

        /// The scenario the options ask for with `seed`: a CSV file, or a built-in scenario, cut to `--hours`.
        func scenarioPath(seed: UInt64) throws -> ScenarioPath {
            let path: ScenarioPath
            let defaultSeconds = Int(((hours ?? 24) * 3600).rounded())
            if let pathCsv {
                guard let data = FileManager.default.contents(atPath: pathCsv), let text = String(data: data, encoding: .utf8) else {
                    throw fail("cannot read \(pathCsv): no such file, not readable or not UTF-8")
                }
                do { path = ScenarioPath(single: try PricePath.csv(text, name: (pathCsv as NSString).lastPathComponent)) } catch {
                    throw fail("\(pathCsv): \(error)")
                }
            } else {
                switch scenario {
                case "gbm":
                    path = ScenarioPath(single: CrashScenario.gbm(
                        start: 60_000, seconds: defaultSeconds + 1, dailyDrift: drift, dailyVolatility: volatility,
                        jumpsPerHour: jumpsPerHour, jumpMean: -0.005, jumpSD: 0.01, seed: seed))
                case "gap":
                    let declineSeconds = Swift.max(60, defaultSeconds / 2)
                    path = ScenarioPath(single: CrashScenario.gap(
                        start: 60_000, declineFraction: decline / 100, declineSeconds: declineSeconds,
                        gapFraction: gap / 100, afterSeconds: Swift.max(60, defaultSeconds - declineSeconds - 1), seed: seed))
                case "black-thursday":
                    path = CrashScenario.blackThursday(seed: seed)
                default:
                    path = CrashScenario.october2025(seed: seed)
                }
            }
            let skipped = Int((fromHour * 3600).rounded())
            guard skipped < path.seconds - 1 else { throw fail("--from-hour \(fromHour) is past the scenario's \(path.seconds - 1) s") }
            let window = skipped > 0 ? path.window(from: skipped, seconds: path.seconds - skipped) : path
            guard let hours else { return window }
            return window.prefix(seconds: Swift.min(Int((hours * 3600).rounded()) + 1, window.seconds))
        }

        /// Writes `path` and a population generated along it as the service's requests (``ServiceReplay``).
        func export(_ path: ScenarioPath, to file: String) throws {
            guard let preset = VenuePreset.named(markets) else {
                throw fail("unknown venue \"\(markets)\" (known: \(VenuePreset.all.map(\.name).joined(separator: ", ")))")
            }
            let replay = ServiceReplay(accounts: accounts, seed: seed, on: preset, scenario: path)
            do { try Data(replay.jsonLines.utf8).write(to: URL(fileURLWithPath: file)) } catch {
                throw fail("cannot write \(file): \(error.localizedDescription)")
            }
            let accounts = replay.requests.filter { $0.account != nil }.count
            say("\(file): \(accounts) accounts and \(replay.requests.count - accounts) marks (\(path.seconds) s of \(path.name)) on \(preset.name)")
        }

        /// The plan the options describe for `seed`: policies or venues, ADL mechanisms, markets, books, fund and population.
        func simulationPlan(scenario: ScenarioPath, seed: UInt64) throws -> SimulationPlan {
            func list(_ text: String) -> [String] {
                text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            var plan = SimulationPlan(
                scenario: scenario, accounts: accounts, seed: seed,
                options: RunOptions(bookDepthRatio: bookDepthRatio, refillRate: bookRefillRate, maxRoundsPerSecond: maxRounds, funding: funding))
            plan.policies = list(policies ?? "restore,step-down,fixed-fraction,full")
            if let sweep {
                do {
                    var parsed = try PolicySweep(parsing: sweep)
                    let others = try parsed.fixing(from: list(policies ?? "full"))
                    plan.sweep = parsed
                    plan.policies = parsed.entries + (others.isEmpty ? ["full"] : others)
                } catch { throw fail("\(error)") }
            }
            plan.deleveraging = list(adl)
            if let venues { plan.venues = list(venues) }
            plan.marketsVenue = markets
            if let insuranceFund {
                guard let amount = Money(insuranceFund), !amount.isNegative, amount <= Limits.maxMoney else {
                    throw fail("--insurance-fund: \"\(insuranceFund)\" must be a plain decimal ≥ 0 and at most \(Limits.maxMoney)")
                }
                plan.insuranceFund = amount
            }
            if let population {
                guard let data = FileManager.default.contents(atPath: population) else {
                    throw fail("cannot read \(population): no such file or not readable")
                }
                do { plan.loaded = try Population.checkJSON(data, name: (population as NSString).lastPathComponent) } catch {
                    throw fail("\(population): \(error)")
                }
            }
            return plan
        }

        /// Runs the prepared cases, drawing a progress bar on an interactive terminal.
        func run(_ plan: SimulationPlan, _ prepared: SimulationPlan.Prepared, seconds: Int, started: ContinuousClock.Instant) async throws -> SimulationReport {
            let clock = ContinuousClock()
            let interactive = !quiet && isatty(STDERR_FILENO) == 1
            let progress = SimulationProgress(runs: prepared.cases.count * runs, total: seconds)
            let bar: Task<Void, Never>? = interactive ? Task.detached {
                while !Task.isCancelled {
                    Self.drawBar(progress.fraction, elapsed: clock.now - started)
                    try? await Task.sleep(for: .milliseconds(200))
                }
            } : nil
            let report: SimulationReport
            let command = self
            let repeated = RepeatedSimulation(seeds: RunSamples.seeds(from: seed, count: runs)) { seed in
                try command.simulationPlan(scenario: command.scenarioPath(seed: seed), seed: seed)
            }
            do {
                report = try await repeated.run(first: (plan, prepared), width: ProcessInfo.processInfo.activeProcessorCount, progress: progress)
            } catch {
                bar?.cancel()
                throw fail("\(error)")
            }
            bar?.cancel()
            if interactive {
                Self.drawBar(1, elapsed: clock.now - started)
                FileHandle.standardError.write(Data("\n".utf8))
            }
            return report
        }

        /// Writes the JSON summary, the HTML report and the CSV files where the options say.
        func write(_ report: SimulationReport) throws {
            do {
                try Data(report.summaryJSON.utf8).write(to: URL(fileURLWithPath: summary))
                try Data(report.html.utf8).write(to: URL(fileURLWithPath: self.report))
                if let csv {
                    let directory = URL(fileURLWithPath: csv, isDirectory: true)
                    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                    for file in report.csvFiles { try Data(file.text.utf8).write(to: directory.appendingPathComponent(file.name)) }
                }
            } catch {
                throw fail("cannot write the report: \(error.localizedDescription)")
            }
        }

        /// A line on standard error, unless `--quiet`.
        func say(_ text: String) { if !quiet { FileHandle.standardError.write(Data((text + "\n").utf8)) } }

        static func seconds(_ duration: Duration) -> String {
            String(format: "%.1f s", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
        }

        static func drawBar(_ fraction: Double, elapsed: Duration) {
            let width = 40
            let filled = Int((fraction * Double(width)).rounded(.down))
            let line = "\r  [" + String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled) + "] "
                + String(format: "%3.0f %%  %@", fraction * 100, seconds(elapsed))
            FileHandle.standardError.write(Data(line.utf8))
        }

        /// The process' peak resident set (VmHWM), or `?` where /proc is not available.
        static func peakRSS() -> String {
            guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return "?" }
            let kilobytes = Double(line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0)
            return String(format: "%.0f MiB", kilobytes / 1024)
        }
    }
}
