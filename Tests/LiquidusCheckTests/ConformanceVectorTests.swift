import Foundation
import LiquidusCheck
import LiquidusCore
import LiquidusTestSupport
import Testing

/// Every vector in `../shared/vectors/*.json` runs as a test: its input through `check`, each
/// expected path compared exactly or within its tolerance. A failing vector is a bug in the
/// engine or a documented venue difference, never a vector to edit.
@Suite struct ConformanceVectorTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        let id: String
        let file: String
        let input: Data
        let expectations: [(path: String, value: String?, boolean: Bool?, isNull: Bool, tolerance: String?)]
        var testDescription: String { "\(file): \(id)" }
    }

    static let vectors: [Vector] = {
        let folder = Fixtures.sharedFolder.appendingPathComponent("vectors")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var vectors: [Vector] = []
        for file in files.sorted() where file.hasSuffix(".json") {
            let data = FileManager.default.contents(atPath: folder.appendingPathComponent(file).path)!
            let list = try! JSONSerialization.jsonObject(with: data) as! [[String: Any]]
            for entry in list {
                let expectations = (entry["expect"] as! [[String: Any]]).map { item in
                    (path: item["path"] as! String, value: item["value"] as? String,
                     boolean: item["value"] as? Bool, isNull: item["value"] is NSNull,
                     tolerance: item["tolerance"] as? String)
                }
                vectors.append(Vector(
                    id: entry["id"] as! String, file: file,
                    input: try! JSONSerialization.data(withJSONObject: entry["input"]!),
                    expectations: expectations))
            }
        }
        return vectors
    }()

    @Test func theSharedVectorsArePresent() {
        #expect(Self.vectors.count >= 9, "expected the vectors of ../shared/vectors")
    }

    @Test(arguments: vectors)
    func vector(_ vector: Vector) throws {
        let harness = try CheckHarness(String(decoding: vector.input, as: UTF8.self))
        for expectation in vector.expectations {
            let actual = harness.value(at: expectation.path)
            if expectation.isNull {
                #expect(actual is NSNull, "\(expectation.path): expected null, got \(String(describing: actual))")
            } else if let boolean = expectation.boolean, expectation.value == nil {
                #expect(actual as? Bool == boolean, "\(expectation.path)")
            } else if let text = expectation.value {
                let expected = try #require(Rate(text))
                let tolerance = expectation.tolerance.flatMap { Rate($0) } ?? .zero
                let got = try #require(harness.decimal(at: expectation.path), "\(expectation.path) missing")
                #expect((got - expected).magnitude <= tolerance, "\(expectation.path): \(got) vs \(expected) ± \(tolerance)")
            }
        }
    }
}
