import ArgumentParser

/// `liquidus`: the command-line face of the engine.
@main
struct Liquidus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liquidus",
        abstract: "A partial-liquidation risk engine for leveraged derivatives.",
        discussion: """
            Exact fixed-point margin math, venue presets, and what the engine would do to a book.
            Every number in and out is a decimal string; the input and output format is docs/check-format.md
            in the repository (https://github.com/liquidus-risk/liquidus/blob/main/docs/check-format.md).
            """,
        subcommands: [Check.self, Presets.self, Bench.self, Simulate.self, Serve.self, Route.self, Replay.self],
        defaultSubcommand: Check.self)
}
