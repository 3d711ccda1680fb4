// libFuzzer target over the store's record decoder (Sources/Store/RecordDecoder.swift).
//
// Built by scripts/fuzz-decoder.sh with
//   swiftc -sanitize=fuzzer,address -parse-as-library \
//     Sources/Store/Record.swift Sources/Store/RecordDecoder.swift Sources/Store/RecordEncoder.swift \
//     Fuzz/RecordDecoderFuzz.swift
// The corpus in Fuzz/corpus/record-decoder/ is replayed by Tests/ReliabilityTests.
//
// Properties checked on every input (one store line, without its newline):
//   1. decoding never traps, whatever the bytes;
//   2. whatever decodes re-encodes to one line that decodes again, and encoding that is a fixed
//      point: the decoder and the encoder agree on every escape, path byte and number.

@_cdecl("LLVMFuzzerTestOneInput")
public func recordDecoderFuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    checkRecordDecoderRoundTrip(bytes)
    return 0
}

func checkRecordDecoderRoundTrip(_ bytes: [UInt8]) {
    let decoder = RecordDecoder()
    let encoder = RecordEncoder()
    guard let first = try? decoder.decode(bytes) else { return }
    let encoded = encoder.encode(first)
    guard encoded.last == 0x0A, encoded.dropLast().firstIndex(of: 0x0A) == nil else {
        fatalError("an encoded record is not exactly one line")
    }
    let second: Record
    do {
        second = try decoder.decode(Array(encoded.dropLast()))
    } catch {
        fatalError("the encoder wrote a line the decoder rejects: \(error)")
    }
    guard encoder.encode(second) == encoded else {
        fatalError("decode(encode(record)) differs from record")
    }
}
