/// The built-in records of the central repository (see docs/schema.md). Field docs are written
/// for CS ops readers and are printed by `playbook schema`.
extension Schema {
    public static let stageChoice = PType.Choice("stage", ["initial", "user_readiness", "ongoing"])
    public static let pilotChoice = PType.Choice("pilot", ["none", "proof_of_concept", "proof_of_value"])
    public static let areaChoice = PType.Choice("research area", ["initiative", "solution", "business", "stakeholders", "engagement"])
    public static let infoStateChoice = PType.Choice("information state", ["accurate_enough", "not_accurate_enough", "missing", "unknown"])
    public static let sourceChoice = PType.Choice("information source", ["internal_colleagues", "internal_systems", "internet", "customer"])
    public static let raciChoice = PType.Choice("RACI code", ["R", "A", "C", "I", "R/A"])
    public static let proposalStatusChoice = PType.Choice("proposal status", ["draft", "sent", "signed"])
    public static let documentKindChoice = PType.Choice("document kind", [
        "engagement_strategy", "roadmap", "welcome_pack", "onboarding_plan", "onboarding_signoff",
        "milestone_report", "adoption_plan_outline", "adoption_plan_approved", "adoption_plan_detailed",
        "adoption_roadmap", "readiness_checklist", "work_package", "report", "value_checklist",
        "lessons_learned", "template", "other",
    ])
    public static let documentStatusChoice = PType.Choice("document status", ["draft", "in_progress", "complete", "sent", "approved", "signed_off", "published"])
    public static let meetingKindChoice = PType.Choice("meeting kind", [
        "handover", "initial", "business_review", "governance", "quarterly_review", "readiness_workshop", "other",
    ])
    /// The stakeholder management workbook's four strategies (docs/schema.md says what each is for).
    public static let strategyChoice = PType.Choice("stakeholder strategy", ["A", "B", "C", "D"])
    public static let meetingStatusChoice = PType.Choice("meeting status", ["planned", "held", "cancelled"])
    public static let lightChoice = PType.Choice("traffic light", ["red", "amber", "green"])
    public static let impactChoice = PType.Choice("impact", ["direct", "indirect"])

    public static let builtin = Schema(records: [
        Record("account", "A customer engagement: one per account the team looks after.", [
            Field("id", .text, "Stable identifier, as in the import files."),
            Field("name", .text, "Customer name."),
            Field("csm", .text, "The customer success manager who owns the account."),
            Field("account_manager", .text, "The commercial owner (sales or account manager)."),
            Field("segment", .text, "Segment, e.g. enterprise, mid-market, smb."),
            Field("contract_value", .number, "Annual contract value."),
            Field("renewal_date", .date, "Next renewal date."),
            Field("engagement_start", .date, "When the engagement started."),
            Field("phase", .number, "Current framework phase, 1 to 7."),
            Field("phase_entered", .date, "When the account entered its current phase."),
            Field("stage", .choice(stageChoice), "Stage of the current phase: initial (1-2), user_readiness (3-5), ongoing (6-7)."),
            Field("pilot", .choice(pilotChoice), "Whether the engagement runs a pilot, and which kind."),
            Field("meeting_cadence", .duration, "The agreed time between regular meetings."),
            Field("reference_asked", .date, "When the customer was last asked to act as a reference or advocate; missing when never."),
            Field("research_items", .list(.record("research_item")), "Phase 1 research and its information state."),
            Field("stakeholders", .list(.record("stakeholder")), "The customer's stakeholders."),
            Field("spl", .record("stakeholder"), "The senior project lead: the stakeholder marked as SPL; missing when none is."),
            Field("raci", .list(.record("raci_activity")), "RACI matrix: one record per activity."),
            Field("proposal", .record("proposal"), "The customer success proposal; missing when none was drafted."),
            Field("documents", .list(.record("document")), "Documents stored for the engagement."),
            Field("meetings", .list(.record("meeting")), "Meetings held: status held, dated on or before the evaluation date, oldest first."),
            Field("planned_meetings", .list(.record("meeting")), "Meetings planned: status planned, dated on or after the evaluation date, soonest first."),
            Field("kpis", .list(.record("kpi")), "KPIs with targets, baselines, milestones and measurements."),
            Field("health", .record("health"), "The latest health snapshot on or before the evaluation date; missing when none."),
            Field("health_history", .list(.record("health")), "All health snapshots up to the evaluation date, oldest first."),
            Field("impacted_groups", .list(.record("impacted_group")), "Groups of users the change affects."),
            Field("stakeholder_plan", .record("plan_month"), "The latest month of the stakeholder management plan; missing when none."),
            Field("stakeholder_plan_history", .list(.record("plan_month")), "Every month of the stakeholder management plan, oldest first."),
        ]),
        Record("research_item", "A piece of phase 1 research about the customer.", [
            Field("area", .choice(areaChoice), "Research area."),
            Field("item", .text, "What was researched."),
            Field("state", .choice(infoStateChoice), "How good the information is."),
            Field("source", .choice(sourceChoice), "Where the information came from."),
            Field("notes", .text, "Free text."),
            Field("updated", .date, "When the item was last updated."),
        ]),
        Record("stakeholder", "A person (or group) on the customer side, with the stakeholder-matrix scores.", [
            Field("id", .text, "Stable identifier."),
            Field("name", .text, "Name."),
            Field("role", .text, "Job role."),
            Field("relevance", .text, "Why they matter to the engagement."),
            Field("seniority", .text, "Seniority."),
            Field("authority", .number, "Authority, 0 to 10."),
            Field("interest", .number, "Interest, 0 to 10."),
            Field("support", .number, "Support, 0 to 10."),
            Field("desires", .text, "Primary desires."),
            Field("concerns", .text, "Primary concerns."),
            Field("category", .text, "Category."),
            Field("is_spl", .boolean, "Whether this is the senior project lead."),
            Field("strategy", .choice(strategyChoice), "The strategy, A to D: A work closely (high authority and interest); B win over, or reduce the influence of, the powerful who show little interest or support; C keep informed (less influential); D let their support evangelise; missing when none."),
            Field("strategy_notes", .text, "The strategy in words: what will be done with this stakeholder, and any free text that is not a letter."),
            Field("strategy_owner", .text, "Who carries out the strategy."),
            Field("deadline", .date, "Deadline for the strategy."),
            Field("measurement", .text, "How success with this stakeholder is measured."),
            Field("last_contact", .date, "Last contact with the stakeholder."),
        ]),
        Record("raci_activity", "One row of the RACI matrix: an activity and who is R, A, C or I for it.", [
            Field("activity", .text, "The activity (or activity group)."),
            Field("assignments", .list(.record("raci_assignment")), "One per stakeholder with a code for this activity."),
        ]),
        Record("raci_assignment", "One cell of the RACI matrix.", [
            Field("stakeholder", .text, "Stakeholder or department name."),
            Field("code", .choice(raciChoice), "R, A, C, I or R/A."),
        ]),
        Record("proposal", "The customer success proposal (success contract).", [
            Field("status", .choice(proposalStatusChoice), "draft, sent or signed."),
            Field("drafted", .date, "When it was drafted."),
            Field("sent", .date, "When it was sent to the customer."),
            Field("signed", .date, "When it was signed (an e-mail acceptance counts)."),
            Field("signed_by", .text, "Who signed on the customer side."),
        ]),
        Record("document", "A document stored in the central repository.", [
            Field("kind", .choice(documentKindChoice), "What kind of document."),
            Field("title", .text, "Title."),
            Field("status", .choice(documentStatusChoice), "Status."),
            Field("date", .date, "Date of the latest status change."),
        ]),
        Record("meeting", "A meeting with the customer or about the engagement.", [
            Field("kind", .choice(meetingKindChoice), "What kind of meeting."),
            Field("date", .date, "When it took place, or is planned for."),
            Field("notes", .text, "Free text."),
            Field("status", .choice(meetingStatusChoice), "planned, held or cancelled; held when the import left it empty."),
        ]),
        Record("kpi", "A key performance indicator the customer wants to move.", [
            Field("id", .text, "Stable identifier."),
            Field("name", .text, "Name."),
            Field("unit", .text, "Unit of measure."),
            Field("target", .number, "Target value."),
            Field("promised", .number, "The value the success proposal promised the customer."),
            Field("expected", .number, "The value the CSM now expects to reach by the target date."),
            Field("baseline", .number, "Baseline value; missing when no baseline was taken."),
            Field("baseline_date", .date, "When the baseline was taken."),
            Field("activity_start", .date, "When the activity meant to move the KPI starts."),
            Field("current", .number, "The latest measurement on or before the evaluation date; missing when none."),
            Field("milestones", .list(.record("milestone")), "Dated intermediate targets."),
            Field("measurements", .list(.record("measurement")), "Measurements up to the evaluation date, oldest first."),
        ]),
        Record("milestone", "A dated intermediate target of a KPI.", [
            Field("name", .text, "Name."),
            Field("date", .date, "When the target should be reached."),
            Field("target", .number, "The value to reach."),
        ]),
        Record("measurement", "One measurement of a KPI.", [
            Field("date", .date, "When it was measured."),
            Field("value", .number, "The measured value."),
        ]),
        Record("health", "A health snapshot: the seven indicators, scored 0 to 10, plus an overall score and light.", [
            Field("date", .date, "When the snapshot was taken."),
            Field("score", .number, "Overall score as a percentage, when recorded; playbooks may compute their own."),
            Field("light", .choice(lightChoice), "Overall traffic light, when recorded."),
            Field("sponsorship", .number, "Sponsorship, 0 to 10."),
            Field("advocacy", .number, "Advocacy, 0 to 10."),
            Field("sentiment", .number, "Sentiment, 0 to 10."),
            Field("support_utilization", .number, "Support utilization, 0 to 10."),
            Field("product_utilization", .number, "Product utilization, 0 to 10."),
            Field("company_health", .number, "The customer company's own health, 0 to 10."),
            Field("nps", .number, "Latest Net Promoter answer, 0 to 10 (0 to 6 is a detractor)."),
            Field("nps_date", .date, "The day the Net Promoter answer was given (the snapshot may be later)."),
        ]),
        Record("impacted_group", "A group of users the change affects, with its KSA and support needs.", [
            Field("name", .text, "Name."),
            Field("impact", .choice(impactChoice), "direct or indirect."),
            Field("size", .number, "Number of people."),
            Field("ksa_needs", .text, "Knowledge, skills and attitude change needs; missing when not yet assessed."),
            Field("communication_needs", .text, "Communication needs."),
            Field("training_needs", .text, "Training needs."),
            Field("support_needs", .text, "Support needs."),
        ]),
        Record("plan_month", "One monthly snapshot of the stakeholder management plan.", [
            Field("month", .date, "First day of the month the snapshot is for."),
            Field("updated", .date, "The first day of the snapshot's month: a plan is updated by importing a new month's snapshot."),
            Field("entries", .list(.record("plan_entry")), "One row per stakeholder or group and strategy."),
        ]),
        Record("plan_entry", "One row of the stakeholder management plan.", [
            Field("stakeholder", .text, "Stakeholder or group name (the plan's name column)."),
            Field("role", .text, "Job role."),
            Field("relevance", .text, "Why they matter."),
            Field("seniority", .text, "Seniority."),
            Field("authority", .number, "Authority, 0 to 10."),
            Field("interest", .number, "Interest, 0 to 10."),
            Field("support", .number, "Support, 0 to 10."),
            Field("desires", .text, "Primary desires."),
            Field("concerns", .text, "Primary concerns."),
            Field("notes", .text, "Notes."),
            Field("category", .text, "Category."),
            Field("current_situation", .text, "Where things stand."),
            Field("desired_situation", .text, "Where they should get to."),
            Field("strategy", .text, "The specific strategy."),
            Field("assigned_to", .text, "Who carries it out."),
            Field("deadline", .date, "Deadline."),
            Field("measurement", .text, "How progress is measured."),
        ]),
    ])
}
