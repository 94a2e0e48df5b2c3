import Foundation
import TOML
import TestSupport
import Testing

/// Runs toml-test's TOML 1.0.0 suite from `../shared/conformance/toml-test`:
/// every valid document must decode to its tagged-JSON twin, every invalid
/// one must be rejected.
@Suite struct TOMLConformanceTests {
    static let suite = "conformance/toml-test/tests"

    @Test func tomlTestSuite100() throws {
        let list = try String(decoding: SharedFiles.bytes("\(Self.suite)/files-toml-1.0.0"), as: UTF8.self)
        let paths = list.split(whereSeparator: \.isNewline).map(String.init)
        var validTotal = 0
        var validPassed = 0
        var invalidTotal = 0
        var invalidPassed = 0
        var failures: [String] = []
        for path in paths where path.hasSuffix(".toml") {
            let bytes = try SharedFiles.bytes("\(Self.suite)/\(path)")
            if path.hasPrefix("valid/") {
                validTotal += 1
                let jsonPath = String(path.dropLast(".toml".count)) + ".json"
                let expected = try JSONSerialization.jsonObject(
                    with: Data(SharedFiles.bytes("\(Self.suite)/\(jsonPath)")), options: [.fragmentsAllowed])
                do {
                    let table = try TOML.parse(bytes: bytes)
                    let node = TOMLNode(value: .table(table), position: TOMLPosition(line: 1, column: 1))
                    if let mismatch = TaggedJSON.mismatch(node, expected, path: "") {
                        failures.append("\(path): \(mismatch)")
                    } else {
                        validPassed += 1
                    }
                } catch {
                    failures.append("\(path): rejected: \(error)")
                }
            } else if path.hasPrefix("invalid/") {
                invalidTotal += 1
                do {
                    let table = try TOML.parse(bytes: bytes)
                    failures.append("\(path): accepted, decoded \(table.count) top-level keys")
                } catch {
                    invalidPassed += 1
                }
            }
        }
        print("toml-test 1.0.0: valid \(validPassed)/\(validTotal), invalid \(invalidPassed)/\(invalidTotal)")
        #expect(validTotal > 200)
        #expect(invalidTotal > 400)
        #expect(failures.isEmpty, Comment(rawValue: "\(failures.count) failing cases:\n" + failures.joined(separator: "\n")))
    }
}
