/// A store that several servers share as one cluster: one leader, the single writer of the
/// command log, and hot standbys that follow the log.
///
/// The rules every implementation keeps:
/// - **One lease.** The store records one lease for its log: the cluster's name, an epoch, the
///   member holding it, that member's advertised address, and when it expires — by the store's
///   own clock, so members' clocks never have to agree. A member takes the lease only when there
///   is none or it has expired, and taking it raises the epoch by one.
/// - **Fencing.** A ``CommitBatch`` carries its writer's epoch; ``EngineStore/commit(_:)`` checks
///   it in the same transaction as the append and refuses the whole batch with
///   ``StoreError/Code/fenced`` unless it is still the current epoch. Taking the lease waits for
///   commits under the old epoch that are in progress, so after ``acquireLease(_:)`` returns a new
///   epoch the log is final up to its head: nothing written under an older epoch can follow. A
///   batch without an epoch is refused once the log belongs to a cluster.
/// - **Notifications.** Every commit, and every change of the lease's holder, is announced to
///   the listeners of ``notifications()`` (at most once each, perhaps coalesced, perhaps lost
///   with a connection: a listener reads the log in sequence and never trusts a notification for
///   more than a reason to look).
public protocol ClusterStore: EngineStore {
    /// Takes the lease for `request`'s member when the log has no lease or it has expired (the
    /// epoch rises by one), or renews it when that member already holds it; returns the lease as
    /// it stands afterwards and whether the caller holds it. Refused with `conflict` when the
    /// log's lease belongs to a cluster of another name.
    func acquireLease(_ request: LeaseRequest) async throws(StoreError) -> (lease: Lease, held: Bool)

    /// Extends the lease of `epoch` held by `member` by `duration` from now; `nil` when that
    /// member no longer holds that epoch (it must stop writing).
    func renewLease(epoch: Int64, member: String, duration: Duration) async throws(StoreError) -> Lease?

    /// Ends the lease of `epoch` held by `member` now, so that another member may take it at once
    /// (a graceful hand-over); does nothing when it is no longer theirs.
    func releaseLease(epoch: Int64, member: String) async throws(StoreError)

    /// The lease as it stands, or `nil` when no member ever took one.
    func lease() async throws(StoreError) -> Lease?

    /// Records that `member` is alive, with its role and the command sequence it has applied.
    func heartbeat(_ member: MemberRecord) async throws(StoreError)

    /// The members that sent a heartbeat within `window`, by address.
    /// - Complexity: O(members).
    func members(seenWithin window: Duration) async throws(StoreError) -> [MemberRecord]

    /// Commits and lease changes as they happen, until the stream's consumer stops; the stream
    /// reconnects by itself after a lost connection and then yields ``LogNotification/listening``
    /// (anything may have been missed meanwhile).
    func notifications() -> AsyncStream<LogNotification>
}
