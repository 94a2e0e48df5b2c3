import Testing

@testable import Telemetry

@Suite struct TraceContextTests {
    static let sample = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    @Test func readsTheSpecificationsExample() throws {
        let context = try #require(TraceContext(traceparent: Self.sample))
        #expect(context.traceID.hex == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(context.spanID.hex == "00f067aa0ba902b7")
        #expect(context.isSampled)
        #expect(context.traceparent == Self.sample)
    }

    @Test func keepsTheFlagsItWasGiven() throws {
        let context = try #require(TraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"))
        #expect(!context.isSampled)
        #expect(!context.child().isSampled)
    }

    @Test(arguments: [
        "",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
        "0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",
    ])
    func refusesWhatTheSpecificationCallsInvalid(_ value: String) {
        #expect(TraceContext(traceparent: value) == nil)
    }

    @Test func aLaterVersionIsReadForItsFirstFieldsAndMayCarryMore() throws {
        let context = try #require(TraceContext(traceparent: "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-ever"))
        #expect(context.traceID.hex == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(TraceContext(traceparent: "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x") == nil)
    }

    @Test func aChildKeepsTheTraceAndGetsASpanOfItsOwn() throws {
        let parent = try #require(TraceContext(traceparent: Self.sample))
        let child = parent.child()
        #expect(child.traceID == parent.traceID)
        #expect(child.spanID != parent.spanID)
        #expect(TraceContext(traceparent: child.traceparent) == child)
    }

    @Test func rootsAreNewTracesWrittenAsVersionZero() throws {
        let first = TraceContext.root()
        let second = TraceContext.root()
        #expect(first.traceID != second.traceID)
        #expect(first.traceparent.count == 55)
        #expect(first.traceparent.hasPrefix("00-"))
        #expect(first.traceparent.hasSuffix("-01"))
        #expect(TraceContext(traceparent: first.traceparent) == first)
    }

    @Test func theTaskLocalContextIsSeenOnlyWithinItsScope() async {
        let context = TraceContext.root()
        #expect(TraceContext.current == nil)
        await TraceContext.$current.withValue(context) {
            await Task.yield()
            #expect(TraceContext.current == context)
        }
        #expect(TraceContext.current == nil)
    }
}
