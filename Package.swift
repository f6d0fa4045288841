// swift-tools-version: 6.0
import PackageDescription

// No package dependencies, by design: the toolchain and system C libraries only.
let package = Package(
    name: "Playbook",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "playbook", targets: ["playbook"]),
    ],
    targets: [
        .target(name: "PlaybookLanguage"),
        .target(name: "PlaybookEngine", dependencies: ["PlaybookLanguage"]),
        // The embedded repository: the system's libsqlite3, no Swift package.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // Import files read and validated, handed to an `ImportTarget`: no storage here.
        .target(name: "Import", dependencies: ["PlaybookLanguage"]),
        // The synthetic export (`playbook generate`): writes files, never the repository.
        .target(name: "Generate", dependencies: ["PlaybookLanguage"]),
        .target(name: "CentralRepository", dependencies: ["PlaybookLanguage", "PlaybookEngine", "Import", "CSQLite"]),
        // Per-CSM task lists and the leaders' index: pure rendering, fed by the CLI.
        .target(name: "TaskLists", dependencies: ["PlaybookEngine", "PlaybookLanguage"]),
        // `playbook test`: test files of named cases, run against an in-memory repository.
        .target(name: "PlaybookTesting", dependencies: ["PlaybookLanguage", "PlaybookEngine", "Import", "CentralRepository"]),
        // The properties the fuzz targets check, shared with their regression test. The libFuzzer
        // entries beside it are built by scripts/fuzz alone (docs/fuzzing.md).
        .target(name: "FuzzChecks", dependencies: ["PlaybookLanguage", "Import"], path: "Fuzz/Checks"),
        .executableTarget(name: "playbook", dependencies: ["PlaybookLanguage", "PlaybookEngine", "Import", "Generate", "CentralRepository", "TaskLists", "PlaybookTesting"]),
        .testTarget(
            name: "PlaybookLanguageTests",
            dependencies: ["PlaybookLanguage"],
            // Golden files, read through #filePath rather than bundled as resources.
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "PlaybookEngineTests", dependencies: ["PlaybookEngine", "PlaybookLanguage"]),
        // Golden files under Fixtures; also runs the built `playbook` for end-to-end reports.
        .testTarget(name: "TaskListsTests", dependencies: ["TaskLists", "PlaybookEngine", "PlaybookLanguage"], exclude: ["Fixtures"]),
        .testTarget(name: "CentralRepositoryTests", dependencies: ["CentralRepository", "Import", "Generate", "PlaybookEngine", "PlaybookLanguage"]),
        .testTarget(name: "PlaybookTestingTests", dependencies: ["PlaybookTesting", "PlaybookLanguage"]),
        // End-to-end: runs the built `playbook` binary, found beside the test bundle.
        .testTarget(name: "PlaybookCLITests"),
        // Every input a fuzz campaign found, run through the fuzz targets' own checks.
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzChecks"], exclude: ["Inputs"]),
    ]
)
