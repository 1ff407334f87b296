import ArgumentParser
import Foundation
import LiquidusCore
import LiquidusSimulation

extension Liquidus {
    /// `liquidus simulate`: replay a crash against a leveraged population under several policies.
    struct Simulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replay a market crash against leveraged accounts and compare liquidation policies.",
            discussion: """
                Drives the engine along a price path, one mark a second, with every liquidation sold into a simulated order book whose depletion moves the mark (so liquidations can cause more), under each policy on the same path and population. Writes a self-contained HTML report with charts, a JSON summary (byte-identical for the same seed and options) and a table on the terminal.

                Without options: the built-in Black Thursday scenario (BTC, 12–13 March 2020, 24 h of 1-second marks), 100,000 generated accounts, and the policies restore, step-down, fixed-fraction and full on the bybit BTCUSDT market. See docs/simulation.md for the model.

                Examples:
                  swift run -c release liquidus simulate
                  liquidus simulate --seed 7 --accounts 20000 --hours 6
                  liquidus simulate --venues binance,bybit,hyperliquid,liquidus
                  liquidus simulate --policies restore,incremental,full --book-refill-rate 0.02
                  liquidus simulate --path-csv marks.csv --population book.json --report out.html
                  liquidus simulate --scenario gap --decline 6 --gap 4 --hours 1
                """)

        @Option(help: "Seed of the generated path and population.")
        var seed: UInt64 = 1
        @Option(help: "Generated accounts (ignored with --population).")
        var accounts = 100_000
        @Option(help: "Hours of the path to run (the path is cut to this length).")
        var hours: Double = 24
        @Option(help: "Policies to compare, comma-separated: restore, step-down, fixed-fraction, incremental, portion, full.")
        var policies = "restore,step-down,fixed-fraction,full"
        @Option(help: "Compare venue presets instead (each with its own markets and policy): binance, bybit, hyperliquid, liquidus.")
        var venues: String?
        @Option(help: "The venue preset whose BTC market a --policies comparison runs on.")
        var markets = "bybit"
        @Option(help: "Built-in path: black-thursday, gbm or gap (ignored with --path-csv).")
        var scenario = "black-thursday"
        @Option(help: "Replay a CSV of timestamp,price[,volume] rows instead of a built-in path.")
        var pathCsv: String?
        @Option(help: "Load the accounts from a `check`-format JSON snapshot (its markets and marks too).")
        var population: String?
        @Option(help: "Insurance fund at the start (default: 1 % of the open notional).")
        var insuranceFund: String?
        @Option(help: "Money resting within 1 % of the price on each side of the simulated book (default: 1 % of the open notional).")
        var bookDepth: Double?
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
        @Flag(help: "No progress bar.")
        var quiet = false

        func validate() throws {
            guard accounts >= 1, accounts <= 2_000_000 else { throw ArgumentParser.ValidationError("--accounts must be in 1…2000000") }
            guard hours > 0, hours <= 24 * 31 else { throw ArgumentParser.ValidationError("--hours must be > 0 and at most 744") }
            guard bookRefillRate > 0, bookRefillRate.isFinite else { throw ArgumentParser.ValidationError("--book-refill-rate must be > 0") }
            if let bookDepth { guard bookDepth > 0, bookDepth.isFinite else { throw ArgumentParser.ValidationError("--book-depth must be > 0") } }
            guard maxRounds >= 1, maxRounds <= 1000 else { throw ArgumentParser.ValidationError("--max-rounds must be in 1…1000") }
            guard ["black-thursday", "gbm", "gap"].contains(scenario) else {
                throw ArgumentParser.ValidationError("--scenario takes black-thursday, gbm or gap, not \(scenario)")
            }
            guard decline >= 0, decline < 100, gap > 0, gap < 100 else { throw ArgumentParser.ValidationError("--decline and --gap are percents in (0, 100)") }
        }

        func fail(_ message: String) -> ExitCode {
            FileHandle.standardError.write(Data("liquidus: \(message)\n".utf8))
            return ExitCode(2)
        }

        func run() async throws {
            let clock = ContinuousClock()
            let started = clock.now
            let path = try pricePath()
            let plan = try simulationPlan(path: path)
            say("liquidus simulate: \(path.name), \(path.seconds - 1) s")
            let prepared: SimulationPlan.Prepared
            do { prepared = try plan.prepare() } catch { throw fail("\(error)") }
            let setupTime = clock.now - started
            let accountCount = prepared.setups[0].population.members.count
            say("  \(accountCount) accounts set up in \(Self.seconds(setupTime)); running \(prepared.cases.count) policies on \(ProcessInfo.processInfo.activeProcessorCount) cores")
            let document = try await run(plan, prepared, seconds: path.seconds, started: started)
            let elapsed = clock.now - started
            try write(document)
            print(document.textTable, terminator: "")
            let accountTicks = Double(accountCount) * Double(prepared.cases.count * (path.seconds - 1))
            let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print(String(format: "wall time %.1f s (set-up %@), %.3g account·ticks per second, peak RSS %@",
                         wall, Self.seconds(setupTime), accountTicks / Swift.max(wall, 1e-9), Self.peakRSS()))
            let cwd = FileManager.default.currentDirectoryPath
            func full(_ path: String) -> String { path.hasPrefix("/") ? path : cwd + "/" + path }
            print("report:  \(full(report))\nsummary: \(full(summary))")
        }

        /// The path the options ask for: a CSV file, or a built-in scenario, cut to `--hours`.
        func pricePath() throws -> PricePath {
            let seconds = Int((hours * 3600).rounded())
            let path: PricePath
            if let pathCsv {
                guard let data = FileManager.default.contents(atPath: pathCsv), let text = String(data: data, encoding: .utf8) else {
                    throw fail("cannot read \(pathCsv): no such file, not readable or not UTF-8")
                }
                do { path = try PricePath.csv(text, name: (pathCsv as NSString).lastPathComponent) } catch {
                    throw fail("\(pathCsv): \(error)")
                }
            } else {
                switch scenario {
                case "gbm":
                    path = CrashScenario.gbm(start: 60_000, seconds: seconds + 1, dailyDrift: drift, dailyVolatility: volatility,
                                             jumpsPerHour: jumpsPerHour, jumpMean: -0.005, jumpSD: 0.01, seed: seed)
                case "gap":
                    let declineSeconds = Swift.max(60, seconds / 2)
                    path = CrashScenario.gap(start: 60_000, declineFraction: decline / 100, declineSeconds: declineSeconds,
                                             gapFraction: gap / 100, afterSeconds: Swift.max(60, seconds - declineSeconds - 1), seed: seed)
                default:
                    path = CrashScenario.blackThursday(seed: seed)
                }
            }
            return path.prefix(seconds: seconds + 1)
        }

        /// The plan the options describe: policies or venues, markets, book, fund and population.
        func simulationPlan(path: PricePath) throws -> SimulationPlan {
            func list(_ text: String) -> [String] {
                text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            var plan = SimulationPlan(path: path, accounts: accounts, seed: seed, refillRate: bookRefillRate, maxRoundsPerSecond: maxRounds)
            plan.policies = list(policies)
            if let venues { plan.venues = list(venues) }
            plan.marketsVenue = markets
            plan.bookDepth = bookDepth
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
            let progress = SimulationProgress(runs: prepared.cases.count, total: seconds)
            let bar: Task<Void, Never>? = interactive ? Task.detached {
                while !Task.isCancelled {
                    Self.drawBar(progress.fraction, elapsed: clock.now - started)
                    try? await Task.sleep(for: .milliseconds(200))
                }
            } : nil
            let report: SimulationReport
            do { report = try await plan.run(prepared, progress: progress).report } catch {
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

        /// Writes the JSON summary and the HTML report where the options say.
        func write(_ report: SimulationReport) throws {
            do {
                try Data(report.summaryJSON.utf8).write(to: URL(fileURLWithPath: summary))
                try Data(report.html.utf8).write(to: URL(fileURLWithPath: self.report))
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
