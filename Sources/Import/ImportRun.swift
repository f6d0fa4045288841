/// What a column is, without names or lists, so the per-cell loop copies no reference types.
enum CellKind {
    case text, number(Double, Double), integer(Int64, Int64), date, month, bool, choice
}

/// The state of one file being read.
struct FileState {
    let path: String
    let index: Int32
    let entity: ImportEntity
    var layout: ImportLayout
    let kinds: [CellKind]
    let required: [Bool]
    /// Per entity column, for choice columns: the candidates in comparison form.
    let choiceKeys: [[[UInt8]]]
    /// Entity columns with a meaning beyond their type, or -1.
    let accountColumn: Int, kpiColumn: Int, kindColumn: Int, titleColumn: Int, meetingStatusColumn: Int
    let keyColumns: [Int]
    /// A required column is missing from the header: rows are read only for the ids they define.
    var headerBroken = false
    /// The file's entry in the source mapping (`import --source`), and its file columns whose
    /// values it maps.
    var mapped: MappedFile?
    var mappedValues: [(column: Int, map: MappedValues)] = []
    /// Per custom column of `layout`, in its order: the name its values are stored under and their kind.
    var custom: [DeclaredColumn] = []

    init(path: String, index: Int, entity: ImportEntity, isGrid: Bool) {
        self.path = path
        self.index = Int32(index)
        self.entity = entity
        layout = ImportLayout(entity: entity, isGrid: isGrid)
        let columns = entity.columns
        kinds = columns.map { c in
            switch c.kind {
            case .text: .text
            case .number(let r): .number(r?.lowerBound ?? -.infinity, r?.upperBound ?? .infinity)
            case .integer(let r): .integer(r?.lowerBound ?? .min, r?.upperBound ?? .max)
            case .date: .date
            case .month: .month
            case .bool: .bool
            case .choice: .choice
            }
        }
        required = columns.map(\.required)
        choiceKeys = columns.map { c in
            if case .choice(let values) = c.kind { return ValueParser.choiceKeys(values) }
            return []
        }
        func column(_ name: String) -> Int { entity.columnIndex(name) ?? -1 }
        accountColumn = entity == .accounts ? column("id") : column("account_id")
        kpiColumn = entity == .kpis ? -1 : column("kpi_id")
        kindColumn = entity == .documents ? column("kind") : -1
        titleColumn = entity == .documents ? column("title") : -1
        meetingStatusColumn = entity == .meetings ? column("status") : -1
        keyColumns = entity.keyColumnIndices
    }
}

/// The state of one validation: problems so far, the accounts and KPIs seen, and the chunk of
/// checked rows not yet handed to the target.
struct ImportRun {
    /// Rows handed to the target at a time: enough to make the hand-over cost nothing, few
    /// enough that memory does not grow with the file.
    static let defaultChunkSize = 4096

    let existing: any ExistingKeys
    let columns: ImportColumns
    let paths: [String]
    /// The column mapping applied to the files it names (`import --source`).
    var mapping: SourceMapping?
    /// The names of the files read as accounts, for messages about a sync's list of accounts.
    var accountFiles: [String] = []
    /// Accounts a sync leaves out that a row referred to, by file: each is reported at its
    /// first row in a file only (a churned account's history would otherwise be a page of errors).
    var leftOutOfSync: Set<String> = []
    /// Rows refused without a problem of their own (a repeat of one already reported).
    var refusedRows = 0
    let target: any ImportTarget
    let chunkSize: Int
    var problems = ProblemList()
    var presentColumns: [ImportEntity: Set<Int>] = [:]
    var registry: KeyRegistry
    /// The target failed (a database error): nothing more is sent to it; the error is rethrown.
    private(set) var failure: (any Error)?
    private var pending: [ImportRow] = []
    /// The file being read has been announced to the target.
    private var fileOpen = false
    private var currentEntity: ImportEntity?
    private var customNames: [ImportEntity: [String]] = [:]
    /// Row keys of the entity being read, checked per account run while its rows are
    /// grouped by account.
    private(set) var keyRuns = KeyRuns(entity: 0)
    /// Set on the run that reads an entity again to fingerprint every key, when its rows were
    /// not grouped by account; it writes nothing.
    private(set) var fingerprinting = false
    /// Keys of the entity being read; the fingerprints seen twice are suspects.
    private var fingerprints = KeyFingerprints()
    private(set) var suspects: Set<UInt64> = []
    /// Set on the run that reads an entity again to check suspect keys; it writes nothing.
    var keyCheck: KeyCheck?
    /// Undeclared columns already warned about, by entity and name.
    var warnedColumns: Set<String> = []
    /// Ids an unknown account may be a typo of, gathered at the first unknown account, and
    /// the suggestion made for each unknown id.
    var accountCandidates: [String]?
    var accountSuggestions: [String: String?] = [:]

    init(existing: any ExistingKeys, columns: ImportColumns = ImportColumns(), ids: any ImportedIDs, paths: [String],
         target: any ImportTarget, chunkSize: Int = defaultChunkSize) {
        self.existing = existing
        self.columns = columns
        registry = KeyRegistry(ids: ids)
        self.paths = paths
        self.target = target
        self.chunkSize = max(1, chunkSize)
        pending.reserveCapacity(self.chunkSize)
    }

    /// This run reads an entity again for its keys: it reports nothing but duplicates.
    var isRereading: Bool { fingerprinting || keyCheck != nil }

    /// Rows go to the target only while the import can still succeed.
    var writing: Bool { problems.isEmpty && failure == nil && keyCheck == nil && !fingerprinting }

    /// A file's header is understood: its rows may follow.
    mutating func startFile(_ f: FileState) {
        if f.entity != currentEntity {
            currentEntity = f.entity
            keyRuns = KeyRuns(entity: keyRuns.entity + 1)
            registry.startEntity()
            fingerprints.removeAll()
        }
        let given = f.layout.isGrid ? Set(f.entity.columns.indices) : Set(f.entity.columns.indices.filter { f.layout.specSource[$0] >= 0 })
        // The entity columns a file gave, so that re-importing a file without some column
        // leaves that column alone instead of emptying it.
        presentColumns[f.entity, default: []].formUnion(given)
        if writing { attempt { try $0.startFile(f.entity, present: given) } }
        fileOpen = writing
    }

    mutating func finishFile() {
        if writing, fileOpen {
            flush()
            attempt { try $0.finishFile() }
        }
        fileOpen = false
        pending.removeAll(keepingCapacity: true)
    }

    private mutating func attempt(_ body: (any ImportTarget) throws -> Void) {
        guard failure == nil else { return }
        let target = self.target
        do { try body(target) } catch { failure = error }
    }

    private mutating func flush() {
        guard !pending.isEmpty else { return }
        let rows = pending
        if writing { attempt { try $0.write(rows) } }
        pending.removeAll(keepingCapacity: true)
    }

    /// A checked row without problems.
    mutating func keep(_ row: ImportRow) {
        guard writing, fileOpen else {
            if !pending.isEmpty { pending.removeAll() }
            return
        }
        pending.append(row)
        if pending.count >= chunkSize { flush() }
    }

    /// Records a row key; reports it when an earlier row has the same key. Docs: "the second
    /// occurrence is reported with the line of the first".
    mutating func recordKey(_ account: String, _ first: FieldValue, _ second: FieldValue, _ f: FileState, rowLine: Int, at: RawField) {
        let place = (file: f.index, rowLine: Int32(clamping: rowLine))
        let packed = UInt64(UInt32(bitPattern: place.file)) << 32 | UInt64(UInt32(bitPattern: place.rowLine))
        var earlier: (file: Int32, rowLine: Int32)?
        if !fingerprinting, keyCheck == nil {
            // Account ids are keys wherever they are defined, not per run: `ImportedIDs` has them all.
            let seen = f.entity == .accounts ? registry.importAccount(account, place: packed)
                : keyRuns.record(account, first, second, at: packed, begunBefore: registry.accountBegunBefore)
            guard let seen else { return }
            earlier = (Int32(truncatingIfNeeded: seen >> 32), Int32(truncatingIfNeeded: seen & 0xFFFF_FFFF))
        } else if f.entity == .accounts {
            return // exact the first time: never a suspect
        } else {
            let fp = KeyFingerprints.fingerprint(account: account, first, second)
            guard var check = keyCheck else {
                // A suspect is reported, or cleared, when the entity is read again.
                if !fingerprints.insert(fp) { suspects.insert(fp) }
                return
            }
            keyCheck = nil // one owner of the table while it changes
            check.seen += 1
            if check.suspects.contains(fp) {
                let key = KeyCheck.Key(account: account, first: first, second: second)
                if let seen = check.firsts[key] {
                    // The first reading reported the duplicates among its grouped keys.
                    if check.seen > check.reported { earlier = seen }
                } else {
                    check.firsts[key] = place
                }
            }
            keyCheck = check
        }
        guard let earlier else { return }
        let columns = f.entity.columns, keys = f.keyColumns
        let values = [FieldValue.text(account), first, second].prefix(keys.count)
        let shown = zip(keys, values).map { "\(columns[$0].name) \(Self.show($1))" }.joined(separator: ", ")
        let firstAt = earlier.file == place.file ? "line \(earlier.rowLine)" : "\(paths[Int(earlier.file)]):\(earlier.rowLine)"
        if keyCheck != nil {
            keyCheck!.found.append((f.path, at.line, at.column, .duplicateKey(shown, first: firstAt)))
        } else {
            problem(f, at.line, at.column, .duplicateKey(shown, first: firstAt))
        }
    }

    /// The entity number of the runs that read an entity again, which no first reading has:
    /// their account look-ups must not count as the next entity's rows beginning.
    private static let rereading = Int.min / 2

    /// The entity's rows were not grouped by account: its keys need the global check.
    var needsGlobalKeyCheck: Bool { !keyRuns.grouped }

    /// Starts the global check of the entity just read: a run that reads its files again
    /// and fingerprints every key.
    func fingerprintingKeys() -> ImportRun {
        var run = ImportRun(existing: existing, columns: columns, ids: registry.ids, paths: paths, target: target, chunkSize: chunkSize)
        run.mapping = mapping
        run.fingerprinting = true
        run.keyRuns = KeyRuns(entity: Self.rereading)
        return run
    }

    /// Starts the check of the suspects found by this fingerprinting run: a run that reads the
    /// same files again. The first `reported` keys were checked (and their duplicates
    /// reported) by the first reading.
    func checkingKeys(reported: Int) -> ImportRun {
        var check = ImportRun(existing: existing, columns: columns, ids: registry.ids, paths: paths, target: target, chunkSize: chunkSize)
        check.mapping = mapping
        check.keyCheck = KeyCheck(suspects: suspects, reported: reported)
        check.keyRuns = KeyRuns(entity: Self.rereading)
        return check
    }

    /// The suspects are checked: the duplicates among them are this run's problems.
    mutating func finishKeyCheck(_ check: ImportRun) {
        for d in check.keyCheck?.found ?? [] {
            problems.add(d.path, d.line, d.column, d.message)
        }
        if !pending.isEmpty { pending.removeAll() }
    }

    private static func show(_ v: FieldValue) -> String {
        switch v {
        case .missing: "(missing)"
        case .text(let s): "\"\(s)\""
        case .number(let d): d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .integer(let i): String(i)
        case .date(let d): d.description
        case .bool(let b): b ? "yes" : "no"
        }
    }

    mutating func addCustomName(_ name: String, entity: ImportEntity) {
        if !(customNames[entity]?.contains(name) ?? false) { customNames[entity, default: []].append(name) }
    }

    mutating func problem(_ f: FileState, _ line: Int, _ column: Int, _ message: ImportMessage) {
        problems.add(f.path, line, column, message)
        if !pending.isEmpty { pending.removeAll() }
    }

    /// Every problem, or nil when the import was clean; throws what the target threw.
    mutating func finish() throws -> ImportProblems? {
        if let failure { throw failure }
        return problems.isEmpty ? nil : problems.finish()
    }

    var customFieldNames: [ImportEntity: [String]] { customNames }
}
