import Foundation
import PlaybookLanguage

/// Rows written to one file of an export.
package struct GeneratorFileCount: Sendable, Equatable {
    package var file: String
    package var rows: Int
}

package struct GeneratorSummary: Sendable, Equatable {
    package var accounts: Int
    /// In a fixed order (that of the import docs), so printing a summary is deterministic too.
    package var files: [GeneratorFileCount]

    package var totalRows: Int { files.reduce(0) { $0 + $1.rows } }

    package func rows(in file: String) -> Int { files.first { $0.file == file }?.rows ?? 0 }
}

/// Writes a synthetic but realistic central repository export, in the import format, for demos,
/// load tests and importer tests. The output depends only on the arguments: same accounts, seed
/// and as-of give byte-identical files, and account n is the same whatever the total, apart from
/// which CSM and account manager own it (the team grows with the book).
package enum Generator {
    package static let fileNames = ExportFiles.headers.map(\.file)

    package static func write(accounts: Int, seed: UInt64, asOf: CivilDate, to directory: String) throws -> GeneratorSummary {
        precondition(accounts >= 0 && accounts < 10_000_000, "account ids have seven digits")
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw GeneratorError.notADirectory(directory) }
        } else {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let team = Team(accounts: accounts)
        var files = try ExportFiles(directory: directory)
        if accounts > 0 {
            for number in 1...accounts {
                var rng = SplitMix64(seed: seed, stream: UInt64(number))
                let profile = AccountProfile.make(number: number, team: team, asOf: asOf, rng: &rng)
                var writer = AccountWriter(profile: profile, asOf: asOf, rng: rng,
                                           extra: SplitMix64(seed: seed ^ AccountWriter.extraSeed, stream: UInt64(number)))
                try writer.write(to: &files)
            }
        }
        try files.close()
        return GeneratorSummary(
            accounts: accounts,
            files: files.rowCounts.map { GeneratorFileCount(file: $0.file, rows: $0.rows) }
        )
    }
}
