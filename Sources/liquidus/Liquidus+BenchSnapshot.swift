import Foundation
import LiquidusCore
import LiquidusEngine

extension Liquidus.Bench {
    /// The snapshot document of an engine holding `snapshotAccounts` cross accounts (one BTCUSDT
    /// position each, as `scripts/populate.py` makes them): the encoder writing the whole
    /// document (the "naive" column) against the accounts' own writer
    /// (`Snapshot.json(encodingTheRestWith:)`, the "indexed" column), in ns per document, the
    /// median of five; the two documents must be the same bytes. Also notes the state hash's time
    /// (a store computes it for every snapshot).
    func measureSnapshot() throws -> Figure {
        note("Snapshot: building \(snapshotAccounts) cross accounts…")
        let engine = try snapshotWorkload()
        let snapshot = engine.snapshot()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var whole = Data(), written: [UInt8] = [], hash: UInt64 = 0
        func median(_ body: () throws -> Void) rethrows -> Double {
            var runs: [Double] = []
            for _ in 0..<5 { runs.append(nanoseconds(try clock.measure(body))) }
            return runs.sorted()[2]
        }
        let encoderNs = try median { whole = try encoder.encode(snapshot) }
        let writerNs = try median { written = try snapshot.json { try Array(encoder.encode($0)) } }
        let hashNs = median { hash = snapshot.stateHash }
        guard Array(whole) == written else { throw SnapshotDocumentsDiffer() }
        note(String(
            format: "Snapshot of %d accounts, %d bytes: encoder %.1f ms, writer %.1f ms (%.2f×); state hash %.1f ms (%016llx)",
            snapshotAccounts, written.count, encoderNs / 1e6, writerNs / 1e6, encoderNs / writerNs, hashNs / 1e6, hash))
        return Figure(
            name: "Snapshot document (ns/document)", sizes: ["accounts": snapshotAccounts, "bytes": written.count],
            indexedNsPerTick: writerNs, naiveNsPerTick: encoderNs, breachesPerTick: 0)
    }

    /// The `liquidus` preset's engine marked at BTCUSDT 30,000 and ETHUSDT 2,000, with
    /// `snapshotAccounts` cross accounts `acct-000000`…: long (7 in 10) or short 0.001–0.5 BTCUSDT
    /// entered on the tick within ±2 % of 30,000, with a wallet giving 4–20× leverage.
    func snapshotWorkload() throws -> LiquidationEngine {
        let preset = VenuePreset.liquidus
        var engine = LiquidationEngine(policy: preset.policy.makePolicy(), markets: preset.markets)
        let catalog = MarketCatalog(preset.markets)
        for (symbol, price) in [("BTCUSDT", 30_000), ("ETHUSDT", 2_000)] where catalog[symbol] != nil {
            _ = try engine.apply(EngineInput(time: 0, .markPrice(market: symbol, price: Price(price))))
        }
        for n in 0..<snapshotAccounts {
            let thousandths = Int64(1 + n * 7_919 % 500) * (n % 10 < 7 ? 1 : -1)
            let tenths = 300_000 + Int64(n * 104_729 % 12_001) - 6_000  // 30,000 ± 2 %, on the 0.1 tick
            let leverage = Int64(4 + n % 17)
            let position = Position(
                market: "BTCUSDT", size: Quantity(units: thousandths * 100_000), entryPrice: Price(units: tenths * 10_000_000))
            let wallet = Money(units: abs(thousandths) * tenths * 10_000 / leverage)
            let account = try Account(
                id: String(format: "acct-%06d", n), marginMode: .cross, walletBalance: wallet, positions: [position], markets: catalog)
            _ = try engine.apply(EngineInput(time: 0, .setAccount(account)))
        }
        return engine
    }
}

/// The writer's snapshot document is not the encoder's.
struct SnapshotDocumentsDiffer: Error, CustomStringConvertible {
    var description: String { "the accounts' writer and the encoder wrote different snapshot documents" }
}
