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
        .executableTarget(name: "playbook", dependencies: ["PlaybookLanguage"]),
        .testTarget(
            name: "PlaybookLanguageTests",
            dependencies: ["PlaybookLanguage"]
        ),
    ]
)
