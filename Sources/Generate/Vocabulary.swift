/// Word lists the generator draws from. Kept small on purpose: real books repeat names, roles
/// and KPIs, and a few entries carry commas, quotes or accents so that every export exercises
/// the importer's CSV quoting and UTF-8 handling.
enum Vocabulary {
    static let firstNames = [
        "Ana", "Ben", "Chloé", "David", "Elif", "Farah", "George", "Hana", "Ivan", "Julia",
        "Kwame", "Laura", "Mateo", "Nadia", "Oscar", "Priya", "Quentin", "Rosa", "Samir", "Tomás",
        "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoë", "Aiko", "Bruno", "Carmen", "Dmitri",
        "Emma", "Felix", "Grace", "Hugo", "Inès", "Jonas", "Keiko", "Liam", "Maya", "Noah",
    ]

    static let lastNames = [
        "Ruiz", "Okafor", "Schmidt", "Nakamura", "Dubois", "Kowalski", "Haddad", "Lindqvist",
        "Moreau", "Patel", "O'Brien", "García", "Novak", "Rossi", "Jensen", "Kim", "Mensah",
        "Fischer", "Costa", "Ivanova", "Silva", "Brennan", "Yilmaz", "van der Berg", "Sato",
        "Murphy", "Nguyen", "Larsen", "Ahmed", "Bianchi", "Müller", "Kaur", "Walsh", "Tanaka",
        "Petrov", "Hughes", "López", "Berg", "Abbott", "Chen",
    ]

    static let nicknames = ["Sunny", "Doc", "Ace", "Red", "Bo", "Kit"]

    static let companyStems = [
        "Northwind", "Bluefin", "Harbor", "Summit", "Ironbridge", "Silverline", "Oakridge",
        "Redwood", "Brightwater", "Kestrel", "Meridian", "Pinecrest", "Lakeshore", "Granite",
        "Skylark", "Copperfield", "Evergreen", "Falcon", "Westgate", "Aurora", "Cobalt",
        "Highland", "Juniper", "Larkspur", "Maple", "Nimbus", "Orchard", "Polaris", "Quarry",
        "Riverton", "Sterling", "Thistle", "Umber", "Vantage", "Willow", "Zenith",
    ]

    static let companyKinds = [
        "Logistics", "Health", "Retail", "Foods", "Insurance", "Energy", "Systems", "Bank",
        "Telecom", "Manufacturing", "Travel", "Media", "Pharma", "Analytics", "Motors",
        "Utilities", "Hotels", "Education", "Software", "Capital",
    ]

    static let legalSuffixes = ["", "", "", " Ltd", " Inc.", " GmbH", " S.A.", " plc", " B.V."]

    static let splRoles = [
        "Head of Operations", "VP Customer Experience", "Programme Director", "IT Director",
        "Director of Digital Transformation",
    ]

    static let otherRoles = [
        "Chief Financial Officer", "Chief Information Officer", "Procurement Lead",
        "Team Lead, Support", "Training Manager", "Product Owner", "Data Analyst",
        "HR Business Partner", "Sales Director", "Chief Operating Officer", "Service Desk Manager",
        "Security Officer",
    ]

    /// Parallel to `otherRoles`: the seniority that goes with each role.
    static let otherSeniority = [
        "executive", "executive", "manager", "manager", "manager", "manager", "staff",
        "manager", "director", "executive", "manager", "director",
    ]

    static let desires = [
        "Faster onboarding of new hires", "Fewer support tickets", "Visible ROI for the board",
        "Less manual reporting", "A smooth renewal", "One source of truth for customer data",
        "Quick wins to show the team",
    ]

    static let concerns = [
        "Budget overrun", "Team capacity during the rollout", "Data migration risk",
        "Change fatigue", "Security review, again", "Losing control of the \"old\" process",
        "Vendor lock-in",
    ]

    static let categories = ["sponsor", "champion", "decision maker", "influencer", "user", "blocker"]

    static let measurements = [
        "Attends the monthly steering meeting", "Support score of 7 or more by the next review",
        "Signs off milestones on time", "Refers us to a peer team", "Joins the quarterly review",
    ]

    static let situations = [
        "Neutral, attends rarely", "Supportive but busy", "Sceptical about the timeline",
        "Actively promotes the programme", "Not yet met",
    ]

    static let desiredSituations = [
        "Active supporter", "Sponsor at steering level", "Informed and neutral",
        "Advocate to peers",
    ]

    static let researchItems: [[String]] = [
        ["Why the customer bought", "Business goals of the initiative", "Expected timeline",
         "Budget owner", "Success criteria agreed in the sale"],
        ["Products and modules purchased", "Integrations required", "Licence count",
         "Technical environment", "Implementation partner"],
        ["Industry and market position", "Company size and locations",
         "Recent news, mergers and acquisitions", "Strategic priorities this year",
         "Competitors of the customer"],
        ["Senior project lead", "Executive sponsor", "Decision makers", "Known detractors",
         "Organisation chart"],
        ["Preferred meeting cadence", "Communication channels", "Previous vendor experience",
         "Support history", "Renewal expectations"],
    ]

    static let researchAreas = ["initiative", "solution", "business", "stakeholders", "engagement"]

    static let researchNotes = [
        "Asked the account manager; waiting for a reply.",
        "From the CRM, last updated by sales.",
        "Conflicting answers from sales and pre-sales,\nconfirm with the SPL at the first meeting.",
        "Public annual report says \"growth first\".",
    ]

    static let raciActivities = [
        "Approve onboarding plan", "Run training", "Sign off onboarding",
        "Publish adoption roadmap", "Report KPIs", "Run business reviews",
        "Maintain stakeholder plan", "Configure integrations",
    ]

    /// The grid's columns after `account_id` and `activity`: departments and roles rather than
    /// people, because one file holds every account.
    static let raciColumns = [
        "SPL", "Executive sponsor", "IT department", "Finance", "Operations", "Customer success",
    ]

    static let kpis: [(name: String, unit: String, baseline: ClosedRange<Int>, target: ClosedRange<Int>)] = [
        ("Weekly active users", "%", 30...55, 70...90),
        ("First-contact resolution", "%", 45...65, 75...90),
        ("Licences in use", "%", 35...60, 85...95),
        ("Reports automated", "count", 0...5, 20...40),
        ("Customer satisfaction (CSAT)", "score", 60...72, 80...90),
        ("Self-service adoption", "%", 10...30, 50...70),
        ("Orders processed digitally", "%", 20...45, 70...85),
    ]

    static let impactedGroups = [
        "Front-line support agents", "Field sales", "Finance, billing & accounts receivable",
        "IT service desk", "Store managers", "New hires", "Executives",
        "Partners and resellers", "Warehouse \"pick and pack\" team",
    ]

    static let ksaNeeds = [
        "Knowledge of the new workflow; skills in self-service reporting",
        "Skills in the new ticket triage; attitude: sceptical after the last tool change",
        "Knowledge of the data model; attitude: keen",
        "Skills in mobile use of the product",
    ]

    static let communicationNeeds = ["Monthly newsletter", "Team huddles", "Intranet page", "Town hall at launch"]
    static let trainingNeeds = ["Two-hour hands-on workshop", "E-learning modules", "Train the trainer", "Floor walkers in week one"]
    static let supportNeeds = ["Office hours for a month", "Champions network", "Dedicated Slack channel", "Quick reference card"]

    static let meetingNotes = [
        "Agreed next steps, owners in the plan.",
        "SPL asked for a usage report by team, and a roadmap preview.",
        "Renewal raised early by procurement.\nFollow up with the account manager.",
        "Discussed the \"quick win\" list.",
    ]
}
