#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LiquidusEngine
import LiquidusServer
import LiquidusStore

/// Several `liquidus serve` processes forming one cluster on a PostgreSQL schema of their own, on
/// fixed loopback ports (so that a member can be started again where it was).
final class ClusterProcesses {
    let url: String
    let schema: String
    let lease: Double
    let ports: [Int]
    let directory: URL
    private(set) var members: [ServerProcess?]

    /// Starts `count` members with a lease of `lease` seconds.
    init(url: String, count: Int, lease: Double) throws {
        self.url = url
        self.lease = lease
        schema = "cluster_\(UInt32.random(in: 0...UInt32.max))"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("liquidus-cluster-\(UUID().uuidString)")
        var ports: [Int] = []
        while ports.count < count {
            let port = try ServerProcess.freePort()
            if !ports.contains(port) { ports.append(port) }
        }
        self.ports = ports
        members = Array(repeating: nil, count: count)
        for index in 0..<count { try start(index) }
    }

    deinit {
        stopAll()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Kills every member.
    func stopAll() {
        for index in members.indices {
            if let member = members[index] { kill(member.pid, SIGCONT) }
            members[index]?.terminate()
            members[index] = nil
        }
    }

    /// The client that writes to these members.
    var client: ClusterClient { ClusterClient(ports: ports) }

    /// Starts member `index` (again) on its port.
    func start(_ index: Int) throws {
        let arguments = [
            "--postgres", url, "--postgres-schema", schema, "--cluster", "test", "--advertise", "http://127.0.0.1:\(ports[index])",
            "--lease-seconds", String(lease), "--store-timeout", "5",
        ]
        members[index] = try ServerProcess(arguments, sqlite: false, port: ports[index], directory: directory)
    }

    /// Sends `signal` to member `index`; SIGKILL also reaps it.
    func signal(_ index: Int, _ signal: Int32) {
        guard let member = members[index] else { return }
        if signal == SIGKILL {
            member.terminate()
            members[index] = nil
        } else {
            kill(member.pid, signal)
        }
    }

    /// `GET /v1/cluster` of member `index`, or `nil` when it does not answer within `timeout`.
    func status(_ index: Int, timeout: Duration = .milliseconds(500)) -> [String: Any]? {
        guard let response = client.send("GET", "/v1/cluster", to: ports[index], timeout: timeout), response.status == 200 else { return nil }
        return response.json
    }

    /// `GET /v1/state` of member `index`.
    func state(_ index: Int) -> [String: Any]? {
        client.send("GET", "/v1/state", to: ports[index], timeout: .seconds(5))?.json
    }

    /// The member that leads (the highest epoch among those saying so), once one does.
    func waitForLeader(excluding excluded: Set<Int> = [], within limit: Duration = .seconds(20)) throws -> Int {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < limit {
            let leaders = ports.indices.filter { !excluded.contains($0) && members[$0] != nil }.compactMap { index -> (Int, Int)? in
                guard let status = status(index), status["role"] as? String == "leader", let epoch = status["epoch"] as? Int else { return nil }
                return (index, epoch)
            }
            if let leader = leaders.max(by: { $0.1 < $1.1 }) { return leader.0 }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw HarnessError(message: "no member leads after \(limit)")
    }

    /// Waits until every member in `indices` has applied the log's last command; that command.
    func waitUntilApplied(_ indices: [Int], within limit: Duration = .seconds(20)) async throws -> Int64 {
        let store = try await openStore()
        defer { Task { try? await store.close() } }
        let start = ContinuousClock.now
        while true {
            let head = try await store.head().commandSequence
            let applied = indices.map { status($0)?["appliedSequence"] as? Int }
            if applied.allSatisfy({ $0 == Int(head) }) { return head }
            guard ContinuousClock.now - start < limit else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessError(message: "members \(indices) did not apply the whole log within \(limit)")
    }

    /// A connection to the members' schema.
    func openStore() async throws -> PostgresStore {
        try await PostgresStore.connect(url: url, schema: schema, timeout: .seconds(60), operationTimeout: .seconds(60))
    }

    /// The state hash of a clean replay of the whole log, from the genesis.
    func replayedHash() async throws -> String {
        let store = try await openStore()
        let recovered = try await EngineRecovery.recover(store: store, genesis: nil, mode: .fullReplay)
        try await store.close()
        let digits = String(recovered.engine.stateHash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Drops the schema.
    func dropSchema() async {
        guard let store = try? await openStore() else { return }
        try? await store.dropSchema()
        try? await store.close()
    }
}

/// A write client for a cluster, as the failover script is one: it sends to the member it
/// believes leads, follows a 307 to the leader, and moves on to the next member when one refuses
/// the connection, stays silent, or answers 503. Blocking: run it on a thread of its own.
struct ClusterClient: Sendable {
    let ports: [Int]

    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: String
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] }
    }

    /// One request to the member at `port` (`nil`: refused, or no complete answer within `timeout`).
    func send(_ method: String, _ path: String, body: String = "", to port: Int, timeout: Duration) -> Answer? {
        guard let connection = try? RawConnection(port: port) else { return nil }
        connection.send(
            "\(method) \(path) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(ServerProcess.token)\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        let (text, closed, _) = connection.readBlocking(timeout: timeout)
        guard closed, let answer = Self.parse(text) else { return nil }
        return answer
    }

    static func parse(_ text: String) -> Answer? {
        guard let split = text.range(of: "\r\n\r\n") else { return nil }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        guard let first = lines.first, first.hasPrefix("HTTP/1.1 "), let status = Int(first.dropFirst(9).prefix(3)) else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Answer(status: status, headers: headers, body: String(text[split.upperBound...]))
    }

    /// Sends a mutation until a member accepts it (or `limit` passes), starting with
    /// `preferred` and giving each member `patience` to answer (a stopped leader never does);
    /// the member that accepted it and its answer.
    func write(
        _ path: String, body: String, preferred: Int, patience: Duration = .seconds(1), within limit: Duration = .seconds(60)
    ) -> (member: Int, answer: Answer)? {
        let start = ContinuousClock.now
        var member = preferred
        while ContinuousClock.now - start < limit {
            let answer = send("POST", path, body: body, to: ports[member], timeout: patience)
            if let answer, answer.status == 200 { return (member, answer) }
            if let answer, answer.status == 307, let location = answer.headers["location"], let url = URLComponents(string: location),
                let port = url.port, let index = ports.firstIndex(of: port)
            {
                member = index
                continue
            }
            if let answer, answer.status != 503 { return (member, answer) }  // refused for another reason: the caller decides
            member = (member + 1) % ports.count
            Thread.sleep(forTimeInterval: 0.02)
        }
        return nil
    }
}
