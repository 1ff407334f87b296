import Foundation
import LiquidusTestSupport
import Testing

/// The `check` contract is a document of this repository (`docs/check-format.md`): the shared
/// notes' copy, when they sit beside it, followed by this repository's additive extensions.
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
        let local = try String(contentsOf: Self.local, encoding: .utf8), shared = try String(contentsOf: Self.shared, encoding: .utf8)
        #expect(local.hasPrefix(shared), "docs/check-format.md does not begin with ../shared/docs/check-format.md: copy the shared one")
        let extensions = local.dropFirst(shared.count)
        #expect(extensions.isEmpty || extensions.hasPrefix("\n## Extensions\n"), "what follows the shared contract is its extensions section")
    }
}
