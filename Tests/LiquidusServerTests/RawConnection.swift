#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A plain TCP connection to the server under test, for what an HTTP client library will not
/// send: idle sockets, half heads, garbage, invalid bytes.
final class RawConnection {
    let descriptor: Int32

    /// Connects to 127.0.0.1:`port`.
    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw HarnessError(message: "socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            Glibc.close(descriptor)
            throw HarnessError(message: "connect: \(errno)")
        }
    }

    deinit { Glibc.close(descriptor) }

    /// Sends `bytes` (all of them, or as many as the peer takes before closing).
    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return }
            offset += sent
        }
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    /// ``readBlocking(timeout:)`` on a thread of its own: a blocking read on the cooperative
    /// pool would hold up the server under test, whose handlers run there too.
    func read(timeout: Duration) async -> (text: String, closed: Bool, firstByteAfter: Duration?) {
        let connection = UncheckedBox(self)
        return await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: connection.value.readBlocking(timeout: timeout)) }.start()
        }
    }

    /// Reads until the server closes the connection or `timeout` passes: the bytes received,
    /// whether it closed, and when the first byte came.
    func readBlocking(timeout: Duration) -> (text: String, closed: Bool, firstByteAfter: Duration?) {
        let start = ContinuousClock.now
        var received: [UInt8] = []
        var firstByte: Duration?
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while ContinuousClock.now - start < timeout {
            let remaining = timeout - (ContinuousClock.now - start)
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(max(1, remaining.components.seconds * 1_000 + remaining.components.attoseconds / 1_000_000_000_000_000))
            guard poll(&poller, 1, milliseconds) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return (String(decoding: received, as: UTF8.self), true, firstByte) }
            if firstByte == nil { firstByte = ContinuousClock.now - start }
            received += buffer[0..<count]
        }
        return (String(decoding: received, as: UTF8.self), false, firstByte)
    }
}

/// Hands a connection to the reading thread (it is used by one thread at a time).
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
