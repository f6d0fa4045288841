import Foundation

/// One spelling for text that Unicode spells two ways. "é" may be one code point or "e" plus a
/// combining accent (NFC or NFD; macOS file names and some exports use the second): Swift
/// compares them equal, SQLite compares bytes, so an id or owner name in both forms was one
/// value in one place and two in another. Import stores NFC, and names given on the command
/// line are brought to NFC before they are looked up.
package enum UnicodeText {
    package static func nfc(_ s: String) -> String {
        s.utf8.allSatisfy { $0 < 0x80 } ? s : s.precomposedStringWithCanonicalMapping
    }
}

/// A cell's text as stored: UTF-8 decoded, in NFC. ASCII, nearly every cell, is taken as is.
enum ImportText {
    static func string(_ b: UnsafeBufferPointer<UInt8>) -> String {
        let s = String(decoding: b, as: UTF8.self)
        return b.allSatisfy { $0 < 0x80 } ? s : s.precomposedStringWithCanonicalMapping
    }

    static func string(_ b: ArraySlice<UInt8>) -> String {
        b.withUnsafeBufferPointer { string($0) }
    }
}

extension ImportText {
    /// A NUL or a byte-order mark inside a value: never data, always a broken export (a
    /// binary file, or files joined with their marks); nil for ordinary text.
    static func forbidden(_ s: String) -> ImportMessage? {
        guard s.utf8.contains(where: { $0 == 0 || $0 == 0xEF }) else { return nil }
        for u in s.unicodeScalars {
            if u == "\u{0}" { return .nulInField }
            if u == "\u{FEFF}" { return .byteOrderMarkInField }
        }
        return nil
    }
}
