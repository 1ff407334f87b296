#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import LiquidusTestSupport

/// `liquidus serve` run as a process of its own, as an operator runs it: for what must hold of
/// the process itself (it stays up, it exits on SIGTERM). Spawned with posix_spawn and watched
/// with waitpid (Foundation's `Process` can miss a child's exit inside an async test).
final class ServerProcess {
    private(set) var pid: pid_t = 0
    /// The exit status once it has exited (`waitpid`'s), else nil.
    private(set) var exitStatus: Int32?
    let port: Int
    let directory: URL
    /// Whether the directory is this process's alone (removed with it).
    private let ownsDirectory: Bool
    static let token = Harness.writeToken

    /// The built `liquidus` beside the test bundle (SwiftPM builds every product for `swift test`).
    static var executable: URL? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("liquidus"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("liquidus"),
            root.appendingPathComponent(".build/debug/liquidus"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Starts a server on a free port with a new SQLite store and waits until `/healthz` answers.
    convenience init(_ arguments: [String] = []) throws {
        try self.init(arguments, sqlite: true)
    }

    /// Starts a server with `arguments` — after a new SQLite store's when `sqlite` — on `port`
    /// (a free one when `nil`), and waits until `/healthz` answers.
    init(_ arguments: [String], sqlite: Bool, port: Int? = nil, directory: URL? = nil) throws {
        guard let executable = Self.executable else { throw HarnessError(message: "the liquidus executable was not built") }
        self.directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("liquidus-process-\(UUID().uuidString)")
        ownsDirectory = directory == nil
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        try Data(Self.token.utf8).write(to: self.directory.appendingPathComponent("write.token"))
        self.port = try port ?? Self.freePort()
        let store = sqlite ? ["--db", self.directory.appendingPathComponent("log.sqlite").path] : []
        let arguments = [
            executable.path, "serve", "--port", String(self.port), "--token-file", self.directory.appendingPathComponent("write.token").path,
            "--log-level", "critical",
        ] + store + arguments
        guard let spawned = Self.spawn(arguments, input: true) else { throw HarnessError(message: "cannot start liquidus") }
        pid = spawned
        let start = ContinuousClock.now
        while ContinuousClock.now - start < .seconds(30) {
            if let answer = try? request("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), answer.hasPrefix("HTTP/1.1 200") { return }
            guard isRunning else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        terminate()
        throw HarnessError(message: "the server did not start")
    }

    deinit {
        terminate()
        if ownsDirectory { try? FileManager.default.removeItem(at: directory) }
    }

    /// Sends one raw request and returns what came back before the server closed (or `timeout`
    /// passed).
    func request(_ raw: String, timeout: Duration = .seconds(5)) throws -> String {
        let connection = try RawConnection(port: port)
        connection.send(raw)
        return connection.readBlocking(timeout: timeout).text
    }

    /// A JSON request with the write token.
    func call(_ method: String, _ path: String, body: String = "") throws -> String {
        try request(
            "\(method) \(path) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(Self.token)\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
    }

    /// Whether the process has not exited (reaps it when it has).
    var isRunning: Bool {
        guard exitStatus == nil, pid > 0 else { return false }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return true }
        exitStatus = status
        return false
    }

    /// Sends SIGTERM and returns how long the process took to exit (nil: still running after `limit`).
    func terminateGracefully(within limit: Duration) -> Duration? {
        let start = ContinuousClock.now
        kill(pid, SIGTERM)
        while isRunning {
            if ContinuousClock.now - start > limit { return nil }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return ContinuousClock.now - start
    }

    func terminate() {
        guard isRunning else { return }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        exitStatus = status
    }

    /// Starts `arguments` (the executable's path first) with its output, and its input when
    /// `input`, on /dev/null; its pid.
    static func spawn(_ arguments: [String], input: Bool) -> pid_t? {
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        defer { for pointer in argv { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if input { posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        guard posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ) == 0 else { return nil }
        return pid
    }

    /// A port nothing listens on now.
    static func freePort() throws -> Int { try LoopbackPort.free() }
}
