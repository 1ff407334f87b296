import LiquidusCore
@testable import LiquidusSimulation
import Testing

/// `--policies` entries with parameters: what parses, what is refused and why, and that a
/// parameter reaches the run.
@Suite struct PolicyChoiceTests {
    /// Parameters parse exactly into the specification; the label lists those given, in the
    /// policy's order, in shortest decimal form; the rest keep their defaults.
    @Test func parsesParameters() throws {
        let restore = try PolicyChoice.parse("restore:buffer=0.10:target=0.5")
        #expect(restore.label == "restore:target=0.5:buffer=0.1")
        #expect(restore.specification == .restoreMarginRatio(target: Rate(units: 50_000_000), buffer: Rate(units: 10_000_000)))
        #expect(restore.description.hasSuffix("to 0.5, less a buffer of 0.1"))
        // 0.12345678 has eight places: kept exactly, never rounded.
        let fraction = try PolicyChoice.parse("fixed-fraction:fraction=0.12345678:cooldown=10")
        #expect(fraction.specification == .fixedFraction(fraction: Rate(units: 12_345_678), cooldownSeconds: 10, fullBelowNotional: Money(1_000)))
        #expect(fraction.label == "fixed-fraction:fraction=0.12345678:cooldown=10")
        let portion = try PolicyChoice.parse("portion:account-cap=2500000.5:interval=5")
        #expect(portion.specification == .portionPerInterval(
            portion: Rate(units: 10_000_000), minNotional: Money(1_000), accountCapPerInterval: Money(units: 250_000_050_000_000), intervalSeconds: 5))
        #expect(portion.description == "portionPerInterval: 10 % every 5 s, at least 1,000, at most 2,500,000.5 per account")
        #expect(try PolicyChoice.parse("incremental:chunk=1").specification == .incremental(chunk: Rate.one, intervalSeconds: 1))
    }

    /// Without parameters every policy is its default, under its bare name, with the description
    /// the reports have always carried.
    @Test func defaultsUnchanged() throws {
        #expect(PolicyChoice.named("restore")?.specification == .restoreMarginRatio(target: Rate(units: 80_000_000), buffer: .zero))
        #expect(PolicyChoice.named("fixed-fraction")?.description
            == "fixedFraction: 20 % per step, 30 s cooldown (then full), 2/3 backstop, whole at ≤ 1,000 notional")
        #expect(PolicyChoice.named("incremental")?.description == "incremental: 10 % per second while under maintenance")
        #expect(PolicyChoice.named("portion")?.description == "portionPerInterval: 10 % per second, at least 1,000, at most 100,000 per account")
        #expect(PolicyChoice.named("full")?.specification == .full)
        #expect(PolicyChoice.named("restore:target=0.5") == nil)
        for name in PolicyChoice.names {
            let choice = try PolicyChoice.parse(name)
            #expect(choice.label == name)
            #expect(choice == PolicyChoice.named(name))
        }
        // The default written out is the same policy under a label that shows it.
        let explicit = try PolicyChoice.parse("restore:target=0.8")
        #expect(explicit.specification == PolicyChoice.named("restore")?.specification)
        #expect(explicit.label == "restore:target=0.8")
    }

    /// Each bad entry is refused with its code and the path of the parameter at fault.
    @Test(arguments: [
        ("restor", "", ValidationError.Code.unknownReference),
        ("restore:tgt=0.5", "tgt", .unknownField),
        ("full:target=0.5", "target", .unknownField),
        ("restore:target", "target", .missingField),
        ("restore:target=", "target", .missingField),
        ("restore:target=0.5:target=0.6", "target", .duplicate),
        ("restore:target=1.5", "target", .outOfRange),
        ("restore:target=0", "target", .outOfRange),
        ("restore:target=-0.5", "target", .outOfRange),
        ("restore:target=0.5e0", "target", .invalidNumber),
        ("restore:target=0.123456789", "target", .invalidNumber),
        ("restore:target=0.5:buffer=0.5", "buffer", .inconsistent),
        ("fixed-fraction:cooldown=1.5", "cooldown", .outOfRange),
        ("fixed-fraction:full-below=-1", "full-below", .outOfRange),
        ("portion:account-cap=10000000001", "account-cap", .outOfRange),
        ("incremental:interval=40000000", "interval", .outOfRange),
    ])
    func refuses(text: String, path: String, code: ValidationError.Code) {
        #expect(throws: ValidationError.self) { try PolicyChoice.parse(text) }
        do {
            _ = try PolicyChoice.parse(text)
        } catch {
            #expect(error.code == code, "\(text): \(error)")
            #expect(error.path == path, "\(text): \(error)")
        }
    }

    /// The plan names the entry and its parameter, and refuses two entries with one label.
    @Test func planNamesTheEntry() throws {
        let scenario = ScenarioPath(single: PricePath(name: "flat", prices: [100, 100]))
        var plan = SimulationPlan(scenario: scenario, accounts: 10, policies: ["full", "restore:target=2"])
        #expect(throws: ValidationError(.outOfRange, at: "--policies[1].target", "must be in (0, 1], not 2")) { try plan.prepare() }
        plan.policies = ["restore:target=0.5", "restore:target=0.50"]
        #expect(throws: ValidationError(.duplicate, at: "--policies[1]", "\"restore:target=0.5\" repeats --policies[0]")) { try plan.prepare() }
    }

    /// A parameter reaches the engine: the default written out runs exactly as the bare name
    /// (same state hash), and closing half a position per step instead of a fifth closes more
    /// per partial close on the same population and path.
    @Test func parameterChangesTheRun() async throws {
        let plan = SimulationPlan(
            scenario: SimulationTests.cascade, accounts: 400, seed: 3,
            policies: ["fixed-fraction", "fixed-fraction:fraction=0.2", "fixed-fraction:fraction=0.5"], deleveraging: ["queue"])
        let (report, _) = try await plan.run(plan.prepare())
        let results = report.results
        #expect(results.map(\.label) == ["fixed-fraction", "fixed-fraction:fraction=0.2", "fixed-fraction:fraction=0.5"])
        #expect(results[0].stateHash == results[1].stateHash)
        #expect(results[0].breakdown == results[1].breakdown)
        #expect(results[2].stateHash != results[0].stateHash)
        let fifth = results[0].breakdown.partial, half = results[2].breakdown.partial
        #expect(fifth.count > 0 && half.count > 0)
        func perClose(_ tally: LiquidationBreakdown.Tally) -> Double { Double(tally.notional.units) / Double(tally.count) }
        #expect(perClose(half) > 1.5 * perClose(fifth), "\(perClose(half)) against \(perClose(fifth))")
        #expect(report.summaryJSON.contains("\"label\": \"fixed-fraction:fraction=0.5\""))
        #expect(report.summaryJSON.contains("\"policy\": \"fixedFraction: 50 % per step"))
    }
}
