import LiquidusCore
import LiquidusEngine
import LiquidusStore
import Logging

extension EngineHost {
    /// How many times a batch is applied again after the shared fund refused its draw, before
    /// its requests are answered 503 (`fundContended`).
    static let maxFundRetries = 8

    /// The shared insurance fund's balance, read at the start of each batch (`nil` when the
    /// engine's fund is its own).
    func sharedFundBalance() async -> Result<Money?, StoreError> {
        do throws(StoreError) { return .success(try await store.sharedInsuranceFund()) } catch { return .failure(error) }
    }

    /// Starts the batch with an `insuranceFund` input when the shared fund's `balance` is not the
    /// engine's fund: the input is the batch's first command, so a replay applies the batch's
    /// requests against the fund the leader saw. It takes the engine's time (it does not move
    /// time on: the batch's own inputs may carry times of their own).
    func synchronizeFund(to balance: Money, into batch: inout BatchInProgress) {
        guard WideMoney(balance) != engine.insuranceFund else { return }
        applyAtHead(.insuranceFund(balance: balance), of: &batch, what: "the shared fund's balance \(balance)")
    }

    /// Records what the batch did to the fund — from `start` to the engine's fund now, at its
    /// lowest ``LiquidusEngine/LiquidationEngine/lowestInsuranceFund`` — for the store to apply
    /// in the batch's commit. Returns the refusal for the batch's requests when the change does
    /// not fit in one amount (the caller undoes the batch).
    func recordFundChange(from start: WideMoney, into batch: inout BatchInProgress) -> APIError? {
        do throws(StoreError) {
            batch.batch.fundChange = try SharedFundChange(start: start, end: engine.insuranceFund, lowest: engine.lowestInsuranceFund)
            return nil
        } catch {
            logger.error("the batch's change of the shared fund does not fit", metadata: ["error": "\(error)"])
            return Self.unavailable(error)
        }
    }

    /// After the store refused a batch because the shared fund no longer held its draw (other
    /// shards drew meanwhile; nothing was stored, and the batch is already undone): its requests
    /// go back to the head of the queue, to be applied again against the fund's balance then.
    /// Returns false — the caller answers them 503 — after ``maxFundRetries`` refusals in a row.
    func requeueAfterFundShort() -> Bool {
        fundRetries += 1
        guard fundRetries <= Self.maxFundRetries else {
            fundRetries = 0
            return false
        }
        logger.info("the shared fund no longer held a batch's draw: applying it again", metadata: ["attempt": "\(fundRetries)"])
        pending.insert(contentsOf: pipeline.flatMap(\.group), at: 0)
        pipeline.removeAll()
        failing = false
        return true
    }
}
