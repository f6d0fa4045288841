/// The declared shape of the central repository: built-in records plus the custom fields that
/// playbooks declare. The checker resolves every field path against it.
public struct Schema: Sendable {
    public struct Field: Sendable {
        public var name: String
        public var type: PType
        public var doc: String
        /// Declared by a playbook (`field account.crm_tier: text`), with where.
        public var declaredAt: SourceRange?
        public var isCustom: Bool { declaredAt != nil }
    }

    public struct Record: Sendable {
        public var name: String
        public var doc: String
        public private(set) var fields: [Field]
        private var index: [String: Int]

        init(_ name: String, _ doc: String, _ fields: [Field]) {
            self.name = name
            self.doc = doc
            self.fields = fields
            self.index = Dictionary(fields.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        }

        public func field(_ name: String) -> (index: Int, field: Field)? {
            index[name].map { ($0, fields[$0]) }
        }

        mutating func add(_ f: Field) {
            index[f.name] = fields.count
            fields.append(f)
        }
    }

    public private(set) var records: [String: Record]
    /// Record names in documentation order.
    public let recordOrder: [String]

    init(records: [Record]) {
        self.records = Dictionary(records.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.recordOrder = records.map(\.name)
    }

    public func record(_ name: String) -> Record? { records[name] }

    /// A field of a record, without copying the record.
    public func field(_ field: String, of record: String) -> (index: Int, field: Field)? {
        records[record]?.field(field)
    }

    mutating func addCustomField(_ f: Field, to record: String) {
        records[record]?.add(f)
    }
}

extension Schema.Field {
    init(_ name: String, _ type: PType, _ doc: String) {
        self.init(name: name, type: type, doc: doc, declaredAt: nil)
    }
}
