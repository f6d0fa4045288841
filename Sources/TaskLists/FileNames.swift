import Foundation

/// File names from owner names. An owner name is whatever the repository holds (a person's name,
/// an e-mail address, a queue, or something hostile such as `../../etc/passwd`), so names are
/// reduced to lowercase ASCII letters, digits and single hyphens: never a dot, slash or empty
/// name, so never a path outside the output directory or a hidden file.
package enum FileNames {
    /// Base names the index uses; a CSM called "Index" must not overwrite the leaders' page.
    static let reserved: Set<String> = ["index", "owners"]
    /// Keeps names readable in a file listing and far below any file system's limit.
    static let maxLength = 48

    /// Owner → base name, unique among the owners given.
    ///
    /// Deterministic: the same set of owners always gives the same names. When two owners reduce
    /// to the same base (`Ana Ruiz` and `ana.ruiz`), both get a suffix from a hash of the exact
    /// name rather than a counter, so each keeps its name however many others collide with it.
    package static func assign(_ owners: [String]) -> [String: String] {
        let sorted = Set(owners).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var bases: [String: String] = [:]
        var uses: [String: Int] = [:]
        for o in sorted {
            let b = base(o)
            bases[o] = b
            uses[b, default: 0] += 1
        }
        var taken: Set<String> = []
        var out: [String: String] = [:]
        for o in sorted {
            let b = bases[o]!
            var name = b.isEmpty ? "csm-" + hash(o)
                : (reserved.contains(b) || uses[b]! > 1) ? b + "-" + hash(o) : b
            // Only if a hashed name meets a plain one (or two hashes collide): still unique.
            if taken.contains(name) {
                var n = 2
                while taken.contains("\(name)-\(n)") { n += 1 }
                name = "\(name)-\(n)"
            }
            taken.insert(name)
            out[o] = name
        }
        return out
    }

    /// `Tomás Herrera` → `tomas-herrera`; empty when nothing Latin is left.
    static func base(_ owner: String) -> String {
        var out = ""
        var pendingHyphen = false
        // Canonical decomposition splits `á` into `a` and a combining accent, which is dropped.
        for u in owner.decomposedStringWithCanonicalMapping.unicodeScalars {
            let piece: String?
            switch u {
            case "a"..."z", "0"..."9": piece = String(u)
            case "A"..."Z": piece = String(u).lowercased()
            default: piece = extraLetters[u]
            }
            if let piece {
                if pendingHyphen, !out.isEmpty { out += "-" }
                pendingHyphen = false
                out += piece
            } else if u.properties.generalCategory != .nonspacingMark {
                pendingHyphen = true
            }
            if out.count >= maxLength { break }
        }
        while out.count > maxLength || out.hasSuffix("-") { out.removeLast() }
        return out
    }

    /// Latin letters that have no decomposition.
    static let extraLetters: [Unicode.Scalar: String] = [
        "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ß": "ss", "đ": "d", "Đ": "d",
        "ł": "l", "Ł": "l", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d", "ı": "i",
    ]

    /// FNV-1a, 32 bits, as 8 hex digits: stable across runs, platforms and Swift versions
    /// (unlike `hashValue`, which is seeded per process).
    static func hash(_ s: String) -> String {
        var h: UInt32 = 0x811C_9DC5
        for b in s.utf8 {
            h ^= UInt32(b)
            h = h &* 0x0100_0193
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
