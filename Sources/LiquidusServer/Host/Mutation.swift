public import LiquidusCore
public import LiquidusEngine

/// One mutating request as the engine's single writer sees it: how to turn the current state
/// into engine inputs (validation that needs the state happens there, inside the serial
/// section), and the idempotency key it carries.
public struct Mutation: Sendable {
    /// One engine input and the request paths its errors are reported at.
    public struct Planned: Sendable {
        /// The input.
        public var input: EngineInput
        /// The request path of the input's data (`markPrices.BTCUSDT`, `positions[0]`).
        public var path: String
        /// The request path of its time (`time`, `ticks[3].time`).
        public var timePath: String
        /// Whether the engine's error paths for this input name fields of the request body below
        /// `path` (a `setAccount` input's `positions[0].size` is the body's), so they are kept
        /// under `path`; otherwise an engine error is reported at `path` itself.
        public var keepsInputPaths: Bool

        /// Creates a planned input.
        public init(_ input: EngineInput, path: String, timePath: String = "time", keepsInputPaths: Bool = false) {
            self.input = input
            self.path = path
            self.timePath = timePath
            self.keepsInputPaths = keepsInputPaths
        }

        /// The engine's error about this input, placed where the client must look in the request.
        public func requestError(for error: ValidationError) -> ValidationError {
            if error.path == "time" { return ValidationError(error.code, at: timePath, error.message) }
            return keepsInputPaths ? error.prefixed(by: path) : ValidationError(error.code, at: path, error.message)
        }
    }

    /// The client's `Idempotency-Key`, if any.
    public var idempotencyKey: String?
    /// A digest of method, path and body, to tell a retry from another request reusing a key.
    public var digest: String
    /// Builds the inputs from the engine's state and the current time (seconds); throws the
    /// request's first problem, with its path.
    public var plan: @Sendable (LiquidationEngine, Int64) throws(APIError) -> [Planned]

    /// Creates a mutation.
    public init(
        idempotencyKey: String?, digest: String, plan: @escaping @Sendable (LiquidationEngine, Int64) throws(APIError) -> [Planned]
    ) {
        self.idempotencyKey = idempotencyKey
        self.digest = digest
        self.plan = plan
    }
}
