/// Why a policy decided what it did, as text rendered only when a step or an event needs it:
/// planning many candidate closes (the planner re-decides while it makes a close's quantity and
/// its book price consistent) then costs no formatting.
///
/// A reason holds either a closure that renders it or a small value that describes itself
/// (``init(describing:)``): a value of up to three words is stored inline, so a policy that
/// decides in a hot loop allocates nothing for its reasons.
public struct PolicyReason: Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    private let source: any CustomStringConvertible & Sendable

    /// A reason whose text `render` makes when it is first needed (each time it is asked for).
    public init(_ render: @escaping @Sendable () -> String) { source = Rendered(render: render) }

    /// A reason whose text is `value`'s description, made when it is needed.
    public init(describing value: some CustomStringConvertible & Sendable) { source = value }

    /// A fixed text.
    public init(stringLiteral value: String) { source = value }

    /// The text.
    public var description: String { source.description }

    /// A closure as a describable value.
    private struct Rendered: CustomStringConvertible, Sendable {
        let render: @Sendable () -> String
        var description: String { render() }
    }
}
