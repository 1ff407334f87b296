import Foundation
import LiquidusCore
import LiquidusEngine
import LiquidusStore
import Synchronization
import Testing

/// The cluster's rules on PostgreSQL (``ClusterStore``): one lease, taken only when expired,
/// raising the epoch; every commit fenced by its epoch in its own transaction; notifications of
/// commits and lease changes. Two `PostgresStore`s on one schema play two members.
@Suite(.serialized) struct ClusterStoreTests {
    static let available = PostgresStoreTests.url != nil

    /// Two stores on one new schema; the schema is dropped after `body`.
    static func withMembers(_ body: (PostgresStore, PostgresStore) async throws -> Void) async throws {
        guard let first = await PostgresStoreTests.connect() else { return }
        let second = try await PostgresStore.connect(url: PostgresStoreTests.url ?? "", schema: first.schema, timeout: .seconds(120))
        do {
            try await body(first, second)
        } catch {
            try? await first.dropSchema()
            try? await first.close()
            try? await second.close()
            throw error
        }
        try await first.dropSchema()
        try await first.close()
        try await second.close()
    }

    static func batch(_ sequence: Int64, epoch: Int64?) -> CommitBatch {
        CommitBatch(commands: [StoredCommand(sequence: sequence, input: StoreContractTests.input(sequence, 30_000 + Int(sequence)))], epoch: epoch)
    }

    static func request(_ member: String, lease: Duration = .seconds(30), cluster: String = "risk") -> LeaseRequest {
        LeaseRequest(cluster: cluster, member: member, address: "http://\(member):8080", duration: lease)
    }

    /// Members started together on a new schema each migrate it or find it migrated.
    @Test(.enabled(if: available, "needs PostgreSQL (eval \"$(bash .ci/postgres.sh)\")"))
    func membersStartedTogetherShareOneNewSchema() async throws {
        let (url, schema) = (PostgresStoreTests.url ?? "", "together_\(UInt32.random(in: 0...UInt32.max))")
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<4 { group.addTask { try await PostgresStore.connect(url: url, schema: schema, timeout: .seconds(120)) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(stores.count == 4)
        try await stores[0].initialize(genesis: "{}")
        #expect(try await stores[3].genesis() == "{}")
        try await stores[0].dropSchema()
        for store in stores { try await store.close() }
    }

    @Test(.enabled(if: available, "needs PostgreSQL (eval \"$(bash .ci/postgres.sh)\")"))
    func aCommitOfASupersededEpochIsRefusedWhole() async throws {
        try await Self.withMembers { a, b in
            try await a.initialize(genesis: "{}")
            // Outside a cluster a batch has no epoch; once a lease exists such a batch is fenced.
            try await a.commit(Self.batch(1, epoch: nil))
            let (first, held) = try await a.acquireLease(Self.request("a"))
            #expect(held && first.epoch == 1 && first.holder == "a" && first.address == "http://a:8080" && first.cluster == "risk")
            await #expect(throws: StoreError(.fenced, "this log belongs to cluster risk: only its leader writes")) {
                try await a.commit(Self.batch(2, epoch: nil))
            }
            try await a.commit(Self.batch(2, epoch: 1))
            // B may not take a lease that has not expired; it reads A's.
            let (seen, taken) = try await b.acquireLease(Self.request("b"))
            #expect(!taken && seen.holder == "a" && seen.epoch == 1 && !seen.isExpired)
            // Once it has expired, B takes it: epoch 2. A's commits and renewals are refused. (A
            // renews it for a millisecond, so that it expires however slowly the test runs.)
            #expect(try await a.renewLease(epoch: 1, member: "a", duration: .milliseconds(1))?.epoch == 1)
            try await Task.sleep(for: .milliseconds(20))
            #expect(try await b.lease()?.isExpired == true)
            let (second, heldByB) = try await b.acquireLease(Self.request("b"))
            #expect(heldByB && second.epoch == 2 && second.holder == "b")
            await #expect(throws: StoreError.self) { try await a.commit(Self.batch(3, epoch: 1)) }
            do throws(StoreError) { try await a.commit(Self.batch(3, epoch: 1)) } catch { #expect(error.code == .fenced) }
            #expect(try await a.renewLease(epoch: 1, member: "a", duration: .seconds(30)) == nil)
            #expect(try await a.head().commandSequence == 2, "nothing of a fenced batch is stored")
            try await b.commit(Self.batch(3, epoch: 2))
            #expect(try await b.renewLease(epoch: 2, member: "b", duration: .seconds(30))?.epoch == 2)
            // The epochs along the log: none, then 1, then 2.
            #expect(try await a.commandEpochs(after: 0, limit: 10).map(\.epoch) == [nil, 1, 2])
            // A release hands the lease over at once: A takes epoch 3 without waiting.
            try await b.releaseLease(epoch: 2, member: "b")
            #expect(try await a.acquireLease(Self.request("a")).lease.epoch == 3)
            // Another cluster's name is refused.
            await #expect(throws: StoreError.self) { try await b.acquireLease(Self.request("b", cluster: "other")) }
        }
    }

    /// Members racing for an expired lease: exactly one takes it.
    @Test(.enabled(if: available, "needs PostgreSQL (eval \"$(bash .ci/postgres.sh)\")"))
    func oneOfManyTakesAnExpiredLease() async throws {
        try await Self.withMembers { a, b in
            _ = try await a.acquireLease(Self.request("old", lease: .milliseconds(1)))
            try await Task.sleep(for: .milliseconds(20))
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<8 {
                    let store = index.isMultiple(of: 2) ? a : b
                    group.addTask { try await store.acquireLease(Self.request("m\(index)")).held }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(winners == 1)
            #expect(try await a.lease()?.epoch == 2)
        }
    }

    /// A leader commits without pause while another member takes its expired lease: every
    /// commit it saw acknowledged is in the log the new leader reads right after taking the
    /// lease, and none of its commits succeeds after that.
    @Test(.enabled(if: available, "needs PostgreSQL (eval \"$(bash .ci/postgres.sh)\")"))
    func takingTheLeaseWaitsForCommitsInProgress() async throws {
        try await Self.withMembers { a, b in
            try await a.initialize(genesis: "{}")
            _ = try await a.acquireLease(Self.request("a", lease: .milliseconds(300)))
            let acknowledged = Mutex<[Int64]>([])
            let writer = Task {
                var sequence: Int64 = 1
                let start = ContinuousClock.now
                while ContinuousClock.now - start < .seconds(10) {
                    do throws(StoreError) { try await a.commit(Self.batch(sequence, epoch: 1)) } catch { return error.code }
                    acknowledged.withLock { $0.append(sequence) }
                    sequence += 1
                }
                return StoreError.Code(rawValue: "never fenced")
            }
            try await Task.sleep(for: .milliseconds(350))
            var taken = false
            while !taken { taken = try await b.acquireLease(Self.request("b")).held }
            let head = try await b.head().commandSequence
            let ending = await writer.value
            let acked = acknowledged.withLock { $0 }
            #expect(ending == .fenced)
            #expect(acked.count > 5, "the writer committed under epoch 1 before the takeover")
            #expect(acked.last == head, "the new leader's first read of the log holds every acknowledged commit, and nothing after it")
            #expect(try await b.head().commandSequence == head)
            #expect(try await b.commandEpochs(after: 0, limit: 100_000).allSatisfy { $0.epoch == 1 })
        }
    }

    @Test(.enabled(if: available, "needs PostgreSQL (eval \"$(bash .ci/postgres.sh)\")"))
    func listenersHearOfCommitsAndLeaseChanges() async throws {
        try await Self.withMembers { a, b in
            try await a.initialize(genesis: "{}")
            var heard = b.notifications().makeAsyncIterator()
            #expect(await heard.next() == .listening)
            _ = try await a.acquireLease(Self.request("a"))
            #expect(await heard.next() == .leaseChanged)
            try await a.commit(Self.batch(1, epoch: 1))
            try await a.commit(CommitBatch(commands: [2, 3].map { StoredCommand(sequence: $0, input: StoreContractTests.input($0, 1)) }, epoch: 1))
            #expect(await heard.next() == .appended(through: 1))
            #expect(await heard.next() == .appended(through: 3))
            try await a.heartbeat(MemberRecord(id: "a", address: "http://a:8080", role: "leader", epoch: 1, appliedSequence: 3))
            try await b.heartbeat(MemberRecord(id: "b", address: "http://b:8080", role: "standby", epoch: 1, appliedSequence: 2))
            try await b.heartbeat(MemberRecord(id: "b", address: "http://b:8080", role: "standby", epoch: 1, appliedSequence: 3))
            let members = try await a.members(seenWithin: .seconds(60))
            #expect(members.map(\.address) == ["http://a:8080", "http://b:8080"])
            #expect(members.map(\.appliedSequence) == [3, 3] && members.allSatisfy { $0.age < .seconds(60) })
        }
    }
}
