import Foundation
import LiquidusCore
import LiquidusSimulation
import Testing

/// The simulator's population and path as the service's requests.
@Suite struct ServiceReplayTests {
    static let scenario = CrashScenario.october2025(seed: 5).window(from: 360 * 60, seconds: 120)

    /// One marks request a second (the start marks first), every account once, before the marks
    /// of the second it opens at and after those of the second before; each body's collateral
    /// is the member's deposit; only the markets the preset lists (Bybit: BTCUSDT).
    @Test func requestsFollowThePathAndCarryEveryDeposit() throws {
        let replay = ServiceReplay(accounts: 80, seed: 5, on: .bybit, scenario: Self.scenario)
        let population = Population.generated(
            count: 80, markets: [VenuePreset.bybit.markets[0]], scenario: Self.scenario.window(from: 0, seconds: 120).withAssets(["BTC"]), seed: 5)
        let marks = replay.requests.filter { $0.account == nil }
        #expect(marks.map(\.second) == Array(0..<120) && replay.requests.first?.account == nil)
        #expect(Set(population.members.map(\.openAt)).count > 10, "accounts open along the path")
        var marksSeen = 0
        var members = Dictionary(uniqueKeysWithValues: population.members.map { ($0.id, $0) })
        for request in replay.requests {
            let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
            #expect(body["time"] as? String == String(request.second * 1_000))
            guard let id = request.account else {
                #expect(request.method == "POST" && request.path == "/v1/marks" && (body["markPrices"] as? [String: String])?.keys.sorted() == ["BTCUSDT"])
                marksSeen += 1
                continue
            }
            let removed = members.removeValue(forKey: id)
            let member = try #require(removed, "\(id) once")
            #expect(request.method == "PUT" && request.path == "/v1/accounts/\(id)" && Int64(request.second) == member.openAt && marksSeen == request.second + (request.second == 0 ? 1 : 0))
            let positions = try #require(body["positions"] as? [[String: String]])
            var collateral = try #require(Money(body["walletBalance"] as? String ?? ""))
            for position in positions { collateral += Money(position["isolatedMargin"] ?? "0") ?? Money(units: -1) }
            #expect(collateral == member.deposit && positions.count == member.holdings.count, "\(id)")
        }
        #expect(members.isEmpty)
        let lines = replay.jsonLines.split(separator: "\n")
        #expect(lines.count == replay.requests.count)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(first["method"] as? String == "PUT" && first["account"] as? String == replay.requests[1].account && first["body"] is [String: Any])
    }
}

extension ScenarioPath {
    /// The scenario with only the assets named.
    func withAssets(_ names: [String]) -> ScenarioPath {
        var copy = self
        copy.assets = assets.filter { names.contains($0.name) }
        return copy
    }
}
