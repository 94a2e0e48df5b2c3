import Foundation
import JSON
import TestSupport
import Testing

/// JSONTestSuite (github.com/nst/JSONTestSuite): `y_` files must parse, `n_`
/// files must be rejected, `i_` files may go either way but must return.
@Suite struct JSONConformanceTests {
    @Test func jsonTestSuite() throws {
        let folder = try SharedFiles.url("conformance/JSONTestSuite/test_parsing")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        // For y and i: how many parsed; for n: how many were rejected.
        var passed = (y: 0, n: 0, i: 0)
        var totals = (y: 0, n: 0, i: 0)
        var misbehaving: [String] = []
        for name in names {
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
            let parsed = (try? JSON(parsing: bytes)) != nil
            switch name.prefix(2) {
            case "y_":
                totals.y += 1
                if parsed { passed.y += 1 } else { misbehaving.append(name) }
            case "n_":
                totals.n += 1
                if parsed { misbehaving.append(name) } else { passed.n += 1 }
            case "i_":
                totals.i += 1
                if parsed { passed.i += 1 }
            default:
                Issue.record("unexpected file \(name)")
            }
        }
        print(
            "JSONTestSuite: y \(passed.y)/\(totals.y) accepted, n \(passed.n)/\(totals.n) rejected, "
                + "i \(totals.i) returned (\(passed.i) accepted, \(totals.i - passed.i) rejected)")
        #expect(totals.y >= 95 && totals.n >= 188 && totals.i >= 35, "the suite looks incomplete: \(totals)")
        #expect(misbehaving.isEmpty, "misbehaving: \(misbehaving)")
    }

    @Test func deepOpeningArraysAreRejectedByTheDepthLimit() throws {
        let url = try SharedFiles.url("conformance/JSONTestSuite/test_parsing/n_structure_100000_opening_arrays.json")
        let bytes = [UInt8](try Data(contentsOf: url))
        let error = try #require(throws: JSONParseError.self) { try JSON(parsing: bytes) }
        #expect(error.reason == .tooDeep(limit: 512))
    }
}
