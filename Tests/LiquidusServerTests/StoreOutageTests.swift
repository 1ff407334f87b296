#if canImport(Glibc)
import Glibc
#endif
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiquidusServer
import LiquidusStore
import Testing

/// A PostgreSQL outage against a real server: writes get 503 within the store timeout while it is
/// down, and succeed again as soon as it is back. The test runs a cluster of its own (through
/// `.ci/postgres.sh`, on another port and directory) so that stopping it disturbs no other test;
/// it runs where `LIQUIDUS_TEST_POSTGRES_URL` says PostgreSQL is available.
@Suite(.serialized) struct StoreOutageTests {
    static let available = ProcessInfo.processInfo.environment["LIQUIDUS_TEST_POSTGRES_URL"] != nil
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `.ci/postgres.sh action` for the outage cluster; its standard output. (posix_spawn
    /// and waitpid: Foundation's `Process` can miss the exit of a child that leaves a daemon.)
    @discardableResult
    static func cluster(_ action: String) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("liquidus-outage-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: output) }
        let script = root.appendingPathComponent(".ci/postgres.sh").path
        let command = "LIQUIDUS_PG_DIR=/tmp/liquidus-pg-outage LIQUIDUS_PG_PORT=55433 bash '\(script)' \(action) > '\(output.path)' 2>/dev/null < /dev/null"
        var pid: pid_t = 0
        let arguments = ["/bin/bash", "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        guard posix_spawn(&pid, "/bin/bash", nil, nil, &argv, environ) == 0 else { throw HarnessError(message: "cannot run postgres.sh") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        guard status == 0 else { throw HarnessError(message: "postgres.sh \(action) failed (\(status))") }
        return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }

    @Test(.enabled(if: available, "needs PostgreSQL (eval \"$(bash .ci/postgres.sh)\")"))
    func writesAnswer503WhileTheStoreIsDownAndResumeWhenItIsBack() async throws {
        let export = try Self.cluster("start")
        guard let url = export.split(separator: "=", maxSplits: 1).last.map({ String($0).trimmingCharacters(in: .whitespacesAndNewlines) }) else {
            throw HarnessError(message: "no URL from postgres.sh")
        }
        // A first connection with a generous timeout: the cluster may have just started, and the
        // rest of the suite loads the host; the figures below are about the outage, not this.
        let warm = try await PostgresStore.connect(url: url, schema: "outage_warm", timeout: .seconds(120), operationTimeout: .seconds(60))
        try await warm.close()
        var configuration = Harness.configuration(.postgres(url: url, schema: "outage_\(UInt32.random(in: 0...UInt32.max))"))
        configuration.storeTimeout = .seconds(1)
        let app = try await buildApplication(configuration: configuration)
        try await app.test(.live) { client in
            var time = 1
            func tick() async throws -> (HTTPResponse.Status, Duration) {
                time += 1
                let start = ContinuousClock.now
                let response = try await client.call(.post, "/v1/marks", body: #"{"markPrices": {"BTCUSDT": "30000"}, "time": "\#(time)"}"#)
                return (response.status, ContinuousClock.now - start)
            }
            #expect(try await tick().0 == .ok)
            try Self.cluster("stop")
            let (down, took) = try await tick()
            #expect(down == .serviceUnavailable)
            #expect(took < .seconds(5), "503 after \(took) (the store timeout is 1 s)")
            #expect(try await tick().0 == .serviceUnavailable)
            try Self.cluster("start")
            let back = ContinuousClock.now
            var resumed: Duration?
            while ContinuousClock.now - back < .seconds(60) {
                if try await tick().0 == .ok {
                    resumed = ContinuousClock.now - back
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            // PostgresNIO's own backoff alone kept writes failing 10–20 s; a renewed pool tries at once.
            #expect(resumed != nil && resumed! < .seconds(8), "writes resumed after \(String(describing: resumed))")
            print("store outage: 503 after \(took); writes resumed \(String(describing: resumed)) after the server was back")
            #expect(try await client.state()["commandSequence"] as? Int == 2, "the refused ticks left nothing behind")
        }
    }
}
