import Foundation
import LiquidusEngine

/// The JSON text of inputs and events as the stores keep them: sorted keys, so the same value
/// is always the same text.
enum RecordCoding {
    static func encode(_ value: some Encodable) throws(StoreError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do { return String(decoding: try encoder.encode(value), as: UTF8.self) } catch {
            throw StoreError(.writeFailed, "cannot encode \(type(of: value)): \(error)")
        }
    }

    /// A snapshot's document: the same text as ``encode(_:)``, its accounts written without the
    /// encoder (``LiquidusEngine/LiquidationEngine/Snapshot/json(encodingTheRestWith:)``).
    static func encode(_ snapshot: LiquidationEngine.Snapshot) throws(StoreError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do { return String(decoding: try snapshot.json { try Array(encoder.encode($0)) }, as: UTF8.self) } catch {
            throw StoreError(.writeFailed, "cannot encode the snapshot: \(error)")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, row: String) throws(StoreError) -> T {
        do { return try JSONDecoder().decode(type, from: Data(text.utf8)) } catch {
            throw StoreError(.corrupt, "\(row) does not decode as \(type): \(error)")
        }
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    static func parseHex(_ text: String, row: String) throws(StoreError) -> UInt64 {
        guard let value = UInt64(text, radix: 16) else { throw StoreError(.corrupt, "\(row): state hash \"\(text)\" is not hexadecimal") }
        return value
    }

    /// A snapshot row (command sequence, event sequence, hex state hash, document) as a marker.
    static func marker(_ command: Int64, _ event: Int64, _ hash: String, _ state: String? = nil) throws(StoreError) -> SnapshotMarker {
        SnapshotMarker(commandSequence: command, eventSequence: UInt64(event), stateHash: try parseHex(hash, row: "snapshot \(command)"), state: state)
    }
}

extension CommitBatch {
    /// The batch's rows as both stores write them: commands as `(sequence, input JSON)` and events
    /// as `(sequence, type, event JSON)`, encoded before the store's write lock or transaction.
    func encodedRows() throws(StoreError) -> (commands: [(Int64, String)], events: [(Int64, String, String)]) {
        var commands: [(Int64, String)] = []
        commands.reserveCapacity(self.commands.count)
        for command in self.commands { commands.append((command.sequence, try RecordCoding.encode(command.input))) }
        var events: [(Int64, String, String)] = []
        events.reserveCapacity(self.events.count)
        for event in self.events { events.append((Int64(bitPattern: event.sequence), event.payload.type, try RecordCoding.encode(event))) }
        return (commands, events)
    }
}
