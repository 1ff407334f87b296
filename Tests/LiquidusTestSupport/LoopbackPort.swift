#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A port on 127.0.0.1 that no one listens on now, for a server that must keep its port across a
/// restart.
///
/// Below the kernel's ephemeral range (Linux: `ip_local_port_range`, 32768 on by default): a
/// port in that range can be taken while its server is down — as the local port of any outgoing
/// connection, or by a connection to it that the kernel connects to itself (a client's source
/// port equal to the port it dials) — so the server could not bind it again, and a client would
/// wait on a connection to nobody instead of being refused.
public enum LoopbackPort {
    /// No port could be bound.
    public struct Unavailable: Error {}

    /// A free port from 10000 up to the ephemeral range, tried at random; the kernel's pick when
    /// 64 tries find none.
    public static func free() throws -> Int {
        let ephemeral = ephemeralRangeStart() ?? 32_768
        if ephemeral > 10_001 {
            for _ in 0..<64 {
                let port = Int.random(in: 10_000..<ephemeral)
                if (try? bind(port)) == port { return port }
            }
        }
        return try bind(0)
    }

    /// Binds a socket to 127.0.0.1:`port` (0: the kernel picks), closes it and returns the port.
    static func bind(_ port: Int) throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                #if canImport(Glibc)
                Glibc.bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
                #else
                Darwin.bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
                #endif
            }
        }
        guard bound else { throw Unavailable() }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The first port of Linux's ephemeral range, when the system says.
    static func ephemeralRangeStart() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8) else { return nil }
        return text.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) }
    }
}
