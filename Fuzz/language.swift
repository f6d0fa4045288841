// libFuzzer entry for the language; built by scripts/fuzz, never by SwiftPM (see docs/fuzzing.md).
import FuzzChecks

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLanguage(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    // A broken property is a crash to libFuzzer: it saves the input and stops.
    if let violation = LanguageFuzz.run(bytes).violations.first { fatalError(violation) }
    return 0
}
