import LiquidusCore
import Foundation
import LiquidusEngine

extension EngineHost {
    /// The committed state's figures for `GET /v1/state`, with the state hash at their command
    /// sequence — never computed on the writer.
    ///
    /// A summary is made in rounds: a round reads the figures and an O(1) snapshot on the writer,
    /// then hashes the snapshot on a thread of its own (or reuses the hash kept for that command
    /// sequence). One round runs at a time; a request joins the next round to start after it
    /// arrived, so it sees every commit answered before it asked.
    /// - Complexity: O(1) on the writer; O(size of the state) off it, once per round.
    public func summary() async -> EngineSummary {
        let eligible = summaryRoundsStarted
        while true {
            if let round = summaryRound {
                let summary = await round.task.value
                if round.number >= eligible { return summary }
                if summaryRound?.number == round.number { summaryRound = nil }
                continue
            }
            let number = summaryRoundsStarted
            summaryRoundsStarted += 1
            let cached = knownHash
            summaryRound = (number, Task { await self.summaryRound(reusing: cached) })
        }
    }

    /// One round: the figures, the money in each bucket and the hash of the state they describe.
    private func summaryRound(reusing cached: (commandSequence: Int64, hash: UInt64)?) async -> EngineSummary {
        let (figures, snapshot) = await read { engine, sequence in
            // The snapshot shares the engine's storage: O(1), and it counts the accounts in O(1).
            let snapshot = engine.snapshot()
            let figures = EngineSummary(
                commandSequence: sequence, eventSequence: engine.sequence, stateHash: cached?.hash ?? 0, time: engine.time,
                insuranceFund: engine.insuranceFund, accounts: snapshot.accountCount, markets: engine.markets.markets.count,
                money: nil, initialInsuranceFund: .zero)
            return (figures, snapshot)
        }
        var summary = figures
        let hashed = cached?.commandSequence == summary.commandSequence
        let (hash, money) = await Self.offTheWriter(snapshot, hashing: !hashed)
        summary.money = money
        summary.initialInsuranceFund = initialInsuranceFund
        if let hash {
            summary.stateHash = hash
            if knownHash.map({ $0.commandSequence <= summary.commandSequence }) ?? true {
                knownHash = (summary.commandSequence, summary.stateHash)
            }
        }
        return summary
    }

    /// The snapshot's money totals, and its state hash when `hashing`, computed on a thread of
    /// their own.
    static func offTheWriter(_ snapshot: LiquidationEngine.Snapshot, hashing: Bool) async -> (hash: UInt64?, money: MoneyTotals) {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: (hashing ? snapshot.stateHash : nil, snapshot.moneyTotals)) }
            thread.name = "liquidus.state-hash"
            thread.start()
        }
    }
}
