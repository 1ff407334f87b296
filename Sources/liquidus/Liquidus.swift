import ArgumentParser

/// `liquidus`: the command-line face of the engine.
@main
struct Liquidus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liquidus",
        abstract: "A partial-liquidation risk engine for leveraged derivatives.",
        discussion: """
            Exact fixed-point margin math, venue presets, and what the engine would do to a book.
            Every number in and out is a decimal string; see docs/check-format in the shared notes.
            """,
        subcommands: [Check.self, Presets.self, Bench.self, Simulate.self, Serve.self, Replay.self],
        defaultSubcommand: Check.self)
}
