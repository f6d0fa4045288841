import Foundation

/// Hands back the String of a recently read value when the same text comes again. Columns
/// like a document's kind or a task's owner repeat a few values over millions of rows; making
/// each into a new String (and freeing it later, often on another thread) was a tenth of
/// loading. A column whose values do not repeat stops being looked up after a while.
struct TextInterner {
    private var recent: [String] = []
    private var next = 0
    private var looked = 0, found = 0

    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return "" }
        guard looked < 256 || found * 2 >= looked else { return String(decoding: bytes, as: UTF8.self) }
        looked += 1
        for s in recent where s.utf8.count == bytes.count {
            if s.utf8.withContiguousStorageIfAvailable({ memcmp($0.baseAddress!, base, bytes.count) == 0 }) == true {
                found += 1
                return s
            }
        }
        let s = String(decoding: bytes, as: UTF8.self)
        if recent.count < 8 {
            recent.append(s)
        } else {
            recent[next] = s
            next = (next + 1) & 7
        }
        return s
    }
}
