import JSON
import Telemetry

/// Spans as an OTLP/HTTP JSON `ExportTraceServiceRequest`
/// (opentelemetry-proto's JSON mapping: ids as lower-case hex, 64-bit
/// integers as decimal strings, enums as their numbers).
enum OTLPEncoding {
    static func request(_ spans: [Span], serviceName: String) -> JSON {
        let resource: JSON = ["attributes": [attribute("service.name", serviceName)]]
        let scope: JSON = ["name": "sniffer-bridge"]
        let scopeSpans: JSON = ["scope": scope, "spans": .array(spans.map(span))]
        return ["resourceSpans": [["resource": resource, "scopeSpans": [scopeSpans]]]]
    }

    static func span(_ span: Span) -> JSON {
        var members: [(String, JSON)] = [
            ("traceId", .string(span.context.traceID.hex)),
            ("spanId", .string(span.context.spanID.hex)),
        ]
        if let parent = span.parentSpanID { members.append(("parentSpanId", .string(parent.hex))) }
        members += [
            ("name", .string(span.name)),
            ("kind", .int(Int64(span.kind.rawValue))),
            ("startTimeUnixNano", .string(String(span.startNanos))),
            ("endTimeUnixNano", .string(String(span.endNanos))),
            ("attributes", .array(span.attributes.map { attribute($0.key, $0.value) })),
        ]
        // Status codes: 1 OK, 2 ERROR (0, unset, is left out).
        if let error = span.error {
            members.append(("status", ["code": 2, "message": .string(error)]))
        } else {
            members.append(("status", ["code": 1]))
        }
        return .object(JSONObject(members))
    }

    static func attribute(_ key: String, _ value: String) -> JSON {
        ["key": .string(key), "value": ["stringValue": .string(value)]]
    }
}
