import JSON
import Sniffer
import Testing

/// A document's id as `_id` (the reference's examples) or `id` (an API that
/// renames it): every decoder takes either, and refuses a document with neither.
@Suite struct DocumentIDTests {
    static let spellings: [(document: JSON, id: String)] = [
        (["_id": "b1", "summary": "s", "name": "n"], "b1"),
        (["id": "b2", "summary": "s", "name": "n"], "b2"),
        (["id": 42, "summary": "s", "name": "n"], "42"),
        (["_id": "b3", "id": "other", "summary": "s", "name": "n"], "b3"),
    ]

    @Test(arguments: spellings)
    func everyDecoderTakesEitherSpelling(document: JSON, id: String) throws {
        #expect(try SnifferBug.decode(document, keyField: "integrationKey", platformField: "integrationPlatform").get().id == id)
        #expect(try SnifferComment.decode(document).get().id == id)
        #expect(try SnifferStatus.decode(document).get().id == id)
        #expect(try SnifferProject.decode(document).get().id == id)
    }

    @Test func aDocumentWithoutEitherIsRefusedAndSaysWhy() {
        for document: JSON in [["summary": "s"], ["_id": "", "name": "n"], ["id": true, "name": "n"]] {
            guard case .failure(let error) = SnifferBug.decode(document, keyField: "k", platformField: "p") else {
                Issue.record("decoded \(document)")
                continue
            }
            #expect("\(error)".contains(#""_id" or "id""#))
        }
    }
}
