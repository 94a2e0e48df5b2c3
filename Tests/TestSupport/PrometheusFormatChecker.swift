/// A strict checker for the Prometheus text exposition format 0.0.4, for
/// tests of anything that serves `/metrics`. It parses the whole text and
/// throws the first violation with its line number, or returns what it read
/// so a test can look values up:
///
/// ```swift
/// let exposition = try PrometheusFormatChecker.check(registry.render())
/// #expect(exposition.value("sniffer_bridge_requests_total", ["source": "github", "status": "202"]) == 1)
/// ```
///
/// What it enforces (stricter than the spec where noted, so that what passes
/// here passes every real scraper):
/// - the text is empty or ends in `\n`; no blank lines (stricter);
/// - `# HELP name text` and `# TYPE name type` at most once per family, both
///   before its first sample; HELP escapes only `\\` and `\n`;
/// - every sample belongs to a family whose `# TYPE` came first (stricter:
///   no untyped samples), and a family's lines form one group;
/// - metric names match `[a-zA-Z_:][a-zA-Z0-9_:]*`, label names
///   `[a-zA-Z_][a-zA-Z0-9_]*`; `{name="value",...}` with no trailing comma
///   (stricter), no duplicate label names, value escapes only `\\`, `\"`, `\n`;
/// - one space between the parts of a sample line (stricter); the value is a
///   decimal float, `+Inf`, `-Inf` or `NaN`; an optional integer timestamp;
/// - no two samples with the same name and label set;
/// - counters are not negative (and not NaN);
/// - histograms: per label set, `_bucket` lines with `le` strictly increasing,
///   counts non-decreasing, the last `le="+Inf"` equal to `_count`, and a `_sum`;
///   `le` appears only on buckets.
public enum PrometheusFormatChecker {
    /// What is wrong, and where (1-based line; 0 for the text as a whole).
    public struct Violation: Error, CustomStringConvertible, Equatable {
        public var line: Int
        public var message: String
        public var description: String { line > 0 ? "line \(line): \(message)" : message }
    }

    /// One sample line as read.
    public struct Sample: Equatable, Sendable {
        public var name: String
        public var labels: [String: String]
        public var value: Double
        public var timestamp: Int64?
        public var line: Int
    }

    /// One family: its `# TYPE`, optional `# HELP`, and its samples in order.
    public struct Family: Equatable, Sendable {
        public var name: String
        public var type: String
        public var help: String?
        public var samples: [Sample]
    }

    /// Everything read from a valid exposition.
    public struct Exposition: Equatable, Sendable {
        /// Families in the order they appeared.
        public var families: [Family]

        /// The family named `name`, if any.
        public func family(_ name: String) -> Family? { families.first { $0.name == name } }

        /// Every sample with this exact name (e.g. `x_bucket`).
        public func samples(named name: String) -> [Sample] {
            families.flatMap { $0.samples }.filter { $0.name == name }
        }

        /// The value of the sample with this name and exactly these labels.
        public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
            samples(named: name).first { $0.labels == labels }?.value
        }
    }

    /// Checks `text`; returns what it read or throws the first violation.
    public static func check(_ text: String) throws(Violation) -> Exposition {
        var state = State()
        if text.isEmpty { return Exposition(families: []) }
        guard text.hasSuffix("\n") else { throw Violation(line: 0, message: "the text does not end with a newline") }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, line) in lines.enumerated() {
            try state.read(String(line), number: offset + 1)
        }
        try state.finish()
        return Exposition(families: state.order.compactMap { state.families[$0] })
    }

    /// Parses a sample value as the format writes it: `+Inf`, `-Inf`, `NaN`
    /// or a decimal float; nil for anything else.
    public static func parseValue(_ text: String) -> Double? { LineCursor.parseFloat(text) }

    /// A sample line's parts, before it is attached to a family.
    struct ParsedSample {
        var name: String
        var labels: [(String, String)]
        var value: Double
        var timestamp: Int64?
    }

    struct State {
        var families: [String: Family] = [:]
        var order: [String] = []
        var current: String?
        var closed: Set<String> = []
        var seriesSeen: Set<String> = []

        mutating func read(_ line: String, number: Int) throws(Violation) {
            if line.isEmpty { throw Violation(line: number, message: "blank line") }
            if line.hasPrefix("#") {
                try readComment(line, number: number)
            } else {
                var cursor = LineCursor(line, number: number)
                let sample = try cursor.sample()
                try attach(sample, number: number)
            }
        }

        mutating func readComment(_ line: String, number: Int) throws(Violation) {
            let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 3, parts[0] == "#", parts[1] == "HELP" || parts[1] == "TYPE" else { return }  // a plain comment
            let keyword = parts[1]
            let name = parts[2]
            guard LineCursor.isMetricName(name) else {
                throw Violation(line: number, message: "\(keyword) names an invalid metric name \"\(name)\"")
            }
            try enterGroup(name, number: number)
            var family = families[name] ?? Family(name: name, type: "", help: nil, samples: [])
            guard family.samples.isEmpty else {
                throw Violation(line: number, message: "\(keyword) for \(name) after its samples")
            }
            if keyword == "HELP" {
                guard family.help == nil else { throw Violation(line: number, message: "second HELP for \(name)") }
                family.help = try LineCursor.unescapeHelp(parts.count > 3 ? parts[3] : "", number: number)
            } else {
                guard family.type.isEmpty else { throw Violation(line: number, message: "second TYPE for \(name)") }
                guard parts.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]) else {
                    throw Violation(line: number, message: "TYPE for \(name) is not one of counter, gauge, histogram, summary, untyped")
                }
                family.type = parts[3]
            }
            if families[name] == nil { order.append(name) }
            families[name] = family
        }

        /// Starts (or continues) the group of lines for family `name`.
        mutating func enterGroup(_ name: String, number: Int) throws(Violation) {
            guard current != name else { return }
            if closed.contains(name) || (families[name] != nil && current != name) {
                throw Violation(line: number, message: "lines for \(name) are not in one group")
            }
            if let current { closed.insert(current) }
            current = name
        }

        /// The family a sample name belongs to, given the families declared so far.
        func familyName(for sample: String) -> String? {
            if let family = families[sample], !family.type.isEmpty { return sample }
            for suffix in ["_bucket", "_sum", "_count"] where sample.hasSuffix(suffix) {
                let base = String(sample.dropLast(suffix.count))
                if let family = families[base], family.type == "histogram" || (family.type == "summary" && suffix != "_bucket") {
                    return base
                }
            }
            return nil
        }

        mutating func attach(_ sample: ParsedSample, number: Int) throws(Violation) {
            guard let name = familyName(for: sample.name), var family = families[name] else {
                throw Violation(line: number, message: "sample \(sample.name) has no TYPE line before it")
            }
            guard current == name else { throw Violation(line: number, message: "sample \(sample.name) is outside the group of \(name)") }
            var labels: [String: String] = [:]
            for (key, value) in sample.labels {
                guard labels.updateValue(value, forKey: key) == nil else {
                    throw Violation(line: number, message: "label \(key) appears twice")
                }
            }
            let isBucket = family.type == "histogram" && sample.name == name + "_bucket"
            if family.type == "histogram" && sample.name == name {
                throw Violation(line: number, message: "histogram \(name) has a sample without _bucket, _sum or _count")
            }
            if isBucket != (labels["le"] != nil) {
                throw Violation(line: number, message: isBucket ? "bucket without an le label" : "le label outside a histogram bucket")
            }
            if family.type == "counter" && !(sample.value >= 0) {
                throw Violation(line: number, message: "counter \(name) has a negative or NaN value")
            }
            let key = sample.name + "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{0}") + "}"
            guard seriesSeen.insert(key).inserted else {
                throw Violation(line: number, message: "duplicate series \(sample.name) with the same labels")
            }
            family.samples.append(Sample(name: sample.name, labels: labels, value: sample.value, timestamp: sample.timestamp, line: number))
            families[name] = family
        }

        func finish() throws(Violation) {
            for name in order {
                guard let family = families[name] else { continue }
                if family.type.isEmpty { throw Violation(line: 0, message: "\(name) has a HELP but no TYPE") }
                if family.type == "histogram" { try Self.checkHistogram(family) }
            }
        }

        static func checkHistogram(_ family: Family) throws(Violation) {
            var groups: [[String: String]: [Sample]] = [:]
            var groupOrder: [[String: String]] = []
            for sample in family.samples {
                var key = sample.labels
                key["le"] = nil
                if groups[key] == nil { groupOrder.append(key) }
                groups[key, default: []].append(sample)
            }
            for key in groupOrder {
                let samples = groups[key] ?? []
                let buckets = samples.filter { $0.name == family.name + "_bucket" }
                guard let last = buckets.last else {
                    throw Violation(line: samples.first?.line ?? 0, message: "histogram \(family.name) series has no buckets")
                }
                var previousBound = -Double.infinity
                var previousCount = -Double.infinity
                for bucket in buckets {
                    guard let text = bucket.labels["le"], let bound = LineCursor.parseFloat(text), !bound.isNaN else {
                        throw Violation(line: bucket.line, message: "le is not a number")
                    }
                    guard bound > previousBound else { throw Violation(line: bucket.line, message: "le values are not increasing") }
                    guard bucket.value >= previousCount, bucket.value >= 0 else {
                        throw Violation(line: bucket.line, message: "bucket counts are not cumulative (they go down)")
                    }
                    previousBound = bound
                    previousCount = bucket.value
                }
                guard last.labels["le"] == "+Inf" else { throw Violation(line: last.line, message: "the last bucket is not le=\"+Inf\"") }
                guard let count = samples.first(where: { $0.name == family.name + "_count" }) else {
                    throw Violation(line: last.line, message: "histogram \(family.name) series has no _count")
                }
                guard count.value == last.value else {
                    throw Violation(line: count.line, message: "_count \(count.value) differs from the +Inf bucket \(last.value)")
                }
                guard samples.contains(where: { $0.name == family.name + "_sum" }) else {
                    throw Violation(line: last.line, message: "histogram \(family.name) series has no _sum")
                }
            }
        }
    }
}
