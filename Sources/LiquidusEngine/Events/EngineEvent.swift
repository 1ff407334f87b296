/// One event of the engine's append-only log: a sequence number, the input's time, and one of
/// the event structs.
///
/// JSON: `{"sequence": 7, "time": 1700000000, "type": "partialLiquidation", "event": {…}}` with
/// every money, price, size and rate a decimal string. Encoding is stable: the same event always
/// gives the same JSON (with sorted keys).
public struct EngineEvent: Codable, Hashable, Sendable {
    /// 1, 2, 3, … over the engine's life.
    public var sequence: UInt64
    /// The time of the input that caused it, in seconds.
    public var time: Int64
    /// The event.
    public var payload: Payload

    /// Creates an event.
    public init(sequence: UInt64, time: Int64, payload: Payload) {
        self.sequence = sequence
        self.time = time
        self.payload = payload
    }

    /// The event structs, one per step of the cascade.
    public enum Payload: Hashable, Sendable {
        /// See ``LiquidationTriggered``.
        case liquidationTriggered(LiquidationTriggered)
        /// See ``OrdersCancelled``.
        case ordersCancelled(OrdersCancelled)
        /// See ``PartialLiquidation``.
        case partialLiquidation(PartialLiquidation)
        /// See ``PositionTakenOver``.
        case positionTakenOver(PositionTakenOver)
        /// See ``InsuranceFundPaid``.
        case insuranceFundPaid(InsuranceFundPaid)
        /// See ``AutoDeleveraged``.
        case autoDeleveraged(AutoDeleveraged)
        /// See ``DeleveragingForwarded``.
        case deleveragingForwarded(DeleveragingForwarded)
        /// See ``LiquidationResolved``.
        case liquidationResolved(LiquidationResolved)
        /// An account the engine could not evaluate, held out of the cascade.
        case accountHeld(AccountHeld)
        /// A held account evaluated again, back in the cascade.
        case accountReleased(AccountReleased)
        /// A market's liquidations held by its price guard.
        case liquidationsHeld(LiquidationsHeld)
        /// A market's liquidations resumed.
        case liquidationsResumed(LiquidationsResumed)
        /// One position's funding payment.
        case fundingPaid(FundingPaid)
        /// A market's funding settlement.
        case fundingSettled(FundingSettled)
        /// The fund was set to a shared fund's balance.
        case insuranceFundSynchronized(InsuranceFundSynchronized)

        /// The `type` field: the case name.
        public var type: String {
            switch self {
            case .liquidationTriggered: "liquidationTriggered"
            case .ordersCancelled: "ordersCancelled"
            case .partialLiquidation: "partialLiquidation"
            case .positionTakenOver: "positionTakenOver"
            case .insuranceFundPaid: "insuranceFundPaid"
            case .autoDeleveraged: "autoDeleveraged"
            case .deleveragingForwarded: "deleveragingForwarded"
            case .liquidationResolved: "liquidationResolved"
            case .accountHeld: "accountHeld"
            case .accountReleased: "accountReleased"
            case .liquidationsHeld: "liquidationsHeld"
            case .liquidationsResumed: "liquidationsResumed"
            case .fundingPaid: "fundingPaid"
            case .fundingSettled: "fundingSettled"
            case .insuranceFundSynchronized: "insuranceFundSynchronized"
            }
        }
    }

    enum CodingKeys: String, CodingKey { case sequence, time, type, event }

    /// Decodes the form described above.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sequence = try container.decode(UInt64.self, forKey: .sequence)
        time = try container.decode(Int64.self, forKey: .time)
        switch try container.decode(String.self, forKey: .type) {
        case "liquidationTriggered": payload = .liquidationTriggered(try container.decode(LiquidationTriggered.self, forKey: .event))
        case "ordersCancelled": payload = .ordersCancelled(try container.decode(OrdersCancelled.self, forKey: .event))
        case "partialLiquidation": payload = .partialLiquidation(try container.decode(PartialLiquidation.self, forKey: .event))
        case "positionTakenOver": payload = .positionTakenOver(try container.decode(PositionTakenOver.self, forKey: .event))
        case "insuranceFundPaid": payload = .insuranceFundPaid(try container.decode(InsuranceFundPaid.self, forKey: .event))
        case "autoDeleveraged": payload = .autoDeleveraged(try container.decode(AutoDeleveraged.self, forKey: .event))
        case "deleveragingForwarded": payload = .deleveragingForwarded(try container.decode(DeleveragingForwarded.self, forKey: .event))
        case "liquidationResolved": payload = .liquidationResolved(try container.decode(LiquidationResolved.self, forKey: .event))
        case "accountHeld": payload = .accountHeld(try container.decode(AccountHeld.self, forKey: .event))
        case "accountReleased": payload = .accountReleased(try container.decode(AccountReleased.self, forKey: .event))
        case "liquidationsHeld": payload = .liquidationsHeld(try container.decode(LiquidationsHeld.self, forKey: .event))
        case "liquidationsResumed": payload = .liquidationsResumed(try container.decode(LiquidationsResumed.self, forKey: .event))
        case "fundingPaid": payload = .fundingPaid(try container.decode(FundingPaid.self, forKey: .event))
        case "fundingSettled": payload = .fundingSettled(try container.decode(FundingSettled.self, forKey: .event))
        case "insuranceFundSynchronized": payload = .insuranceFundSynchronized(try container.decode(InsuranceFundSynchronized.self, forKey: .event))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown event type \"\(other)\"")
        }
    }

    /// Encodes the form described above.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sequence, forKey: .sequence)
        try container.encode(time, forKey: .time)
        try container.encode(payload.type, forKey: .type)
        switch payload {
        case .liquidationTriggered(let event): try container.encode(event, forKey: .event)
        case .ordersCancelled(let event): try container.encode(event, forKey: .event)
        case .partialLiquidation(let event): try container.encode(event, forKey: .event)
        case .positionTakenOver(let event): try container.encode(event, forKey: .event)
        case .insuranceFundPaid(let event): try container.encode(event, forKey: .event)
        case .autoDeleveraged(let event): try container.encode(event, forKey: .event)
        case .deleveragingForwarded(let event): try container.encode(event, forKey: .event)
        case .liquidationResolved(let event): try container.encode(event, forKey: .event)
        case .accountHeld(let event): try container.encode(event, forKey: .event)
        case .accountReleased(let event): try container.encode(event, forKey: .event)
        case .liquidationsHeld(let event): try container.encode(event, forKey: .event)
        case .liquidationsResumed(let event): try container.encode(event, forKey: .event)
        case .fundingPaid(let event): try container.encode(event, forKey: .event)
        case .fundingSettled(let event): try container.encode(event, forKey: .event)
        case .insuranceFundSynchronized(let event): try container.encode(event, forKey: .event)
        }
    }
}
