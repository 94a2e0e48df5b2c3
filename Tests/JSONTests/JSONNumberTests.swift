import JSON
import Testing

/// `JSON ==` treats `.int(1)` and `.double(1)` as equal, so these tests match
/// the case itself to check which one the parser chose.
@Suite struct JSONNumberTests {
    static func integer(_ text: String) throws -> Int64? {
        if case .int(let value) = try JSON(parsing: text) { return value }
        return nil
    }

    static func double(_ text: String) throws -> Double? {
        if case .double(let value) = try JSON(parsing: text) { return value }
        return nil
    }

    @Test func int64EdgesStayExactIntegers() throws {
        #expect(try Self.integer("9223372036854775807") == .max)
        #expect(try Self.integer("-9223372036854775808") == .min)
        #expect(try Self.integer("-9223372036854775807") == .min + 1)
        #expect(try Self.integer("0") == 0)
        #expect(try Self.integer("-1") == -1)
        #expect(try Self.integer("1234567890123456789") == 1_234_567_890_123_456_789)
    }

    @Test func integersBeyondInt64BecomeDoubles() throws {
        #expect(try Self.double("9223372036854775808") == 9_223_372_036_854_775_808.0)
        #expect(try Self.double("-9223372036854775809") == -9_223_372_036_854_775_809.0)
        #expect(try Self.double("18446744073709551616") == 18_446_744_073_709_551_616.0)
        #expect(try Self.double("123456789012345678901234567890") == 1.2345678901234568e29)
        let long = "1" + String(repeating: "0", count: 300)
        #expect(try Self.double(long) == 1e300)
    }

    @Test func minusZero() throws {
        // An integer minus zero is the integer 0; as a double it keeps its sign.
        #expect(try Self.integer("-0") == 0)
        let negativeZero = try #require(try Self.double("-0.0"))
        #expect(negativeZero == 0 && negativeZero.sign == .minus)
        #expect(try Self.double("-0e0")?.sign == .minus)
    }

    @Test func fractionsAndExponentsAreDoubles() throws {
        #expect(try Self.double("1.5") == 1.5)
        #expect(try Self.double("1.0") == 1.0)
        #expect(try Self.double("1E2") == 100)
        #expect(try Self.double("1e+2") == 100)
        #expect(try Self.double("1e-2") == 0.01)
        #expect(try Self.double("-2.5e-3") == -0.0025)
        #expect(try Self.double("0.1") == 0.1)
        #expect(try Self.double("1e300") == 1e300)
        #expect(try Self.double("1.7976931348623157e308") == .greatestFiniteMagnitude)
        #expect(try Self.double("5e-324") == .leastNonzeroMagnitude)
        #expect(try Self.double("1e-400") == 0)
        #expect(try Self.double("0.30000000000000004") == 0.1 + 0.2)
    }

    @Test func numbersEndAtTheEndOfTheBuffer() throws {
        // The number's last digit is the buffer's last byte (no NUL follows it).
        let bytes = Array("[12.75]".utf8)
        #expect(try JSON(parsing: bytes[1..<6]) == 12.75)
        #expect(try JSON(parsing: bytes[1..<3]) == 12)
    }

    @Test func numbersInsideStructures() throws {
        let value = try JSON(parsing: "{\"a\":[-1,2.5e1,0]}")
        #expect(value == ["a": [-1, 25, 0]])
        #expect(value["a"]?[1]?.doubleValue == 25)
    }
}
