import Synchronization

/// The error of ``withDeadline(_:_:)`` when the time ran out.
package struct DeadlineExceeded: Error, Sendable, CustomStringConvertible {
    /// The limit that passed.
    package var limit: Duration
    package var description: String { "no answer within \(limit)" }
}

/// Runs `body` and returns its result, or throws ``DeadlineExceeded`` as soon as `limit` has
/// passed — without waiting for `body`, which is cancelled and left to finish on its own (a
/// task group would wait for it, and a database call blocked on a lost connection may not
/// notice cancellation for a minute).
package func withDeadline<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let race = DeadlineRace<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            race.start(continuation, limit: limit, body)
        }
    } onCancel: {
        race.cancelWork()
    }
}

/// The two contenders of ``withDeadline(_:_:)``: the work and the timer; the first to finish
/// resumes the caller and cancels the other.
private final class DeadlineRace<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var work: Task<Void, Never>?
        var timer: Task<Void, Never>?
    }

    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<T, any Error>, limit: Duration, _ body: @escaping @Sendable () async throws -> T) {
        state.withLock { $0.continuation = continuation }
        let work = Task {
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            self.finish(with: result)
        }
        let timer = Task {
            try? await Task.sleep(for: limit)
            if !Task.isCancelled { self.finish(with: .failure(DeadlineExceeded(limit: limit))) }
        }
        state.withLock { state in
            state.work = work
            state.timer = timer
        }
    }

    /// Resumes the caller once; cancels both contenders.
    private func finish(with result: Result<T, any Error>) {
        let (continuation, work, timer) = state.withLock { state in
            defer { state.continuation = nil }
            return (state.continuation, state.work, state.timer)
        }
        guard let continuation else { return }
        work?.cancel()
        timer?.cancel()
        continuation.resume(with: result)
    }

    func cancelWork() {
        let work = state.withLock { $0.work }
        work?.cancel()
    }
}
