/// A checked expression: names resolved to slots and field indexes, every node typed. The
/// engine turns this into its evaluation plan; nothing here is looked up by string again.
public struct TypedExpr: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case number(Double)
        case text(String)
        case boolean(Bool)
        case date(CivilDate)
        /// Days.
        case duration(Double)
        case template([TemplatePart])
        case list([TypedExpr])
        case account
        /// A variable bound by `each` or by a collection operation, by slot number within its rule.
        case variable(Int)
        /// A parameter of the playbook, by index in `CheckedPlaybook.parameters` of the base.
        case parameter(Int)
        /// A `let` of the playbook, by index in the playbook's lets (evaluated once per account).
        case letValue(Int)
        /// `record.field`: field by its index in the record's schema.
        case field(TypedExpr, record: String, index: Int, name: String)
        case negate(TypedExpr)
        case not(TypedExpr)
        case binary(BinaryOp, TypedExpr, TypedExpr)
        case presence(TypedExpr, present: Bool)
        case call(Builtin, [TypedExpr])
        /// Without a body, the item itself counts as passing (count, any, filter after `where`).
        case aggregate(AggregateOp, slot: Int, collection: TypedExpr, filter: TypedExpr?, body: TypedExpr?)
        case invalid
    }

    public enum TemplatePart: Sendable, Hashable {
        case literal(String)
        case value(TypedExpr)
    }

    public var kind: Kind
    public var type: PType
    /// Where it was written, for `explain`.
    public var range: SourceRange
}
