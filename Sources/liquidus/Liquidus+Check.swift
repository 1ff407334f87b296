import ArgumentParser
import Foundation
import LiquidusCheck
import LiquidusCore

extension Liquidus {
    /// `liquidus check [FILE | -]`: margins, prices and the plan for one snapshot of a book.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what the engine makes of one snapshot of a book (changes nothing).",
            discussion: """
                Reads a JSON snapshot (markets, accounts, mark prices, optional depth) and writes each
                account's equity, maintenance and initial margin, margin ratio, each position's
                liquidation and bankruptcy prices, and the liquidation plan.

                The format (every field, every rule) is docs/check-format.md in the repository:
                https://github.com/liquidus-risk/liquidus/blob/main/docs/check-format.md

                Without FILE it checks a built-in example (print it with --print-example).
                Invalid input: one line on standard error naming the JSON path, exit status 2.

                Examples:
                  liquidus check book.json
                  cat book.json | liquidus check -
                  liquidus check --print-example > book.json
                """)

        @Argument(help: "The snapshot to check, or - for standard input. Omit it to check the built-in example.")
        var file: String?

        @Flag(help: "Print the built-in example snapshot and exit.")
        var printExample = false

        func run() async throws {
            if printExample {
                FileHandle.standardOutput.write(Data(BuiltInExample.snapshot.utf8))
                return
            }
            let data: Data
            switch file {
            case nil:
                FileHandle.standardError.write(Data("liquidus: no FILE given, checking the built-in example (liquidus check --print-example shows it)\n".utf8))
                data = Data(BuiltInExample.snapshot.utf8)
            case "-":
                data = FileHandle.standardInput.readDataToEndOfFile()
            case let path?:
                guard let contents = FileManager.default.contents(atPath: path) else {
                    FileHandle.standardError.write(Data("liquidus: cannot read \(path): no such file or not readable\n".utf8))
                    throw ExitCode(2)
                }
                data = contents
            }
            do {
                var output = try LiquidusCheck.Check.run(json: data)
                output.append(0x0A)
                FileHandle.standardOutput.write(output)
            } catch {
                FileHandle.standardError.write(Data("liquidus: \(error)\n".utf8))
                throw ExitCode(2)
            }
        }
    }
}
