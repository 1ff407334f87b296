import Foundation
public import LiquidusBook
public import LiquidusCheck
public import LiquidusCore
public import LiquidusEngine

/// How a store's engine starts: a venue preset (its markets and policy), an optional policy
/// override, the insurance fund and the executor's settings. Replaying a log needs the same
/// genesis, so it is stored with the log (as a `check` document without accounts, plus an
/// `executor` object) and read back through ``CheckInput``.
///
/// The executor's settings change the events (how a close is split into child orders against
/// a book), so they are part of it: a store written without them (before they were recorded)
/// reads as the defaults, and a server started with settings other than the stored ones is
/// refused (``EngineRecovery``). So is the engine's ``LiquidusCore/TimeUnit``: a new store
/// records `"timeUnit": "milliseconds"`; a store written before engine time was in milliseconds
/// records none, reads as seconds, and keeps running in seconds (its log replays as written).
public struct EngineGenesis: Sendable, Hashable {
    /// The venue preset's name (`liquidus presets` lists them).
    public var venue: String
    /// The insurance fund at the start.
    public var insuranceFund: Money
    /// A policy override, as the `check` contract's `policy` object; `nil` for the preset's.
    public var policy: JSONValue?
    /// How closes against a book are executed.
    public var executor: ExecutorSettings
    /// The unit of the log's times: milliseconds for a new store.
    public var timeUnit: TimeUnit

    /// The executor's settings as the genesis records them.
    public struct ExecutorSettings: Sendable, Hashable, CustomStringConvertible {
        /// The slippage budget of a child order, in basis points of the touch: 0 to 9,999.
        public var slippageBudgetBasisPoints: Int64
        /// Engine seconds between child orders: 0 to 86,400.
        public var childIntervalSeconds: Int64
        /// The most child orders of one close: 1 to 1,000.
        public var maxChildren: Int

        /// Creates settings; the defaults are ``LiquidusBook/LiquidationExecutor``'s.
        public init(slippageBudgetBasisPoints: Int64 = 50, childIntervalSeconds: Int64 = 1, maxChildren: Int = 10) {
            self.slippageBudgetBasisPoints = slippageBudgetBasisPoints
            self.childIntervalSeconds = childIntervalSeconds
            self.maxChildren = maxChildren
        }

        /// Checks the ranges (each error names the genesis field).
        public func validated() throws(ValidationError) -> ExecutorSettings {
            guard (0...9_999).contains(slippageBudgetBasisPoints) else {
                throw ValidationError(.outOfRange, at: "executor.slippageBudgetBasisPoints", "must be 0 to 9999")
            }
            guard (0...86_400).contains(childIntervalSeconds) else {
                throw ValidationError(.outOfRange, at: "executor.childIntervalSeconds", "must be 0 to 86400")
            }
            guard (1...1_000).contains(maxChildren) else { throw ValidationError(.outOfRange, at: "executor.maxChildren", "must be 1 to 1000") }
            return self
        }

        /// The executor.
        public var executor: LiquidationExecutor {
            LiquidationExecutor(slippageBudgetBasisPoints: slippageBudgetBasisPoints, childInterval: childIntervalSeconds, maxChildren: maxChildren)
        }

        /// `slippage budget 50 bp, child interval 1 s, at most 10 children`.
        public var description: String {
            "slippage budget \(slippageBudgetBasisPoints) bp, child interval \(childIntervalSeconds) s, at most \(maxChildren) children"
        }

        var document: JSONValue {
            .object([
                "slippageBudgetBasisPoints": .string(String(slippageBudgetBasisPoints)),
                "childIntervalSeconds": .string(String(childIntervalSeconds)), "maxChildren": .string(String(maxChildren)),
            ])
        }

        static func read(_ value: JSONValue, _ path: String) throws(ValidationError) -> ExecutorSettings {
            let object = try JSONObjectReader(value, at: path, known: ["slippageBudgetBasisPoints", "childIntervalSeconds", "maxChildren"])
            func integer(_ key: String) throws(ValidationError) -> Int64? {
                try object.optional(key) { value, path throws(ValidationError) -> Int64 in
                    let text = try JSONRead.string(value, path)
                    guard text.count <= 18, let number = Int64(text) else { throw ValidationError(.invalidNumber, at: path, "must be a whole number") }
                    return number
                }
            }
            let defaults = ExecutorSettings()
            return try ExecutorSettings(
                slippageBudgetBasisPoints: integer("slippageBudgetBasisPoints") ?? defaults.slippageBudgetBasisPoints,
                childIntervalSeconds: integer("childIntervalSeconds") ?? defaults.childIntervalSeconds,
                maxChildren: Int(integer("maxChildren") ?? Int64(defaults.maxChildren))
            ).validated()
        }
    }

    /// Creates a genesis.
    public init(
        venue: String = "liquidus", insuranceFund: Money = .zero, policy: JSONValue? = nil, executor: ExecutorSettings = ExecutorSettings(),
        timeUnit: TimeUnit = .milliseconds
    ) {
        self.timeUnit = timeUnit
        self.venue = venue
        self.insuranceFund = insuranceFund
        self.policy = policy
        self.executor = executor
    }

    /// The genesis as a `check` document: `{"venue", "insuranceFund", "policy"?}` plus empty
    /// `accounts` and `markPrices`.
    public var document: JSONValue {
        var fields: [String: JSONValue] = [
            "venue": .string(venue), "insuranceFund": .string(insuranceFund.description), "accounts": .array([]), "markPrices": .object([:]),
        ]
        if let policy { fields["policy"] = policy }
        return .object(fields)
    }

    /// The stored text: the document, `executor` and (milliseconds) `timeUnit`, with sorted keys.
    public var text: String {
        guard case .object(var fields) = document else { return JSONWriter.compact.string(document) }
        fields["executor"] = executor.document
        if timeUnit == .milliseconds { fields["timeUnit"] = .string(timeUnit.rawValue) }
        return JSONWriter.compact.string(.object(fields))
    }

    /// Reads a stored or given genesis document (without `executor`: the defaults; without
    /// `timeUnit`: seconds, the unit of the stores written before it was recorded).
    public init(text: String) throws(ValidationError) {
        guard case .object(var fields) = try JSONValue.parse(Data(text.utf8)) else {
            throw ValidationError(.wrongType, at: "", "a genesis must be an object")
        }
        let unit = try fields.removeValue(forKey: "timeUnit").map { value throws(ValidationError) -> TimeUnit in
            guard try JSONRead.string(value, "timeUnit") == TimeUnit.milliseconds.rawValue else {
                throw ValidationError(.outOfRange, at: "timeUnit", "must be \"milliseconds\" (absent: seconds)")
            }
            return .milliseconds
        }
        self.timeUnit = unit ?? .seconds
        let executor = try fields.removeValue(forKey: "executor").map { value throws(ValidationError) in try ExecutorSettings.read(value, "executor") }
        let input = try CheckInput(document: .object(fields))
        guard let venue = input.venue?.name else { throw ValidationError(.missingField, at: "venue", "is required in a genesis") }
        self.venue = venue
        self.insuranceFund = input.insuranceFund ?? .zero
        self.policy = fields["policy"]
        self.executor = executor ?? ExecutorSettings()
    }

    /// Validates the genesis and makes its engine: the preset's markets, the policy, the fund,
    /// the executor.
    public func makeEngine() throws(ValidationError) -> LiquidationEngine {
        let input = try CheckInput(document: document)
        return LiquidationEngine(
            policy: input.policy.makePolicy(), insuranceFund: input.insuranceFund ?? .zero, markets: input.markets.symbols.map { input.markets[$0]! },
            executor: try executor.validated().executor, timeUnit: timeUnit)
    }
}
