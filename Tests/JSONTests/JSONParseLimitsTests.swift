import Foundation
import JSON
import Testing

@Suite struct JSONParseLimitsTests {
    static func nested(_ depth: Int) -> [UInt8] {
        Array(repeating: UInt8(ascii: "["), count: depth) + Array(repeating: UInt8(ascii: "]"), count: depth)
    }

    @Test func defaultsAre512LevelsAnd16MiB() {
        let limits = JSONParseLimits()
        #expect(limits.maxDepth == 512)
        #expect(limits.maxBytes == 16 * 1024 * 1024)
    }

    @Test func depthAtTheLimitIsAccepted() throws {
        var value = try JSON(parsing: Self.nested(512))
        var depth = 0
        while case .array(let inner) = value {
            depth += 1
            value = inner.first ?? .null
        }
        #expect(depth == 512)
    }

    @Test func depthBeyondTheLimitIsRejectedAtTheOpeningBracket() throws {
        let error = try #require(throws: JSONParseError.self) { try JSON(parsing: Self.nested(513)) }
        #expect(error == JSONParseError(.tooDeep(limit: 512), at: 512))
        #expect(error.description == "nesting deeper than 512 at byte 512")
    }

    @Test func depthCountsObjectsAndArraysTogether() throws {
        let limits = JSONParseLimits(maxDepth: 2)
        #expect(try JSON(parsing: "{\"a\":[1]}", limits: limits) == ["a": [1]])
        let error = try #require(throws: JSONParseError.self) {
            try JSON(parsing: "{\"a\":[{}]}", limits: limits)
        }
        #expect(error.description == "nesting deeper than 2 at byte 6")
    }

    @Test func hundredThousandOpeningBracketsHitTheLimitNotTheStack() throws {
        let document = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        let error = try #require(throws: JSONParseError.self) { try JSON(parsing: document) }
        #expect(error == JSONParseError(.tooDeep(limit: 512), at: 512))
    }

    @Test func sizeLimitIsInclusive() throws {
        let limits = JSONParseLimits(maxBytes: 7)
        #expect(try JSON(parsing: "[1,2,3]", limits: limits) == [1, 2, 3])
        let error = try #require(throws: JSONParseError.self) { try JSON(parsing: "[1,2,34]", limits: limits) }
        #expect(error == JSONParseError(.tooLarge(size: 8, limit: 7), at: 7))
        #expect(error.description == "document of 8 bytes exceeds the limit of 7")
    }

    @Test func sizeLimitAppliesToEveryEntryPoint() throws {
        let limits = JSONParseLimits(maxBytes: 3)
        let expected = JSONParseError(.tooLarge(size: 4, limit: 3), at: 3)
        #expect(throws: expected) { try JSON(parsing: "null", limits: limits) }
        #expect(throws: expected) { try JSON(parsing: Data("null".utf8), limits: limits) }
        #expect(throws: expected) { try JSON(parsing: "null".utf8.lazy.map { $0 }, limits: limits) }
    }

    @Test func theDefaultSizeLimitMessage() {
        let error = JSONParseError(.tooLarge(size: 20_000_000, limit: 16_777_216), at: 16_777_216)
        #expect(error.description == "document of 20000000 bytes exceeds the limit of 16777216")
    }
}
