import JSON
import Testing

@Suite struct JSONValueTests {
    @Test func objectsCompareWithoutRegardToKeyOrder() {
        let a: JSON = ["x": 1, "y": "two"]
        let b: JSON = ["y": "two", "x": 1]
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != ["x": 1, "y": "three"])
    }

    @Test func objectsKeepInsertionOrder() {
        var object = JSONObject()
        for key in ["zeta", "alpha", "mid"] { object[key] = .string(key) }
        object["alpha"] = 1  // replacing keeps the position
        #expect(object.keys == ["zeta", "alpha", "mid"])
        #expect(object["alpha"] == 1)
    }

    @Test func largeObjectsStayCorrectOnceIndexed() {
        var object = JSONObject()
        for i in 0..<40 { object["k\(i)"] = .int(Int64(i)) }
        #expect(object["k33"] == 33)
        object["k5"] = nil
        #expect(object["k5"] == nil)
        #expect(object["k39"] == 39)
        #expect(object.count == 39)
        #expect(object.keys.first == "k0")
    }

    @Test func integersAndIntegralDoublesAreEqual() {
        #expect(JSON.int(3) == JSON.double(3.0))
        #expect(JSON.int(3).hashValue == JSON.double(3.0).hashValue)
        #expect(JSON.int(3) != JSON.double(3.5))
        #expect(JSON.double(4.0).intValue == 4)
        #expect(JSON.double(4.5).intValue == nil)
    }

    @Test func accessorsReturnNilForTheWrongShape() {
        let value: JSON = ["list": [1, 2], "name": "n"]
        #expect(value["list"]?[1] == 2)
        #expect(value["list"]?[5] == nil)
        #expect(value["name"]?["x"] == nil)
        #expect(value["missing"] == nil)
        #expect(value["name"]?.stringValue == "n")
        #expect(value.typeName == "object")
    }
}
