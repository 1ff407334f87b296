import Foundation
import LiquidusCore
import LiquidusEngine
import LiquidusServer
import LiquidusStore
import Logging
import Synchronization
import Testing

/// The writer's part in a cluster: a standby refuses mutations and applies the log, a promotion
/// waits for the whole log, a leader's commits carry its epoch, and a fenced commit is undone and
/// makes the leader a standby.
@Suite struct EngineHostClusterTests {
    typealias Host = EngineHostTests

    static func rejectedCode(_ outcome: MutationOutcome) -> String? { if case .rejected(let error) = outcome { error.code } else { nil } }

    @Test func aStandbyAppliesTheLogAndPublishesItsEvents() async throws {
        let store = try ControlledStore()
        let leader = try await Host.host(store)
        let standby = try await Host.host(store, leadership: .standby)
        #expect(Self.rejectedCode(await standby.submit(Host.mutation(Host.setup))) == "notLeader")
        #expect(Host.applied(await leader.submit(Host.mutation(Host.setup))))
        #expect(Host.applied(await leader.submit(Host.mutation([Host.crash]))))
        let (subscriber, events) = await standby.subscribe()
        let log = try await store.commands(after: 0, limit: 100)
        // Overlapping pages are fine (commands already applied are skipped); a gap is not.
        #expect(try await standby.follow(Array(log.prefix(2))) == 2)
        await #expect(throws: EngineHost.FollowFailure.self) { try await standby.follow([StoredCommand(sequence: 9, input: Host.crash)]) }
        #expect(try await standby.follow(log) == 3)
        #expect(await standby.summary().stateHash == (try Host.reference(Host.setup + [Host.crash])).stateHash)
        #expect(await standby.summary() == (await leader.summary()))
        await standby.unsubscribe(subscriber)
        var received: [EngineEvent] = []
        for await event in events { received.append(event) }
        #expect(received == (try await store.events(after: 0, limit: 100)), "the standby publishes the events the leader stored")
        // A leader does not follow.
        #expect(try await leader.follow(log) == 3)
    }

    /// In a cluster a standby writes the periodic snapshots, from its own engine at the command
    /// it applied; the leader does not encode one while it is not twice the interval behind.
    @Test func aStandbyWritesThePeriodicSnapshots() async throws {
        let store = try ControlledStore()
        let leader = try await Host.host(store, snapshotInterval: 2, leadership: .leader(epoch: 1))
        #expect(Host.applied(await leader.submit(Host.mutation(Host.setup))))
        #expect(Host.applied(await leader.submit(Host.mutation([Host.crash]))))
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await store.snapshotMarkers().isEmpty, "the leader, 3 commands after the last snapshot with an interval of 2, leaves it to a standby")
        let standby = try await Host.host(store, snapshotInterval: 2, leadership: .standby)
        #expect(try await standby.follow(try await store.commands(after: 0, limit: 100)) == 3)
        var markers: [SnapshotMarker] = []
        for _ in 0..<200 where markers.isEmpty {
            try await Task.sleep(for: .milliseconds(25))
            markers = try await store.snapshotMarkers()
        }
        #expect(markers.map(\.commandSequence) == [3])
        #expect(markers.first?.stateHash == (try Host.reference(Host.setup + [Host.crash])).stateHash)
        #expect(try await store.latestSnapshot()?.state != nil, "with its document")
    }

    /// A member starting (or rebuilding its engine) while the leader appends recovers the log
    /// to the head it read, then follows the rest.
    @Test func recoveryEndsAtTheHeadItReadWhileTheLeaderAppends() async throws {
        let store = try ControlledStore()
        let leader = try await Host.host(store)
        #expect(Host.applied(await leader.submit(Host.mutation(Host.setup))))
        store.afterHead.withLock { $0 = { _ = await leader.submit(Host.mutation([Host.crash])) } }
        let recovered = try await EngineRecovery.recover(store: store, genesis: nil)
        let head = try await store.head()
        #expect(recovered.commandSequence == 2 && head.commandSequence == 3)
        #expect(recovered.engine.stateHash == (try Host.reference(Host.setup)).stateHash)
        let standby = EngineHost(
            recovered: recovered, store: store, metrics: ServerMetrics(), logger: Logger(label: "test"), snapshotInterval: 10_000, leadership: .standby)
        #expect(try await standby.follow(try await store.commands(after: 2, limit: 100)) == 3)
        #expect(await standby.summary() == (await leader.summary()))
    }

    @Test func aPromotionWaitsForTheWholeLogAndCommitsCarryTheEpoch() async throws {
        let store = try ControlledStore()
        let old = try await Host.host(store)
        let standby = try await Host.host(store, leadership: .standby)
        #expect(Host.applied(await old.submit(Host.mutation(Host.setup))))
        #expect(await standby.promote(epoch: 7, head: 2, lastSnapshot: 0) == false, "the standby has not applied the log")
        #expect(await standby.leadership == .standby)
        _ = try await standby.follow(try await store.commands(after: 0, limit: 100))
        #expect(await standby.promote(epoch: 7, head: 2, lastSnapshot: 0))
        #expect(await standby.leadership == .leader(epoch: 7))
        #expect(Host.applied(await standby.submit(Host.mutation([Host.crash]))))
        #expect(store.epochs.withLock { $0 } == [nil, 7])
        await standby.demote()
        #expect(Self.rejectedCode(await standby.submit(Host.mutation([Host.crash]))) == "notLeader")
    }

    @Test func aFencedCommitIsUndoneAndTheLeaderStepsDown() async throws {
        let store = try ControlledStore()
        let host = try await Host.host(store, leadership: .standby)
        #expect(await host.promote(epoch: 1, head: 0, lastSnapshot: 0))
        let lost = Mutex<[Int64]>([])
        await host.onLeadershipLost { epoch in lost.withLock { $0.append(epoch) } }
        #expect(Host.applied(await host.submit(Host.mutation(Host.setup))))
        let before = await host.summary()
        store.failNext(.fenced)
        #expect(Self.rejectedCode(await host.submit(Host.mutation([Host.crash]))) == "notLeader")
        #expect(await host.summary() == before, "the fenced batch was rolled back")
        #expect(await host.leadership == .standby)
        #expect(try await store.head().commandSequence == 2)
        let start = ContinuousClock.now
        while lost.withLock({ $0.isEmpty }), ContinuousClock.now - start < .seconds(5) { try await Task.sleep(for: .milliseconds(5)) }
        #expect(lost.withLock { $0 } == [1])
    }
}
