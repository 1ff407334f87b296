import Foundation
import LiquidusEngine
public import LiquidusStore
public import Logging

/// This server's part in a cluster of servers sharing one PostgreSQL log: it keeps the lease
/// while it leads, seeks it while it is a standby, and meanwhile follows the log.
///
/// **Standby.** It reads the lease, waits until it expires (the expiry is read by the
/// database's clock; a lease change or a reconnection wakes it sooner), and then tries to take
/// it. Between times it follows the log: each commit's notification (`LISTEN`/`NOTIFY`, and a
/// read every ``ClusterConfiguration/poll`` in case one is lost) makes it read the commands after
/// the last one it applied, in sequence, and apply them to its engine (``EngineHost/follow(_:)``).
///
/// **Taking the lease** raises the epoch; from then on no commit of an older epoch can succeed
/// (each commit checks its epoch in its own transaction, and taking the lease waits for those in
/// progress), so the log's head is final: the member reads and applies the log to its head, then
/// leads (``EngineHost/promote(epoch:head:lastSnapshot:)``).
///
/// **Leader.** It renews the lease every ``ClusterConfiguration/renewal``. It steps down — the
/// host refuses mutations and the member follows the log again — when a renewal finds the lease
/// taken, when no renewal has succeeded for a whole lease, or when the store fences a commit.
///
/// Every step records a heartbeat (role, epoch, last command applied) for `GET /v1/cluster`.
public actor ClusterMember {
    let configuration: ClusterConfiguration
    let store: any ClusterStore
    let host: EngineHost
    /// What the routes read.
    public nonisolated let state: ClusterState
    let logger: Logger
    /// The epoch this member leads, if it does.
    var leading: Int64?
    /// When the latest successful renewal (or the taking) of the lease was sent.
    var lastRenewal = ContinuousClock.now
    var resigned = false
    var running: Task<Void, Never>?
    let leaseWakeup = Wakeup()
    let logWakeup = Wakeup()
    /// The most commands read from the log at once.
    static let page = 1_000

    /// Creates the member of `host` (a standby until it takes the lease).
    public init(configuration: ClusterConfiguration, store: any ClusterStore, host: EngineHost, state: ClusterState, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.host = host
        self.state = state
        self.logger = logger
    }

    /// Starts seeking or keeping the lease, and following the log, until ``resign()``.
    public func start() async {
        guard running == nil else { return }
        await host.onLeadershipLost { [weak self] epoch in await self?.lost(epoch: epoch) }
        running = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.listen() }
                group.addTask { await self.followLog() }
                group.addTask { await self.keepLease() }
            }
        }
    }

    /// Stops seeking the lease and following the log, and — when leading — hands the lease over
    /// at once, so that a standby takes it without waiting for it to expire (graceful shutdown,
    /// after the host has committed its last batch and snapshot).
    public func resign() async {
        resigned = true
        running?.cancel()
        leaseWakeup.signal()
        logWakeup.signal()
        await running?.value
        guard let epoch = leading else { return }
        leading = nil
        await host.demote()
        state.update { $0.role = .standby }
        do { try await store.releaseLease(epoch: epoch, member: configuration.member) } catch {
            logger.warning("the lease could not be handed over (it expires on its own)", metadata: ["error": "\(error)"])
        }
        logger.notice("handed the lease over", metadata: ["epoch": "\(epoch)"])
    }

    // MARK: The lease

    func keepLease() async {
        while !Task.isCancelled, !resigned {
            let pause = if let epoch = leading { await renew(epoch) } else { await seek() }
            await leaseWakeup.wait(atMost: pause)
        }
    }

    /// Renews the lease of `epoch`; the time until the next step.
    func renew(_ epoch: Int64) async -> Duration {
        let sent = ContinuousClock.now
        do {
            guard try await store.renewLease(epoch: epoch, member: configuration.member, duration: configuration.lease) != nil else {
                await stepDown(epoch, because: "another member took the lease")
                return .zero
            }
            lastRenewal = sent
            await heartbeat()
            return configuration.renewal
        } catch {
            if ContinuousClock.now - lastRenewal >= configuration.lease {
                await stepDown(epoch, because: "the lease could not be renewed for \(configuration.lease): \(error)")
                return .zero
            }
            logger.warning("renewing the lease failed", metadata: ["error": "\(error)"])
            return configuration.renewal / 2
        }
    }

    /// Reads the lease and takes it when it is free, expired or already this member's; the time
    /// until the next step (the lease's expiry while another member holds it).
    func seek() async -> Duration {
        do {
            if let current = try await store.lease(), !current.isExpired, current.holder != configuration.member {
                follow(current)
                await heartbeat()
                return Self.untilExpiry(of: current, atMost: configuration.lease)
            }
            let sent = ContinuousClock.now
            let (lease, held) = try await store.acquireLease(
                LeaseRequest(cluster: configuration.name, member: configuration.member, address: configuration.address, duration: configuration.lease))
            guard held else {
                follow(lease)
                return Self.untilExpiry(of: lease, atMost: configuration.lease)
            }
            await lead(lease.epoch, takenAt: sent)
            return leading == nil ? configuration.renewal : configuration.renewal - (ContinuousClock.now - sent)
        } catch {
            logger.warning("reading or taking the lease failed", metadata: ["error": "\(error)"])
            return configuration.renewal
        }
    }

    /// A little past the lease's expiry (never more than `limit` away).
    static func untilExpiry(of lease: Lease, atMost limit: Duration) -> Duration {
        min(max(lease.remaining, .zero) + .milliseconds(5), limit)
    }

    /// Records the leader a standby follows.
    func follow(_ lease: Lease) {
        state.update { status in
            status.role = .standby
            status.epoch = lease.epoch
            status.leader = lease.isExpired ? nil : lease.address
        }
    }

    /// Having taken the lease of `epoch`: applies the log to its head, then leads.
    func lead(_ epoch: Int64, takenAt sent: ContinuousClock.Instant) async {
        if resigned {
            try? await store.releaseLease(epoch: epoch, member: configuration.member)
            return
        }
        guard let head = await catchUp(untilEmpty: true) else { return }  // the store failed: the next step takes the lease again
        // The log ends at `head` (or at a gap, past which only batches of the old leader that
        // were never acknowledged lie: they are deleted before this member writes).
        let events = await host.read { engine, _ in engine.sequence }
        do {
            guard try await store.discardUnacknowledged(after: StoreHead(commandSequence: head, eventSequence: events), epoch: epoch) else { return }
        } catch {
            logger.warning("the log's tail could not be trimmed", metadata: ["error": "\(error)"])
            return
        }
        let markers = (try? await store.snapshotMarkers()) ?? []
        guard await host.promote(epoch: epoch, head: head, lastSnapshot: markers.last?.commandSequence ?? 0) else { return }
        leading = epoch
        lastRenewal = sent
        state.update { status in
            status.role = .leader
            status.epoch = epoch
            status.leader = configuration.address
        }
        logger.notice(
            "took the lease", metadata: ["epoch": "\(epoch)", "commandSequence": "\(head)", "seconds": "\(ContinuousClock.now - sent)"])
        await heartbeat()
    }

    /// Stops leading `epoch`.
    func stepDown(_ epoch: Int64, because reason: String) async {
        guard leading == epoch else { return }
        await host.demote()
        lost(epoch: epoch, because: reason)
    }

    /// The host found a commit of `epoch` fenced (it is a standby already).
    func lost(epoch: Int64, because reason: String = "a commit was fenced: another member holds a newer epoch") {
        guard leading == epoch else { return }
        leading = nil
        state.update { status in
            status.role = .standby
            status.leader = nil
        }
        logger.warning("stepped down", metadata: ["epoch": "\(epoch)", "reason": "\(reason)"])
        leaseWakeup.signal()
        logWakeup.signal()
    }

    func heartbeat() async {
        let applied = await host.commandSequence
        let status = state.status
        let record = MemberRecord(
            id: configuration.member, address: configuration.address, role: status.role.rawValue, epoch: status.epoch, appliedSequence: applied)
        do { try await store.heartbeat(record) } catch { logger.debug("a heartbeat failed", metadata: ["error": "\(error)"]) }
    }

    // MARK: The log

    /// Turns the store's notifications into wake-ups.
    func listen() async {
        for await notification in store.notifications() {
            switch notification {
            case .appended: logWakeup.signal()
            case .leaseChanged: leaseWakeup.signal()
            case .listening:
                logWakeup.signal()
                leaseWakeup.signal()
            }
        }
    }

    func followLog() async {
        while !Task.isCancelled, !resigned {
            if leading == nil { await catchUp(untilEmpty: false) }
            await logWakeup.wait(atMost: configuration.poll)
        }
    }

    /// Reads the log after the host's last command and applies it, page by page: until a read
    /// finds nothing or a gap (`untilEmpty`: the head), else until a page is not full. A gap is
    /// a commit of the leader still in flight while a later one is stored (or, after the
    /// leader's failure, where the log ends). A log that no longer holds the next command
    /// (pruned behind a snapshot) or a command that does not apply rebuilds the engine from the
    /// store, once. Returns the last command applied, or `nil` when the store failed or the
    /// engine could not be rebuilt.
    @discardableResult
    func catchUp(untilEmpty: Bool) async -> Int64? {
        var rebuilt = false
        do {
            while true {
                let applied = await host.commandSequence
                let page = try await store.commands(after: applied, limit: Self.page)
                guard let first = page.first else { return applied }
                let unbroken = page.enumerated().prefix { $0.element.sequence == applied + 1 + Int64($0.offset) }.map(\.element)
                if unbroken.isEmpty, try await store.retention().firstCommand <= applied + 1 { return applied }  // a gap
                let reached: Int64
                do throws(EngineHost.FollowFailure) {
                    guard !unbroken.isEmpty else {
                        throw EngineHost.FollowFailure(message: "the log after command \(applied) begins at \(first.sequence) (pruned)")
                    }
                    reached = try await host.follow(unbroken)
                } catch {
                    guard !rebuilt else { throw error }
                    rebuilt = true
                    logger.warning("rebuilding the engine from the store", metadata: ["reason": "\(error)"])
                    await host.reload(try await EngineRecovery.recover(store: store, genesis: nil))
                    continue
                }
                if reached == applied || unbroken.count < page.count || (!untilEmpty && page.count < Self.page) { return reached }
            }
        } catch {
            logger.error("following the log failed", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
