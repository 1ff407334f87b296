import Foundation
import LiquidusTestSupport
import Testing

/// The `check` contract is a document of this repository (`docs/check-format.md`), kept in step
/// with the shared notes' copy when they sit beside it.
@Suite struct ContractDocumentTests {
    static let local = Fixtures.packageRoot.appendingPathComponent("docs/check-format.md")
    static let shared = Fixtures.sharedFolder.appendingPathComponent("docs/check-format.md")
    static var sharedIsPresent: Bool { FileManager.default.fileExists(atPath: shared.path) }

    @Test func theContractIsInTheRepository() throws {
        let text = try String(contentsOf: Self.local, encoding: .utf8)
        #expect(text.hasPrefix("# `liquidus check`"))
    }

    @Test(.enabled(if: sharedIsPresent, "../shared/docs/check-format.md is not beside the repository"))
    func theContractIsTheSharedOne() throws {
        let local = try Data(contentsOf: Self.local), shared = try Data(contentsOf: Self.shared)
        #expect(local == shared, "docs/check-format.md differs from ../shared/docs/check-format.md: copy the shared one")
    }
}
