import LiquidusCore
@testable import LiquidusSimulation
import Testing

/// `--sweep policy.parameter=from...to/step`: the values, exact, and what is refused.
@Suite struct PolicySweepTests {
    /// 0.3 to 0.9 by 0.1 is seven exact values (no floating-point drift: 0.3 + 6 × 0.1 is 0.9),
    /// each a `--policies` entry the parameter accepts.
    @Test func valuesAreExact() throws {
        let sweep = try PolicySweep(parsing: "restore.target=0.3...0.9/0.1")
        #expect(sweep.entries == (3...9).map { "restore:target=0.\($0)" })
        #expect(try sweep.choices().map(\.specification) == (3...9).map {
            .restoreMarginRatio(target: Rate(units: Int64($0) * 10_000_000), buffer: .zero)
        })
        // An end off the grid is not reached: 10, 25, 40 (55 > 50).
        #expect(try PolicySweep(parsing: "fixed-fraction.cooldown=10...50/15").entries
            == ["fixed-fraction:cooldown=10", "fixed-fraction:cooldown=25", "fixed-fraction:cooldown=40"])
        #expect(try PolicySweep(parsing: "portion.account-cap=50000...50000/1").values == [Rate(50_000)])
    }

    /// Each malformed sweep is refused with its code and path.
    @Test(arguments: [
        ("restore.target", "--sweep", ValidationError.Code.invalidNumber),
        ("restore=0.3...0.9/0.1", "--sweep", .invalidNumber),
        ("restore.target=0.3..0.9/0.1", "--sweep", .invalidNumber),
        ("restore.target=0.3...0.9", "--sweep", .invalidNumber),
        ("restore.target=0.3...0.9/0", "--sweep", .outOfRange),
        ("restore.target=0.9...0.3/0.1", "--sweep", .inconsistent),
        ("restore.target=0.01...0.9/0.01", "--sweep", .outOfRange),
        ("restore.target=0.5...1.2/0.1", "--sweep.target", .outOfRange),
        ("restore.tgt=0.3...0.9/0.1", "--sweep.tgt", .unknownField),
        ("step-down.target=0.3...0.9/0.1", "--sweep.target", .unknownField),
        ("restor.target=0.3...0.9/0.1", "--sweep", .unknownReference),
    ])
    func refuses(text: String, path: String, code: ValidationError.Code) {
        do {
            let sweep = try PolicySweep(parsing: text)
            Issue.record("\(text) gave \(sweep.entries)")
        } catch {
            #expect(error.code == code, "\(text): \(error)")
            #expect(error.path == path, "\(text): \(error)")
        }
    }

    /// A sweep runs as its policies: the summary lists each value's run, the report charts every
    /// headline metric against the parameter, and the values reach the engine (0.1 and 0.3 of a
    /// position per step end in different states).
    @Test func runsAsPolicies() async throws {
        let sweep = try PolicySweep(parsing: "fixed-fraction.fraction=0.1...0.3/0.1")
        var plan = SimulationPlan(
            scenario: SimulationTests.slice(SimulationTests.cascade, from: 120, seconds: 300), accounts: 200, seed: 5,
            policies: sweep.entries + ["full"], deleveraging: ["queue"])
        plan.sweep = sweep
        let report = try await plan.run(plan.prepare()).report
        #expect(report.sweepRuns.map(\.value) == sweep.values)
        #expect(report.sweepRuns.map(\.result.label) == ["fixed-fraction:fraction=0.1", "fixed-fraction:fraction=0.2", "fixed-fraction:fraction=0.3"])
        #expect(report.sweepRuns[0].result.stateHash != report.sweepRuns[2].result.stateHash)
        let json = report.summaryJSON
        #expect(json.contains("\"parameter\": \"fraction\""))
        #expect(json.contains("\"run\": \"fixed-fraction:fraction=0.3\""))
        let html = report.html
        #expect(html.contains("<h2>Sweep of fixed-fraction fraction</h2>"))
        for entry in SimulationReport.sweepMetrics { #expect(html.contains("aria-label=\"\(entry.metric.name) against fixed-fraction fraction\"")) }
        plan.sweep = nil
        #expect(!(try await plan.run(plan.prepare()).report.summaryJSON.contains("\"sweep\"")))
    }

    /// `--policies restore:buffer=0.05` fixes the sweep's other parameter: every value runs with
    /// it, labelled in the policy's order; the entry does not run on its own; other entries do.
    @Test func fixesOtherParameters() throws {
        var sweep = try PolicySweep(parsing: "restore.target=0.3...0.5/0.1")
        let others = try sweep.fixing(from: ["full", "restore:buffer=0.05", "fixed-fraction"])
        #expect(others == ["full", "fixed-fraction"])
        #expect(sweep.entries == ["restore:target=0.3:buffer=0.05", "restore:target=0.4:buffer=0.05", "restore:target=0.5:buffer=0.05"])
        #expect(sweep.labels == sweep.entries)
        #expect(try sweep.choices().map(\.specification)[0] == .restoreMarginRatio(target: Rate(units: 30_000_000), buffer: Rate(units: 5_000_000)))
        var reversed = try PolicySweep(parsing: "restore.buffer=0...0.2/0.1")
        _ = try reversed.fixing(from: ["restore:target=0.6"])
        #expect(reversed.labels == ["restore:target=0.6:buffer=0", "restore:target=0.6:buffer=0.1", "restore:target=0.6:buffer=0.2"])
        var untouched = try PolicySweep(parsing: "restore.target=0.3...0.5/0.1")
        #expect(try untouched.fixing(from: ["full"]) == ["full"] && untouched.fixed.isEmpty)
    }

    /// What the fixed parameters may not do: set the swept parameter, come twice, or make a value invalid.
    @Test(arguments: [
        (["restore:target=0.5"], "--policies[0].target", ValidationError.Code.inconsistent),
        (["restore:buffer=0.05", "restore:buffer=0.1"], "--policies[1]", .duplicate),
        (["full", "restore:bufer=0.05"], "--policies[1].bufer", .unknownField),
        (["restore:buffer=0.35"], "--sweep.buffer", .inconsistent),
    ])
    func refusesFixed(policies: [String], path: String, code: ValidationError.Code) throws {
        var sweep = try PolicySweep(parsing: "restore.target=0.3...0.5/0.1")
        do {
            _ = try sweep.fixing(from: policies)
            Issue.record("\(policies) gave \(sweep.entries)")
        } catch {
            #expect(error.code == code, "\(policies): \(error)")
            #expect(error.path == path, "\(policies): \(error)")
        }
    }
}
