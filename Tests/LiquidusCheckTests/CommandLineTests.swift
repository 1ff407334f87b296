import Foundation
import LiquidusTestSupport
import Testing

/// The `liquidus` executable as a user meets it: exit statuses, standard output and error.
@Suite struct CommandLineTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Thrown when no built `liquidus` is found.
    struct MissingExecutable: Error, CustomStringConvertible {
        var description: String { "the liquidus executable was not built" }
    }

    /// The built `liquidus` beside the test bundle (SwiftPM builds every product for `swift test`).
    static var executable: URL? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("liquidus"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("liquidus"),
            Fixtures.packageRoot.appendingPathComponent(".build/debug/liquidus"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    func liquidus(_ arguments: [String], stdin: String? = nil) throws -> Run {
        let process = Process()
        guard let executable = Self.executable else { throw MissingExecutable() }
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe(), error = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    @Test func checksTheBuiltInExampleWithoutArguments() throws {
        let run = try liquidus(["check"])
        #expect(run.status == 0)
        #expect(run.stdout.contains(#""liquidationPrice" : "28112.5""#))
        #expect(run.stderr.contains("built-in example"))
    }

    @Test func readsStandardInput() throws {
        let example = try liquidus(["check", "--print-example"]).stdout
        let run = try liquidus(["check", "-"], stdin: example)
        #expect(run.status == 0)
        #expect(run.stdout.contains(#""bankruptcyPrice" : "30600""#))
    }

    @Test func invalidInputExitsTwoWithOneLineOnStandardError() throws {
        let example = try liquidus(["check", "--print-example"]).stdout
        let broken = example.replacingOccurrences(of: #""entryPrice": "30000"}"#, with: #""entryPrice": "1e3"}"#)
        let run = try liquidus(["check", "-"], stdin: broken)
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "liquidus: accounts[0].positions[0].entryPrice: \"1e3\" must be a plain decimal, not exponent notation\n")
    }

    @Test(arguments: [["--help"], ["check", "--help"]])
    func helpPointsToTheContract(_ arguments: [String]) throws {
        let run = try liquidus(arguments)
        #expect(run.status == 0)
        #expect(run.stdout.contains("docs/check-format.md"))
    }

    @Test func emptyAndMissingFilesAreErrorsToo() throws {
        let empty = try liquidus(["check", "-"], stdin: "")
        #expect(empty.status == 2 && empty.stdout.isEmpty && empty.stderr.contains("empty"))
        let missing = try liquidus(["check", "/nonexistent/book.json"])
        #expect(missing.status == 2 && missing.stdout.isEmpty && missing.stderr.contains("cannot read"))
    }

    @Test func presetsListAndPrint() throws {
        let list = try liquidus(["presets"])
        #expect(list.status == 0)
        for name in ["binance", "bybit", "hyperliquid", "liquidus"] { #expect(list.stdout.contains(name)) }
        let binance = try liquidus(["presets", "binance"])
        #expect(binance.status == 0)
        #expect(binance.stdout.contains(#""maintenanceAmount" : "421481450""#))
        let unknown = try liquidus(["presets", "kraken"])
        #expect(unknown.status != 0 && unknown.stdout.isEmpty && unknown.stderr.contains("unknown preset"))
    }
}
