#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import Logging

/// The process's open-file limit, raised to what the system allows, and the connection limit
/// kept below it: each connection is a file descriptor, and the store, the log and the listening
/// socket need some too, so accepting past the limit would make `accept` fail and starve
/// `/healthz`.
public enum FileDescriptorLimit {
    /// Descriptors kept for everything but connections.
    static let reserve = 64

    /// Raises the soft limit of open files to the hard one and returns `limits` with
    /// `maxConnections` lowered, when needed, to fit under it (with a warning).
    public static func raise(_ limits: ConnectionLimits, logger: Logger) -> ConnectionLimits {
        var limit = rlimit()
        guard getrlimit(Self.resource, &limit) == 0 else { return limits }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Self.resource, &raised) == 0 { limit = raised }
        }
        let available = Int(clamping: limit.rlim_cur) - reserve
        guard available < limits.maxConnections else { return limits }
        var lowered = limits
        lowered.maxConnections = max(1, available)
        lowered.maxPendingConnections = min(lowered.maxPendingConnections, max(1, available / 2))
        logger.warning(
            "the open-file limit leaves room for fewer connections than --max-connections",
            metadata: ["openFileLimit": "\(limit.rlim_cur)", "maxConnections": "\(lowered.maxConnections)"])
        return lowered
    }

    #if os(Linux)
    static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    static let resource = RLIMIT_NOFILE
    #endif
}
