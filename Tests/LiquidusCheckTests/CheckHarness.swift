import Foundation
import LiquidusCheck
import LiquidusCore

/// Runs `check` on a JSON text and reads fields of its output by the vectors' path syntax
/// (`accounts[0].positions[1].liquidationPrice`).
struct CheckHarness {
    let output: Any

    init(_ json: String) throws {
        let data = try LiquidusCheck.Check.run(json: Data(json.utf8))
        output = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }

    init(document: Any) throws {
        try self.init(String(decoding: JSONSerialization.data(withJSONObject: document), as: UTF8.self))
    }

    /// The value at `path`, or `nil` if the path leads nowhere; JSON null comes back as `NSNull`.
    func value(at path: String) -> Any? {
        var current: Any? = output
        for part in path.split(separator: ".") {
            var name = Substring(part)
            var indexes: [Int] = []
            while let open = name.lastIndex(of: "["), name.hasSuffix("]") {
                indexes.insert(Int(name[name.index(after: open)..<name.index(before: name.endIndex)])!, at: 0)
                name = name[..<open]
            }
            current = (current as? [String: Any])?[String(name)]
            for index in indexes {
                guard let array = current as? [Any], array.indices.contains(index) else { return nil }
                current = array[index]
            }
        }
        return current
    }

    /// The decimal at `path`, parsed exactly (as a `Rate`: eight decimals, no unit).
    func decimal(at path: String) -> Rate? {
        (value(at: path) as? String).flatMap { Rate($0) }
    }
}

/// The first validation error `check` reports for a JSON text, or `nil` if it is accepted.
func checkError(_ json: String) -> ValidationError? {
    do {
        _ = try LiquidusCheck.Check.run(json: Data(json.utf8))
        return nil
    } catch {
        return error
    }
}
