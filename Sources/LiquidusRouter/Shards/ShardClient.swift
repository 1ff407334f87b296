public import AsyncHTTPClient
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import Synchronization

/// Sends requests to one shard's members: to the member that answered last (the leader, once a
/// standby's 307 has named it), the next member when one cannot be reached, and on to the
/// `Location` of a 307 or 308 (at most ``maxRedirects`` times), all within one timeout.
///
/// Every write the router sends carries an `Idempotency-Key` (``ForwardedRequest/keyed(_:)``),
/// so trying it again on another member never applies it twice.
public final class ShardClient: Sendable {
    /// The shard's index.
    public let index: Int
    /// The shard's members' base URLs.
    public let members: [String]
    let http: HTTPClient
    let timeout: Duration
    let maxAnswerSize: Int
    /// The member tried first.
    private let preferred = Mutex(0)

    /// The most redirects followed for one request.
    static let maxRedirects = 3

    /// Creates the client of shard `index`.
    public init(index: Int, members: [String], http: HTTPClient, timeout: Duration, maxAnswerSize: Int) {
        self.index = index
        self.members = members
        self.http = http
        self.timeout = timeout
        self.maxAnswerSize = maxAnswerSize
    }

    /// The member tried first now.
    public var currentMember: String { members[preferred.withLock { $0 }] }

    /// Sends `request` to the shard: its answer, or why no member answered in time.
    /// - Complexity: at most one attempt per member, each following at most ``maxRedirects``
    ///   redirects.
    public func send(_ request: ForwardedRequest) async -> ShardAnswer {
        let deadline = NIODeadline.now() + TimeAmount.nanoseconds(Self.nanoseconds(timeout))
        let first = preferred.withLock { $0 }
        var failures: [String] = []
        for offset in 0..<members.count {
            let member = (first + offset) % members.count
            switch await attempt(request, at: members[member], deadline: deadline) {
            case .success(let answer):
                preferred.withLock { if $0 == first { $0 = member } }
                return answer
            case .failure(let failure):
                failures.append("\(members[member]): \(failure.reason)")
                if NIODeadline.now() >= deadline { return .unreachable(reason: failures.joined(separator: "; ")) }
            }
        }
        return .unreachable(reason: failures.joined(separator: "; "))
    }

    /// Why an attempt got no answer.
    struct Failure: Error { var reason: String }

    /// One member's answer, following redirects.
    func attempt(_ request: ForwardedRequest, at member: String, deadline: NIODeadline) async -> Result<ShardAnswer, Failure> {
        var url = member + request.target
        for _ in 0...Self.maxRedirects {
            let response: HTTPClientResponse
            let body: ByteBuffer
            do {
                response = try await http.execute(Self.clientRequest(request, url: url), deadline: deadline)
                body = try await response.body.collect(upTo: maxAnswerSize)
            } catch {
                return .failure(Failure(reason: Self.describe(error)))
            }
            let status = Int(response.status.code)
            if status == 307 || status == 308, let location = response.headers.first(name: "location") {
                url = location.hasPrefix("/") ? member + location : location
                follow(location)
                continue
            }
            var headers: [String: String] = [:]
            for (name, value) in response.headers where Self.answeredHeaders.contains(name.lowercased()) { headers[name] = value }
            return .success(.answered(status: status, headers: headers, body: Array(body.readableBytesView)))
        }
        return .failure(Failure(reason: "more than \(Self.maxRedirects) redirects"))
    }

    /// Remembers the member a redirect names (the leader), if it is one of ours.
    func follow(_ location: String) {
        guard let member = members.firstIndex(where: { location.hasPrefix($0 + "/") }) else { return }
        preferred.withLock { $0 = member }
    }

    /// The headers of a shard's answer that the router passes back.
    static let answeredHeaders: Set<String> = ["content-type", "retry-after", "idempotent-replayed", "www-authenticate", "allow"]

    static func clientRequest(_ request: ForwardedRequest, url: String) -> HTTPClientRequest {
        var outgoing = HTTPClientRequest(url: url)
        outgoing.method = HTTPMethod(rawValue: request.method.rawValue)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if !request.body.isEmpty || request.method == .post || request.method == .put {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        return outgoing
    }

    /// A transport error in a few words.
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout: return "no answer within the timeout"
            case .connectTimeout: return "connection timed out"
            case .remoteConnectionClosed: return "the connection was closed"
            default: return "\(error)"
            }
        }
        if error is NIOTooManyBytesError { return "the answer is larger than the router takes" }
        return "\(error)"
    }

    /// `duration` in nanoseconds (clamped).
    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return Int64(clamping: Int128(seconds) * 1_000_000_000 + Int128(attoseconds / 1_000_000_000))
    }
}
