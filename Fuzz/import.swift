// libFuzzer entry for the import readers; built by scripts/fuzz, never by SwiftPM (see docs/fuzzing.md).
import FuzzChecks

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImport(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    // A broken property is a crash to libFuzzer: it saves the input and stops.
    if let violation = ImportFuzz.run(bytes).violations.first { fatalError(violation) }
    return 0
}
