import Foundation

/// A file read front to back a window at a time, for readers that must not hold the whole
/// file: the largest export file is more than a gigabyte.
package final class ByteSource {
    /// Bytes asked of the file at a time: large enough that reads cost nothing next to parsing.
    package static let defaultChunk = 1 << 20

    /// Bytes asked at a time; tests make it tiny so rows cross window edges.
    package let chunk: Int

    private let handle: FileHandle
    package private(set) var atEnd = false
    /// Reading stopped on an error rather than at the end of the file.
    package private(set) var failed = false

    package init?(path: String, chunk: Int = defaultChunk) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
        self.chunk = max(1, chunk)
    }

    deinit { try? handle.close() }

    /// The whole file, for readers that need it whole (JSON).
    static func readAll(path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    /// Appends at least `count` bytes to `buffer`, fewer only at the end of the file.
    func read(into buffer: inout [UInt8], atLeast count: Int) {
        var wanted = count
        while wanted > 0, !atEnd {
            do {
                guard let data = try handle.read(upToCount: wanted), !data.isEmpty else { atEnd = true; break }
                buffer.append(contentsOf: data)
                wanted -= data.count
            } catch {
                failed = true
                atEnd = true
            }
        }
    }
}
