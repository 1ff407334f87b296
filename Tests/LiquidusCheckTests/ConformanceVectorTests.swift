import Foundation
import LiquidusCheck
import LiquidusCore
import LiquidusTestSupport
import Testing

/// Every conformance vector runs as a test: its input through `check`, each expected path
/// compared exactly or within its tolerance. A failing vector is a bug in the engine or a
/// documented venue difference, never a vector to edit.
///
/// The vectors live in `Vectors/` (a resource of this test target), so a plain clone tests them.
/// Where the project's shared notes sit beside the repository (`../shared/vectors`), their
/// vectors run too, and the two sets must agree file for file, so a vector published there
/// reaches the suite (copy it into `Vectors/`).
@Suite struct ConformanceVectorTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        let id: String
        let file: String
        let input: Data
        let expectations: [Expectation]
        var testDescription: String { "\(file): \(id)" }
    }

    struct Expectation: Sendable {
        let path: String
        let value: String?
        let boolean: Bool?
        let isNull: Bool
        let tolerance: String?
    }

    /// The vectors bundled with the tests.
    static let bundledFolder: URL? = Bundle.module.url(forResource: "Vectors", withExtension: nil)

    /// The shared notes' vectors, when they sit beside the repository.
    static let sharedFolder: URL = Fixtures.sharedFolder.appendingPathComponent("vectors")

    /// The `*.json` files of `folder` by name, with their bytes; empty when the folder is absent.
    static func vectorFiles(in folder: URL?) -> [String: Data] {
        guard let folder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [:] }
        var files: [String: Data] = [:]
        for name in names where name.hasSuffix(".json") {
            files[name] = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
        }
        return files
    }

    /// The vectors of one file, or `nil` when the file is malformed.
    static func vectors(in data: Data, file: String) -> [Vector]? {
        guard let list = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]] else { return nil }
        var vectors: [Vector] = []
        for entry in list {
            guard let id = entry["id"] as? String, let input = entry["input"], let expect = entry["expect"] as? [[String: Any]],
                  let inputData = try? JSONSerialization.data(withJSONObject: input)
            else { return nil }
            var expectations: [Expectation] = []
            for item in expect {
                guard let path = item["path"] as? String else { return nil }
                expectations.append(Expectation(
                    path: path, value: item["value"] as? String, boolean: item["value"] as? Bool,
                    isNull: item["value"] is NSNull, tolerance: item["tolerance"] as? String))
            }
            vectors.append(Vector(id: id, file: file, input: inputData, expectations: expectations))
        }
        return vectors
    }

    /// Every vector of `files`, in file order; a malformed file becomes one vector that fails.
    static func vectors(of files: [String: Data], label: String) -> [Vector] {
        files.keys.sorted().flatMap { name in
            vectors(in: files[name]!, file: label + name)
                ?? [Vector(id: "malformed", file: label + name, input: Data(), expectations: [])]
        }
    }

    static let bundledFiles = vectorFiles(in: bundledFolder)
    static let sharedFiles = vectorFiles(in: sharedFolder)

    /// The bundled vectors, then the shared ones (which repeat them while the two agree).
    static let all: [Vector] = vectors(of: bundledFiles, label: "") + vectors(of: sharedFiles, label: "shared/vectors/")

    @Test func theBundledVectorsArePresent() {
        #expect(Self.bundledFiles.count >= 2, "expected the vector files in Tests/LiquidusCheckTests/Vectors")
        #expect(Self.vectors(of: Self.bundledFiles, label: "").count >= 9)
    }

    @Test(.enabled(if: !sharedFiles.isEmpty, "../shared/vectors is not beside the repository"))
    func theBundledVectorsAreTheSharedOnes() {
        let bundled = Set(Self.bundledFiles.keys), shared = Set(Self.sharedFiles.keys)
        #expect(shared.subtracting(bundled).isEmpty, "shared vector files missing from Vectors/: \(shared.subtracting(bundled).sorted())")
        #expect(bundled.subtracting(shared).isEmpty, "Vectors/ files the shared notes do not have: \(bundled.subtracting(shared).sorted())")
        for name in bundled.intersection(shared).sorted() {
            #expect(Self.bundledFiles[name] == Self.sharedFiles[name], "Vectors/\(name) differs from ../shared/vectors/\(name)")
        }
    }

    @Test(arguments: all)
    func vector(_ vector: Vector) throws {
        try #require(!vector.expectations.isEmpty, "\(vector.file): not an array of vectors with id, input and expect")
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
