import JSON
import Testing

@Suite struct JSONSerializationTests {
    static let sample: JSON = ["name": "ci", "ok": true, "runs": [1, 2.5, nil], "meta": [:], "tags": []]

    @Test func compact() {
        #expect(Self.sample.serialized() == #"{"name":"ci","ok":true,"runs":[1,2.5,null],"meta":{},"tags":[]}"#)
    }

    @Test func pretty() {
        let expected = """
            {
              "name": "ci",
              "ok": true,
              "runs": [
                1,
                2.5,
                null
              ],
              "meta": {},
              "tags": []
            }
            """
        #expect(Self.sample.serialized(.pretty) == expected)
    }

    @Test func sortedKeys() {
        let value: JSON = ["b": 1, "a": ["z": 0, "y": 1], "é": 2, "B": 3]
        #expect(value.serialized(.sortedKeys) == #"{"B":3,"a":{"y":1,"z":0},"b":1,"é":2}"#)
        #expect(value.serialized([.sortedKeys, .pretty]).hasPrefix("{\n  \"B\": 3,\n  \"a\": {\n    \"y\": 1,"))
    }

    @Test func insertionOrderIsKeptByDefault() {
        let value: JSON = ["zeta": 1, "alpha": 2, "mid": 3]
        #expect(value.serialized() == #"{"zeta":1,"alpha":2,"mid":3}"#)
    }

    @Test func stringEscapes() {
        let value: JSON = .string("q\"b\\s/n\nr\rt\tb\u{08}f\u{0C}c\u{01}\u{1F}é😀\u{7F}")
        #expect(value.serialized() == #""q\"b\\s/n\nr\rt\tb\bf\fc\u0001\u001fé😀"# + "\u{7F}\"")
    }

    @Test func integers() {
        #expect(JSON.int(.min).serialized() == "-9223372036854775808")
        #expect(JSON.int(.max).serialized() == "9223372036854775807")
        #expect(JSON.int(0).serialized() == "0")
        #expect(JSON.int(-42).serialized() == "-42")
    }

    @Test func doublesUseTheShortestRoundTripForm() throws {
        let cases: [(Double, String)] = [
            (0.1, "0.1"), (1e300, "1e+300"), (-2.5, "-2.5"), (1.0, "1.0"), (.leastNonzeroMagnitude, "5e-324"),
            (-0.0, "-0.0"), (1e-7, "1e-07"), (123456.789, "123456.789"),
        ]
        for (number, text) in cases {
            #expect(JSON.double(number).serialized() == text)
            let back = try JSON(parsing: text)
            guard case .double(let parsed) = back else {
                Issue.record("\(text) did not parse as a double")
                continue
            }
            #expect(parsed == number && parsed.sign == number.sign)
        }
    }

    @Test func nonFiniteDoublesBecomeNull() {
        let value: JSON = [.double(.infinity), .double(-.infinity), .double(.nan)]
        #expect(value.serialized() == "[null,null,null]")
    }

    @Test func bytesAndStringAgree() {
        let bytes = Self.sample.serializedBytes([.pretty])
        #expect(String(decoding: bytes, as: UTF8.self) == Self.sample.serialized(.pretty))
    }

    @Test func reparsesToAnEqualValue() throws {
        for options in [[], .pretty, .sortedKeys, [.pretty, .sortedKeys]] as [JSONSerializationOptions] {
            #expect(try JSON(parsing: Self.sample.serialized(options)) == Self.sample)
        }
    }
}
