/// Forward-only, ordered, named migrations. Each runs in its own transaction and bumps
/// `PRAGMA user_version`; a repository made by a newer Playbook (higher version) is refused.
/// Never edit a shipped migration: add a new one.
package struct Migration: Sendable {
    package let version: Int
    package let name: String
    package let sql: String
}

package enum Migrations {
    package static let all: [Migration] = [
        Migration(version: 1, name: "central repository entities", sql: entities),
        Migration(version: 2, name: "tasks, pending conditions and run history", sql: tasks),
        Migration(version: 3, name: "pending conditions by account", sql: "CREATE INDEX pending_by_account ON pending (account_id);"),
        Migration(version: 4, name: "import dates and why tasks were resolved", sql: guards),
        Migration(version: 5, name: "research item tasks keyed by area and item", sql: researchItemKeys),
        Migration(version: 6, name: "tasks suspended when their item left the repository", sql: itemRemoved),
        Migration(version: 7, name: "stakeholder strategy letters, planned meetings, NPS dates, promised KPI values, references", sql: frameworkFields),
    ]

    package static var latest: Int { all.last!.version }

    static let entities = """
        CREATE TABLE accounts (
            id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, csm TEXT, account_manager TEXT, segment TEXT,
            contract_value REAL, renewal_date TEXT, engagement_start TEXT, phase INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 7),
            phase_entered TEXT, pilot TEXT, meeting_cadence_days REAL, custom TEXT
        ) WITHOUT ROWID;
        CREATE TABLE stakeholders (
            account_id TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, role TEXT, relevance TEXT, seniority TEXT,
            authority REAL, interest REAL, support REAL, desires TEXT, concerns TEXT, category TEXT, is_spl INTEGER,
            strategy TEXT, strategy_owner TEXT, deadline TEXT, measurement TEXT, last_contact TEXT, custom TEXT,
            PRIMARY KEY (account_id, id)
        ) WITHOUT ROWID;
        CREATE TABLE research_items (
            account_id TEXT NOT NULL, area TEXT NOT NULL, item TEXT NOT NULL, state TEXT NOT NULL, source TEXT,
            notes TEXT, updated TEXT, custom TEXT, PRIMARY KEY (account_id, area, item)
        ) WITHOUT ROWID;
        CREATE TABLE raci (
            account_id TEXT NOT NULL, activity TEXT NOT NULL, stakeholder TEXT NOT NULL, code TEXT NOT NULL,
            PRIMARY KEY (account_id, activity, stakeholder)
        ) WITHOUT ROWID;
        CREATE TABLE proposals (
            account_id TEXT PRIMARY KEY NOT NULL, status TEXT NOT NULL, drafted TEXT, sent TEXT, signed TEXT, signed_by TEXT, custom TEXT
        ) WITHOUT ROWID;
        CREATE TABLE documents (
            account_id TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, status TEXT, date TEXT, custom TEXT,
            PRIMARY KEY (account_id, kind, title)
        ) WITHOUT ROWID;
        CREATE TABLE meetings (
            account_id TEXT NOT NULL, kind TEXT NOT NULL, date TEXT NOT NULL, notes TEXT, custom TEXT,
            PRIMARY KEY (account_id, kind, date)
        ) WITHOUT ROWID;
        CREATE TABLE kpis (
            account_id TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, unit TEXT, target REAL, baseline REAL,
            baseline_date TEXT, activity_start TEXT, custom TEXT, PRIMARY KEY (account_id, id)
        ) WITHOUT ROWID;
        CREATE TABLE milestones (
            account_id TEXT NOT NULL, kpi_id TEXT NOT NULL, name TEXT NOT NULL, date TEXT NOT NULL, target REAL NOT NULL, custom TEXT,
            PRIMARY KEY (account_id, kpi_id, name)
        ) WITHOUT ROWID;
        CREATE TABLE measurements (
            account_id TEXT NOT NULL, kpi_id TEXT NOT NULL, date TEXT NOT NULL, value REAL NOT NULL, custom TEXT,
            PRIMARY KEY (account_id, kpi_id, date)
        ) WITHOUT ROWID;
        CREATE TABLE health (
            account_id TEXT NOT NULL, date TEXT NOT NULL, score REAL, light TEXT, sponsorship REAL, advocacy REAL,
            sentiment REAL, support_utilization REAL, product_utilization REAL, company_health REAL, nps REAL, custom TEXT,
            PRIMARY KEY (account_id, date)
        ) WITHOUT ROWID;
        CREATE TABLE impacted_groups (
            account_id TEXT NOT NULL, name TEXT NOT NULL, impact TEXT, size REAL, ksa_needs TEXT, communication_needs TEXT,
            training_needs TEXT, support_needs TEXT, custom TEXT, PRIMARY KEY (account_id, name)
        ) WITHOUT ROWID;
        CREATE TABLE stakeholder_plan (
            account_id TEXT NOT NULL, month TEXT NOT NULL, name TEXT NOT NULL, role TEXT, relevance TEXT, seniority TEXT,
            authority REAL, interest REAL, support REAL, desires TEXT, concerns TEXT, notes TEXT, category TEXT,
            current_situation TEXT, desired_situation TEXT, strategy TEXT, assigned_to TEXT, deadline TEXT, measurement TEXT,
            custom TEXT, PRIMARY KEY (account_id, month, name)
        ) WITHOUT ROWID;
        """

    static let tasks = """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            as_of TEXT NOT NULL,
            started_at TEXT NOT NULL,
            playbooks_digest TEXT NOT NULL,
            accounts INTEGER NOT NULL,
            created INTEGER NOT NULL,
            kept INTEGER NOT NULL,
            resolved INTEGER NOT NULL,
            reassigned INTEGER NOT NULL,
            woken INTEGER NOT NULL
        );
        CREATE TABLE tasks (
            id INTEGER PRIMARY KEY,
            rule TEXT NOT NULL,
            account_id TEXT NOT NULL,
            item_key TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL CHECK (status IN ('open', 'snoozed', 'done', 'dismissed', 'resolved')),
            title TEXT NOT NULL,
            description TEXT,
            owner TEXT NOT NULL,
            owner_is_fallback INTEGER NOT NULL DEFAULT 0,
            due TEXT,
            priority TEXT NOT NULL,
            steps TEXT NOT NULL DEFAULT '[]',
            tags TEXT NOT NULL DEFAULT '[]',
            phase INTEGER,
            explanation TEXT NOT NULL,
            rule_source TEXT NOT NULL,
            created_on TEXT NOT NULL,
            created_run INTEGER NOT NULL REFERENCES runs(id),
            resolved_on TEXT,
            resolved_reason TEXT,
            closed_on TEXT,
            closed_by TEXT,
            snoozed_until TEXT,
            condition_cleared_on TEXT
        );
        -- Exactly one open (or snoozed) task per rule, account and item: enforced here, not hoped for.
        CREATE UNIQUE INDEX tasks_one_active ON tasks (rule, account_id, item_key) WHERE status IN ('open', 'snoozed');
        CREATE INDEX tasks_by_account ON tasks (account_id, status);
        CREATE INDEX tasks_closed ON tasks (rule, account_id, item_key, closed_on) WHERE status IN ('done', 'dismissed') AND condition_cleared_on IS NULL;
        CREATE TABLE task_events (
            id INTEGER PRIMARY KEY,
            task_id INTEGER NOT NULL REFERENCES tasks(id),
            on_date TEXT NOT NULL,
            at TEXT NOT NULL,
            who TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT
        );
        CREATE INDEX task_events_by_task ON task_events (task_id);
        CREATE TABLE pending (
            rule TEXT NOT NULL, account_id TEXT NOT NULL, item_key TEXT NOT NULL, since TEXT NOT NULL,
            PRIMARY KEY (rule, account_id, item_key)
        ) WITHOUT ROWID;
        """

    /// When each entity was last imported (the freshness guard), and a machine-readable cause
    /// for each resolution, so a task suspended because its rule left the playbooks, was
    /// switched off, or its account left the repository is restored, number, notes and snooze
    /// intact, when it comes back. Tasks resolved before this migration keep a NULL cause.
    static let guards = """
        CREATE TABLE imports (
            entity TEXT PRIMARY KEY NOT NULL,
            imported_on TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            rows INTEGER NOT NULL
        ) WITHOUT ROWID;
        ALTER TABLE tasks ADD COLUMN resolved_cause TEXT;
        CREATE INDEX tasks_suspended ON tasks (account_id) WHERE status = 'resolved'
            AND resolved_cause IN ('rule-removed', 'rule-disabled', 'account-removed') AND condition_cleared_on IS NULL;
        """

    /// A task whose item a sync import removed is suspended like one whose account left
    /// (`item-removed`), so the index of suspended tasks takes that cause too.
    static let itemRemoved = """
        DROP INDEX tasks_suspended;
        CREATE INDEX tasks_suspended ON tasks (account_id) WHERE status = 'resolved'
            AND resolved_cause IN ('rule-removed', 'rule-disabled', 'account-removed', 'item-removed') AND condition_cleared_on IS NULL;
        """

    /// A task over a research item was keyed by the item's name alone, so two items named alike
    /// in two areas made one task; it is now keyed `area/item`, the item's whole import key.
    /// Existing tasks and `for` clocks are re-keyed so they keep their number, snooze and
    /// dismissal — where the name identifies exactly one research item of the account and no
    /// row of another per-item entity (whose tasks are keyed by id or name alone). A name that
    /// two areas share was the defect itself: such tasks keep their old key and resolve once.
    static let researchItemKeys: String = {
        func rekey(_ table: String) -> String {
            """
            UPDATE \(table) SET item_key = (SELECT r.area || '/' || r.item FROM research_items r
                WHERE r.account_id = \(table).account_id AND r.item = \(table).item_key)
            WHERE item_key <> '' AND instr(item_key, '/') = 0
              AND (SELECT count(*) FROM research_items r WHERE r.account_id = \(table).account_id AND r.item = \(table).item_key) = 1
              AND NOT EXISTS (SELECT 1 FROM stakeholders o WHERE o.account_id = \(table).account_id AND o.id = \(table).item_key)
              AND NOT EXISTS (SELECT 1 FROM kpis o WHERE o.account_id = \(table).account_id AND o.id = \(table).item_key)
              AND NOT EXISTS (SELECT 1 FROM impacted_groups o WHERE o.account_id = \(table).account_id AND o.name = \(table).item_key)
              AND NOT EXISTS (SELECT 1 FROM stakeholder_plan o WHERE o.account_id = \(table).account_id AND o.name = \(table).item_key);
            """
        }
        return rekey("tasks") + "\n" + rekey("pending")
    }()

    /// Fields the framework names that the first schema lacked. `strategy` becomes one of the
    /// workbook's letters A–D: a stored value that is one (case and spaces aside) is kept as
    /// the letter, anything else moves, as written, to the new `strategy_notes`, so no text is
    /// lost. Meetings stored before a status existed were held.
    static let frameworkFields = """
        ALTER TABLE stakeholders ADD COLUMN strategy_notes TEXT;
        UPDATE stakeholders SET strategy_notes = strategy, strategy = NULL
            WHERE strategy IS NOT NULL AND trim(strategy) <> '' AND upper(trim(strategy)) NOT IN ('A', 'B', 'C', 'D');
        UPDATE stakeholders SET strategy = NULLIF(upper(trim(strategy)), '') WHERE strategy IS NOT NULL;
        ALTER TABLE meetings ADD COLUMN status TEXT NOT NULL DEFAULT 'held';
        ALTER TABLE health ADD COLUMN nps_date TEXT;
        ALTER TABLE kpis ADD COLUMN promised REAL;
        ALTER TABLE kpis ADD COLUMN expected REAL;
        ALTER TABLE accounts ADD COLUMN reference_asked TEXT;
        """
}
