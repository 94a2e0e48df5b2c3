import Foundation
import JSON
import TestSupport
import Testing

/// `JSON(parsingLazily:)` and `JSON.parsingLazilyMinifying` accept, reject
/// and read exactly like `JSON(parsing:)`; they only build nested objects later.
@Suite struct JSONLazyParsingTests {
    /// Both parses of `bytes`: the same value, or the same error at the same offset.
    static func disagreement(_ bytes: [UInt8]) -> String? {
        let eager = Result { () throws(JSONParseError) -> JSON in try JSON(parsing: bytes) }
        let lazy = Result { () throws(JSONParseError) -> JSON in try JSON(parsingLazily: bytes) }
        switch (eager, lazy) {
        case (.success(let a), .success(let b)):
            // First through the member index (before `!=` builds every object).
            if let problem = memberReadDisagreement(b, a) { return "member reads: \(problem)" }
            if a != b { return "values differ" }
            if a.serializedBytes() != b.serializedBytes() { return "serializations differ" }
            // The minifying parse: the same value, and its bytes parse back to it.
            guard let (value, minified) = try? JSON.parsingLazilyMinifying(bytes) else { return "the minifying parse failed" }
            if value != a { return "the minifying parse's value differs" }
            if (try? JSON(parsing: minified)) != a { return "the minified bytes parse to another value" }
            if minified.count > bytes.count { return "the minified bytes are longer" }
            return nil
        case (.failure(let a), .failure(let b)):
            if a != b { return "errors differ: \(a) vs \(b)" }
            let minifying = Result { () throws(JSONParseError) -> JSON in try JSON.parsingLazilyMinifying(bytes).value }
            guard case .failure(let c) = minifying, c == a else { return "the minifying parse disagrees" }
            return nil
        case (.success, .failure(let error)):
            return "only the lazy parse failed: \(error)"
        case (.failure(let error), .success):
            return "only the lazy parse accepted (eager: \(error))"
        }
    }

    @Test func agreesWithTheEagerParseOnAllOfJSONTestSuite() throws {
        let folder = try SharedFiles.url("conformance/JSONTestSuite/test_parsing")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(names.count >= 318)
        var disagreements: [String] = []
        for name in names.sorted() {
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
            if let problem = Self.disagreement(bytes) { disagreements.append("\(name): \(problem)") }
        }
        #expect(disagreements.isEmpty, "\(disagreements)")
    }

    @Test func agreesWithTheEagerParseOnDamagedNestedDocuments() {
        var random = RandomJSON(generator: SeededGenerator(state: 0x1A2_E5ED))
        var disagreements: [String] = []
        var rejected = 0
        for round in 0..<3000 {
            // An object wrapping random values, so the damage lands in lazy objects.
            let inner: JSON = ["a": random.value(depth: 1), "b": ["c": random.value(depth: 2)]]
            var bytes = JSON.object(["outer": inner, "n": 1]).serializedBytes()
            if round % 4 != 0 {
                let at = Int.random(in: 0..<bytes.count, using: &random.generator)
                bytes[at] = random.damageByte()
            }
            if (try? JSON(parsing: bytes)) == nil { rejected += 1 }
            if let problem = Self.disagreement(bytes) { disagreements.append("round \(round): \(problem)") }
        }
        #expect(rejected > 500, "the damage should reject many documents, rejected \(rejected)")
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }

    @Test func agreesWithTheEagerParseOnEveryWebhookFixture() throws {
        for name in try JSONFixtureTests.fixtureNames() {
            let bytes = try SharedFiles.fixture(name)
            #expect(Self.disagreement(bytes) == nil, "\(name): \(Self.disagreement(bytes) ?? "")")
            let lazy = try JSON(parsingLazily: bytes)
            #expect(lazy.serialized([.pretty, .sortedKeys]) == (try JSON(parsing: bytes)).serialized([.pretty, .sortedKeys]))
        }
    }

    @Test func nestedObjectsAreBuiltOnlyWhenRead() throws {
        let bytes = try SharedFiles.fixture("github/workflow_run.completed.failure.json")
        let payload = try JSON(parsingLazily: bytes)
        let root = try #require(payload.objectValue)
        #expect(root.hasBuiltMembers, "the outermost object is built at once")
        let run = try #require(root["workflow_run"]?.objectValue)
        let repository = try #require(root["repository"]?.objectValue)
        #expect(!run.hasReadMembers && !repository.hasReadMembers, "nested objects start as bytes")
        #expect(run["conclusion"] == "failure")
        #expect(run.hasReadMembers, "reading a member indexes the object")
        #expect(!run.hasBuiltMembers, "and parses that member only")
        #expect(!repository.hasReadMembers, "an object nothing read stays bytes")
        let headRepository = try #require(run["head_repository"]?.objectValue)
        #expect(!headRepository.hasReadMembers, "reading a member leaves its own nested objects lazy")
        #expect(payload["workflow_run"]?["head_repository"]?["owner"]?["login"] == "clee2000")
        #expect(headRepository.hasReadMembers, "the copies share one index")
        #expect(run.keys.count == (try JSON(parsing: bytes))["workflow_run"]?.objectValue?.count)
        #expect(run.hasBuiltMembers, "what needs every member builds the object")
        #expect(run["conclusion"] == "failure" && run["no such key"] == nil)
    }

    /// Every member of every object of every JSON fixture reads the same
    /// through the member index as from an eager parse.
    @Test func readingMembersOneByOneGivesWhatTheEagerParseGives() throws {
        for name in try JSONFixtureTests.fixtureNames() {
            let bytes = try SharedFiles.fixture(name)
            #expect(Self.memberReadDisagreement(try JSON(parsingLazily: bytes), try JSON(parsing: bytes)) == nil, "\(name)")
        }
    }

    /// Where reading `lazy` member by member (through the member index,
    /// never a build) first differs from `eager`, absent keys included.
    static func memberReadDisagreement(_ lazy: JSON, _ eager: JSON, path: String = "$") -> String? {
        switch eager {
        case .object(let object):
            for (key, value) in object.members {
                guard let member = lazy[key] else { return "\(path).\(key) missing" }
                if let problem = memberReadDisagreement(member, value, path: path + "." + key) { return problem }
            }
            return lazy["\u{0}absent"] == nil ? nil : "\(path) has an absent key"
        case .array(let elements):
            guard let lazyElements = lazy.arrayValue, lazyElements.count == elements.count else {
                return "\(path) is not the same array"
            }
            for (offset, element) in elements.enumerated() {
                if let problem = memberReadDisagreement(lazyElements[offset], element, path: path + "[\(offset)]") {
                    return problem
                }
            }
            return nil
        default:
            return lazy == eager ? nil : "\(path) differs"
        }
    }

    @Test func escapedAndEmptyKeysAndEveryValueKindAreFound() throws {
        let text = #"""
            {"o": {"": 0, "a\"b": 1, "café": "x", "é": [1, {"k": null}], "t": true, "n": -1.5e3,
                   "s": "\u00e9\n", "nested": {"deep": {"x": "y"}}, "last": {}}}
            """#
        let lazy = try JSON(parsingLazily: Array(text.utf8))
        let eager = try JSON(parsing: text)
        for key in ["", "a\"b", "café", "é", "t", "n", "s", "nested", "last"] {
            #expect(lazy["o"]?[key] == eager["o"]?[key], "\(key)")
        }
        #expect(lazy["o"]?["nested"]?["deep"]?["x"] == "y")
        #expect(lazy["o"]?["a"] == nil && lazy["o"]?["cafe"] == nil)
    }

    @Test func aLazyObjectIsBuiltOnceWhenReadFromManyThreads() async throws {
        let bytes = try SharedFiles.fixture("github/workflow_run.completed.failure.json")
        let payload = try JSON(parsingLazily: bytes)
        let expected = try JSON(parsing: bytes)["workflow_run"]
        let results = await withTaskGroup(of: JSON?.self) { group in
            for _ in 0..<8 { group.addTask { payload["workflow_run"] } }
            return await group.reduce(into: [JSON?]()) { $0.append($1) }
        }
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0 == expected })
    }

    @Test func assigningIntoALazyObjectChangesOnlyThatCopy() throws {
        let payload = try JSON(parsingLazily: Array(#"{"outer": {"inner": {"x": 1}, "y": 2}}"#.utf8))
        var outer = try #require(payload["outer"]?.objectValue)
        #expect(!outer.hasBuiltMembers)
        outer["y"] = 3
        outer["z"] = "new"
        #expect(outer["y"] == 3 && outer["z"] == "new" && outer["inner"]?["x"] == 1)
        #expect(outer.keys == ["inner", "y", "z"])
        #expect(payload["outer"]?["y"] == 2, "the parsed value is unchanged")
        #expect(payload["outer"]?["z"] == nil)
    }

    @Test func aDuplicateKeyResolvesAsInTheEagerParse() throws {
        let text = #"{"a": {"k": {"v": 1}, "k": {"v": 2}}, "a": {"k": {"v": 3}}}"#
        let lazy = try JSON(parsingLazily: Array(text.utf8))
        #expect(lazy == (try JSON(parsing: text)))
        #expect(lazy["a"]?["k"]?["v"] == 3)
    }

    @Test func theLimitsApplyToTheWholeDocument() {
        let deep = Array((String(repeating: "{\"a\":", count: 20) + "1" + String(repeating: "}", count: 20)).utf8)
        #expect(throws: JSONParseError.self) { try JSON(parsingLazily: deep, limits: JSONParseLimits(maxDepth: 10)) }
        #expect((try? JSON(parsingLazily: deep, limits: JSONParseLimits(maxDepth: 20))) != nil)
        let big = Array(#"{"a": "0123456789"}"#.utf8)
        #expect(throws: JSONParseError.self) { try JSON(parsingLazily: big, limits: JSONParseLimits(maxBytes: 10)) }
    }
}
