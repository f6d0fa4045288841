/// Where a run sends its checked rows, a chunk at a time while the import can still succeed,
/// so that a file is never held whole. The repository's target writes them inside the
/// import's transaction; `CollectedImport` keeps them in memory.
package protocol ImportTarget: AnyObject {
    /// The rows of one file follow; `present` are the entity columns the file gives.
    func startFile(_ entity: ImportEntity, present: Set<Int>) throws
    func write(_ rows: [ImportRow]) throws
    func finishFile() throws
}

/// Keeps a whole validated import in memory, for tests, `playbook test` data and callers that
/// validate before they decide to write.
package final class CollectedImport: ImportTarget {
    private(set) var rows: [ImportEntity: [ImportRow]] = [:]
    private var entity: ImportEntity?

    package init() {}

    package func startFile(_ entity: ImportEntity, present: Set<Int>) {
        self.entity = entity
        if rows[entity] == nil { rows[entity] = [] } // an empty file still names its entity
    }

    package func write(_ chunk: [ImportRow]) {
        if let entity { rows[entity, default: []].append(contentsOf: chunk) }
    }

    package func finishFile() {}
}
