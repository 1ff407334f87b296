#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LiquidusCore
import LiquidusEngine
import LiquidusStore
import Synchronization
import Testing

/// A cluster of real `liquidus serve` processes on loopback sharing one PostgreSQL schema, under a
/// stream of writes: the leader SIGKILLed, the leader SIGSTOPped past its lease and resumed, the
/// whole cluster killed and started again. Each checks that a standby takes over within the
/// bound, that every acknowledged write is in the log where its answer said, that no stale
/// leader commits (the epochs along the log never decrease; a resumed leader's write is refused),
/// and that every member's state hash equals a clean replay of the log.
@Suite(.serialized) struct ClusterProcessTests {
    static let url = ProcessInfo.processInfo.environment["LIQUIDUS_TEST_POSTGRES_URL"]
    /// The lease: failover takes about this long plus a read of the lease and the catch-up.
    static let lease = 1.0
    /// The bound checked from the fault to the first write a new leader accepted: the target is
    /// 3 s; the whole suite loads two cores meanwhile.
    static let failoverBound = Duration.seconds(6)

    /// Writes `{"markPrices": {"BTCUSDT": P}}` one after another, P rising by one, on a thread of
    /// its own, recording every acknowledged one.
    final class WriteStream: @unchecked Sendable {
        struct Acknowledged {
            var member: Int
            var command: Int64
            var price: Int
            var at: ContinuousClock.Instant
        }

        let client: ClusterClient
        private let state = Mutex<(stop: Bool, acknowledged: [Acknowledged], preferred: Int, failures: [String])>((false, [], 0, []))
        /// How long a member may take to answer before the stream tries the next: long while
        /// every member lives (the whole suite's load can slow commits to seconds), short while a
        /// stopped leader must be noticed.
        let patience = Mutex(Duration.seconds(10))
        private let done = DispatchSemaphore(value: 0)

        init(client: ClusterClient, leader: Int, from price: Int) {
            self.client = client
            state.withLock { $0.preferred = leader }
            Thread { self.run(from: price) }.start()
        }

        private func run(from price: Int) {
            var price = price
            while !state.withLock({ $0.stop }) {
                let preferred = state.withLock { $0.preferred }
                guard
                    let (member, answer) = client.write(
                        "/v1/marks", body: #"{"markPrices": {"BTCUSDT": "\#(price)"}}"#, preferred: preferred, patience: patience.withLock { $0 })
                else {
                    state.withLock { $0.failures.append("no member accepted the write of \(price)") }
                    break
                }
                guard answer.status == 200, let command = answer.json?["lastCommand"] as? Int else {
                    state.withLock { $0.failures.append("\(price): \(answer.status) \(answer.body)") }
                    break
                }
                state.withLock {
                    $0.acknowledged.append(Acknowledged(member: member, command: Int64(command), price: price, at: .now))
                    $0.preferred = member
                }
                price += 1
            }
            done.signal()
        }

        var acknowledged: [Acknowledged] { state.withLock { $0.acknowledged } }

        /// Waits until `count` writes after `instant` were acknowledged (by a member other than
        /// `excluded`); the first of them.
        func waitForWrites(
            after instant: ContinuousClock.Instant, count: Int = 1, excluding excluded: Int? = nil, within limit: Duration = .seconds(60)
        ) async throws -> Acknowledged {
            let start = ContinuousClock.now
            // Checked once more after the limit: under the whole suite the sleep may end late.
            while true {
                let later = acknowledged.filter { $0.at > instant && $0.member != excluded }
                if later.count >= count { return later[0] }
                if let failure = state.withLock({ $0.failures.first }) { throw HarnessError(message: failure) }
                guard ContinuousClock.now - start < limit else { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            throw HarnessError(message: "fewer than \(count) writes were acknowledged within \(limit)")
        }

        /// Stops after the write in progress; the failures seen.
        func stop() async -> [String] {
            state.withLock { $0.stop = true }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                Thread {
                    self.done.wait()
                    continuation.resume()
                }.start()
            }
            return state.withLock { $0.failures }
        }
    }

    /// Runs `body` with a new cluster of `members`, then stops its processes and drops its schema.
    static func withCluster(members: Int, _ body: (ClusterProcesses) async throws -> Void) async throws {
        let cluster = try ClusterProcesses(url: url ?? "", count: members, lease: lease)
        do { try await body(cluster) } catch {
            cluster.stopAll()
            await cluster.dropSchema()
            throw error
        }
        cluster.stopAll()
        await cluster.dropSchema()
    }

    /// Checks the log against the acknowledged writes and the members' states against a clean
    /// replay; the members in `live` must have applied the whole log.
    static func verify(_ cluster: ClusterProcesses, live: [Int], acknowledged: [WriteStream.Acknowledged]) async throws {
        let head = try await cluster.waitUntilApplied(live)
        let store = try await cluster.openStore()
        let log = try await store.commands(after: 0, limit: 1_000_000)
        let epochs = try await store.commandEpochs(after: 0, limit: 1_000_000)
        try await store.close()
        #expect(log.count == Int(head))
        var bySequence: [Int64: EngineInput] = [:]
        for command in log { bySequence[command.sequence] = command.input }
        let lost = acknowledged.filter { bySequence[$0.command]?.action != .markPrice(market: "BTCUSDT", price: Price($0.price)) }
        #expect(lost.isEmpty, "acknowledged writes missing from the log where their answers said: \(lost.prefix(5).map { ($0.command, $0.price) })")
        let sequence = epochs.compactMap(\.epoch)
        #expect(sequence.count == epochs.count, "every command of a cluster's log carries its epoch")
        #expect(zip(sequence, sequence.dropFirst()).allSatisfy { $0 <= $1 }, "a command of an older epoch follows a newer one: a stale leader committed")
        let replayed = try await cluster.replayedHash()
        for member in live {
            let state = cluster.state(member)
            #expect(state?["commandSequence"] as? Int == Int(head))
            #expect(state?["stateHash"] as? String == replayed, "member \(member)'s state differs from a clean replay of the log")
        }
    }

    @Test(.enabled(if: url != nil, "needs PostgreSQL (eval \"$(bash .ci/postgres.sh)\")"))
    func aStandbyTakesOverWhenTheLeaderIsKilled() async throws {
        try await Self.withCluster(members: 3) { cluster in
            let leader = try cluster.waitForLeader()
            let standby = (leader + 1) % 3
            // Every member answers GET /v1/cluster; a standby redirects writes to the leader.
            let view = try #require(cluster.status(standby))
            #expect(view["role"] as? String == "standby" && view["leader"] as? String == "http://127.0.0.1:\(cluster.ports[leader])")
            #expect(view["cluster"] as? String == "test" && view["member"] as? String == "http://127.0.0.1:\(cluster.ports[standby])")
            let redirect = try #require(cluster.client.send("POST", "/v1/marks?x=1", body: #"{"markPrices": {"BTCUSDT": "30000"}}"#, to: cluster.ports[standby], timeout: .seconds(5)))
            #expect(redirect.status == 307 && redirect.headers["location"] == "http://127.0.0.1:\(cluster.ports[leader])/v1/marks?x=1")

            let writes = WriteStream(client: cluster.client, leader: leader, from: 30_000)
            _ = try await writes.waitForWrites(after: .now - .seconds(60), count: 20)
            let epochBefore = try #require(cluster.status(leader)?["epoch"] as? Int)
            let fault = ContinuousClock.now
            cluster.signal(leader, SIGKILL)
            let first = try await writes.waitForWrites(after: fault, excluding: leader)
            let failover = first.at - fault
            _ = try await writes.waitForWrites(after: first.at, count: 20)
            let failures = await writes.stop()
            #expect(failures.isEmpty, "\(failures)")
            #expect(writes.acknowledged.filter { $0.member == leader }.allSatisfy { $0.command < first.command }, "the killed leader's commands follow the new leader's")
            #expect(failover < Self.failoverBound, "failover took \(failover)")
            print("cluster: SIGKILL of the leader: first write accepted by the new leader after \(failover)")
            let newLeader = try cluster.waitForLeader(excluding: [leader])
            #expect(try #require(cluster.status(newLeader)?["epoch"] as? Int) > epochBefore)
            try await Self.verify(cluster, live: [0, 1, 2].filter { $0 != leader }, acknowledged: writes.acknowledged)
        }
    }

    @Test(.enabled(if: url != nil, "needs PostgreSQL (eval \"$(bash .ci/postgres.sh)\")"))
    func aLeaderStoppedPastItsLeaseNeverCommitsAgain() async throws {
        try await Self.withCluster(members: 2) { cluster in
            let leader = try cluster.waitForLeader()
            let writes = WriteStream(client: cluster.client, leader: leader, from: 40_000)
            _ = try await writes.waitForWrites(after: .now - .seconds(60), count: 20)
            // The write in flight when the leader stops waits as long as it was told: from the
            // next one on, a member silent for half a second is passed over.
            writes.patience.withLock { $0 = .milliseconds(500) }
            _ = try await writes.waitForWrites(after: .now, count: 2)
            let fault = ContinuousClock.now
            cluster.signal(leader, SIGSTOP)
            let first = try await writes.waitForWrites(after: fault, excluding: leader)
            writes.patience.withLock { $0 = .seconds(10) }
            let failover = first.at - fault
            _ = try await writes.waitForWrites(after: first.at, count: 20)
            #expect(failover < Self.failoverBound, "failover took \(failover)")
            print("cluster: SIGSTOP of the leader: first write accepted by the new leader after \(failover)")
            // A write waits in the stopped leader's socket; it is resumed while the stream goes on.
            let stale = Mutex<ClusterClient.Answer?>(nil)
            let sent = DispatchSemaphore(value: 0)
            let client = cluster.client
            let port = cluster.ports[leader]
            Thread {
                stale.withLock { $0 = client.send("POST", "/v1/marks", body: #"{"markPrices": {"BTCUSDT": "99999"}}"#, to: port, timeout: .seconds(15)) }
                sent.signal()
            }.start()
            try await Task.sleep(for: .milliseconds(200))
            cluster.signal(leader, SIGCONT)
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                Thread {
                    sent.wait()
                    continuation.resume()
                }.start()
            }
            let answer = try #require(stale.withLock { $0 }, "the resumed leader did not answer")
            #expect([503, 307].contains(answer.status), "the resumed leader answered \(answer.status) \(answer.body)")
            _ = try await writes.waitForWrites(after: .now, count: 10)
            let failures = await writes.stop()
            #expect(failures.isEmpty, "\(failures)")
            // An answer the leader sent just before the signal may reach its client after it: it
            // must name a command committed before the new leader's first.
            let late = writes.acknowledged.filter { $0.member == leader && $0.at > fault }
            #expect(late.allSatisfy { $0.command < first.command }, "the stopped leader acknowledged a write after its lease: \(late.map(\.command))")
            // It has stepped down and follows the new leader.
            let start = ContinuousClock.now
            while cluster.status(leader)?["role"] as? String != "standby", ContinuousClock.now - start < .seconds(10) {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(cluster.status(leader)?["role"] as? String == "standby")
            try await Self.verify(cluster, live: [0, 1], acknowledged: writes.acknowledged)
            let store = try await cluster.openStore()
            let log = try await store.commands(after: 0, limit: 1_000_000)
            try await store.close()
            #expect(!log.contains { $0.input.action == .markPrice(market: "BTCUSDT", price: Price(99_999)) }, "the stale leader's write reached the log")
        }
    }

    @Test(.enabled(if: url != nil, "needs PostgreSQL (eval \"$(bash .ci/postgres.sh)\")"))
    func theWholeClusterStartsAgainWhereItWas() async throws {
        try await Self.withCluster(members: 2) { cluster in
            let leader = try cluster.waitForLeader()
            let writes = WriteStream(client: cluster.client, leader: leader, from: 50_000)
            _ = try await writes.waitForWrites(after: .now - .seconds(60), count: 30)
            let failures = await writes.stop()
            #expect(failures.isEmpty, "\(failures)")
            let head = try await cluster.waitUntilApplied([0, 1])
            let hash = try #require(cluster.state(leader)?["stateHash"] as? String)
            let epoch = try #require(cluster.status(leader)?["epoch"] as? Int)
            cluster.signal(0, SIGKILL)
            cluster.signal(1, SIGKILL)
            try cluster.start(0)
            try cluster.start(1)
            let next = try cluster.waitForLeader()
            #expect(try #require(cluster.status(next)?["epoch"] as? Int) > epoch)
            #expect(try await cluster.waitUntilApplied([0, 1]) == head)
            for member in [0, 1] { #expect(cluster.state(member)?["stateHash"] as? String == hash) }
            let more = WriteStream(client: cluster.client, leader: next, from: 60_000)
            _ = try await more.waitForWrites(after: .now - .seconds(60), count: 10)
            #expect(await more.stop().isEmpty)
            try await Self.verify(cluster, live: [0, 1], acknowledged: writes.acknowledged + more.acknowledged)
        }
    }
}
