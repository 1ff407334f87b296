
/// What the workloads share.
enum Workload {
    /// The value `make` builds from the workload's own fixed or seeded data, which is valid by
    /// construction: a failure is a defect of the workload, never an input's, and stops the
    /// benchmark with the error rather than measuring something else.
    static func valid<Value>(_ make: () throws -> Value) -> Value {
        do { return try make() } catch { preconditionFailure("the workload's data is invalid: \(error)") }
    }
}
