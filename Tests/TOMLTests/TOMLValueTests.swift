import TOML
import Testing

/// Decoded values and their canonical renderings.
@Suite struct TOMLValueTests {
    private func value(_ literal: String) throws -> TOMLValue? {
        try TOML.parse("v = " + literal)["v"]?.value
    }

    @Test(arguments: [
        ("0x7FFF_FFFF_FFFF_FFFF", Int64.max),
        ("-9_223_372_036_854_775_808", Int64.min),
        ("0o755", 493),
        ("0b1010", 10),
        ("+17", 17),
        ("-0", 0),
    ])
    func integers(literal: String, expected: Int64) throws {
        #expect(try value(literal) == .integer(expected))
    }

    @Test func floats() throws {
        #expect(try value("6.626e-34") == .float(6.626e-34))
        #expect(try value("1_000.5E+1_0") == .float(1000.5e10))
        #expect(try value("-inf") == .float(-.infinity))
        #expect(try value("nan")?.floatValue?.isNaN == true)
        #expect(try value("-0.0")?.floatValue?.sign == .minus)
    }

    @Test(arguments: [
        ("1979-05-27 07:32:00z", "1979-05-27T07:32:00Z", "offset date-time"),
        ("1979-05-27T00:32:00.999999-07:00", "1979-05-27T00:32:00.999999-07:00", "offset date-time"),
        ("1979-05-27T07:32:00.1234567891+05:30", "1979-05-27T07:32:00.123456789+05:30", "offset date-time"),
        ("2000-02-29T07:32:00", "2000-02-29T07:32:00", "local date-time"),
        ("2024-02-29", "2024-02-29", "local date"),
        ("07:32:00.500", "07:32:00.5", "local time"),
    ])
    func dateTimes(literal: String, canonical: String, typeName: String) throws {
        let decoded = try #require(try value(literal))
        #expect(decoded.typeName == typeName)
        #expect(decoded.dateTimeValue?.description == canonical)
    }

    @Test(arguments: ["1900-02-29", "2023-02-29", "2023-04-31", "2023-13-01", "2023-00-10", "24:00:00", "12:60:00"])
    func impossibleDatesAndTimesAreRejected(literal: String) {
        #expect(throws: TOMLError.self) { try value(literal) }
    }

    @Test func stringsOfEveryKind() throws {
        #expect(try value(#""tab\there \u00E9 \U0001F600""#) == .string("tab\there é 😀"))
        #expect(try value(#"'C:\no\escapes'"#) == .string(#"C:\no\escapes"#))
        #expect(try value("\"\"\"\r\none\r\ntwo\"\"\"\"\"") == .string("one\ntwo\"\""))
        #expect(try value("'''\nit's'''") == .string("it's"))
    }

    @Test func tablesKeepDocumentOrderAndIterate() throws {
        let root = try TOML.parse("z = 1\na = 2\n[m]\nk = true\n")
        #expect(root.keys == ["z", "a", "m"])
        #expect(root.map(\.key) == ["z", "a", "m"])
        #expect(root.count == 3)
        #expect(root["m"]?.value.tableValue?["k"]?.value.booleanValue == true)
        #expect(root["nope"] == nil)
    }

    @Test func arraysMayMixTypes() throws {
        let array = try #require(try value("[ 1, 'two', [3.0], { four = 4 }, ]")?.arrayValue)
        #expect(array.map(\.value.typeName) == ["integer", "string", "array", "table"])
    }
}
