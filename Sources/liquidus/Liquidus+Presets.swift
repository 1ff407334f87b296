import ArgumentParser
import Foundation
import LiquidusCheck
import LiquidusCore

extension Liquidus {
    /// `liquidus presets [NAME]`: the venue presets, or one of them as `check` input.
    struct Presets: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the venue presets, or print one as check input.",
            discussion: """
                Each preset bundles a venue's markets, risk tiers, fees and liquidation policy, with
                the public source and date of its tables (docs/venues.md has them in full).

                Examples:
                  liquidus presets
                  liquidus presets binance > binance.json
                """)

        @Argument(help: "A preset name (binance, bybit, hyperliquid, liquidus).")
        var name: String?

        func validate() throws {
            if let name, VenuePreset.named(name) == nil {
                throw ValidationError("unknown preset \"\(name)\"; presets: \(VenuePreset.all.map(\.name).joined(separator: ", "))")
            }
        }

        func run() async throws {
            guard let name, let preset = VenuePreset.named(name) else {
                var lines = ["NAME         MARKETS          POLICY               TABLES AS OF"]
                for preset in VenuePreset.all {
                    let markets = preset.markets.map(\.symbol).joined(separator: ",")
                    lines.append(
                        preset.name.padding(toLength: 13, withPad: " ", startingAt: 0)
                            + markets.padding(toLength: 17, withPad: " ", startingAt: 0)
                            + preset.policy.kind.padding(toLength: 21, withPad: " ", startingAt: 0)
                            + preset.tablesAsOf)
                }
                print(lines.joined(separator: "\n"))
                return
            }
            var output = try LiquidusCheck.Check.encode(PresetDocument(preset))
            output.append(0x0A)
            FileHandle.standardOutput.write(output)
        }
    }
}
