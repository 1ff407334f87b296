import HTTPTypes
public import Hummingbird
import LiquidusCheck
import LiquidusCore
import LiquidusEngine
public import LiquidusStore
import NIOCore

/// The body of `GET /v1/events`.
struct EventsPage: Encodable {
    var events: [EngineEvent]
    var lastSequence: UInt64
}
