import Foundation
import JSON
import Rules
import TOML

/// Runs mapping test cases (`sniffer-bridge test DIR`).
///
/// A case is a file `NAME.expected.toml` or `NAME.expected.json` anywhere
/// under DIR. It names the event and the actions the mappings must produce:
///
/// ```toml
/// source = "github"
/// event = "workflow_run"          # optional: overrides the name the source adapter gives
/// payload = "failure.json"        # optional: default NAME.json (NAME.txt for Slack forms)
/// [headers]
/// X-GitHub-Event = "workflow_run"
/// [[actions]]                     # the expected actions, in order ([] or none: no action)
/// do = "create_bug"
/// ...
/// ```
/// Actions compare as JSON (`Action.json`), so a case lists every field.
/// Payloads are decoded by the injected `DeliveryDecoder` (the executable
/// passes the gateway's own source adapters), so a case sees the event name,
/// delivery id and payload `serve` would.
public struct MappingTestRunner {
    /// One case's verdict.
    public struct CaseResult: Sendable {
        public var name: String
        public var passed: Bool
        /// Why it failed: an error, or a diff of expected (-) and actual (+) actions.
        public var details: [String]
    }

    let mappings: MappingSet
    let decode: DeliveryDecoder

    /// A runner evaluating cases against `mappings`, decoding payloads with `decoder`.
    public init(mappings: MappingSet, decoder: @escaping DeliveryDecoder) {
        self.mappings = mappings
        self.decode = decoder
    }

    /// Every case file under `directory`, sorted.
    public static func caseFiles(in directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".expected.toml") || relative.hasSuffix(".expected.json") {
                files.append(directory.hasSuffix("/") ? directory + relative : directory + "/" + relative)
            }
        }
        return files.sorted()
    }

    /// Runs every case under `directory`, sorted by path.
    public func run(directory: String) -> [CaseResult] {
        Self.caseFiles(in: directory).map(run(caseFile:))
    }

    /// Runs one case file.
    public func run(caseFile: String) -> CaseResult {
        let name = caseFile
        func failure(_ message: String) -> CaseResult { CaseResult(name: name, passed: false, details: [message]) }
        var bag = DiagnosticBag()
        guard let text = ConfigLoader.readFile(caseFile, into: &bag) else { return failure(bag.rendered.joined()) }
        let spec: JSON
        if caseFile.hasSuffix(".json") {
            do { spec = try JSON(parsing: text) } catch { return failure("\(caseFile): \(error)") }
        } else {
            do { spec = TOMLReader.json(.table(try TOML.parse(text))) } catch {
                return failure("\(caseFile):\(error.position): \(error.message)")
            }
        }
        guard let source = spec["source"]?.stringValue else { return failure("\(caseFile): the case needs 'source'") }
        let base = caseFile.hasSuffix(".expected.toml") || caseFile.hasSuffix(".expected.json")
            ? String(caseFile.dropLast(".expected.toml".count)) : caseFile
        let folder = URL(fileURLWithPath: caseFile).deletingLastPathComponent().path
        var payloadPath = spec["payload"]?.stringValue.map { $0.hasPrefix("/") ? $0 : folder + "/" + $0 }
        if payloadPath == nil {
            payloadPath = [base + ".json", base + ".txt"].first { FileManager.default.fileExists(atPath: $0) }
        }
        guard let payloadPath, let body = FileManager.default.contents(atPath: payloadPath) else {
            return failure("\(caseFile): payload file not found (\(payloadPath ?? base + ".json"))")
        }
        var headers: [(name: String, value: String)] = []
        for (key, value) in spec["headers"]?.objectValue ?? [:] { headers.append((key, Value.text(value))) }
        let event: RuleEvent?
        do {
            event = try decode(
                RawDelivery(source: source, body: [UInt8](body), headers: headers, eventName: spec["event"]?.stringValue))
        } catch {
            return failure("\(caseFile): \(error.description)")
        }
        let expected = spec["actions"] ?? .array([])
        guard let event else {
            // Answered by the gateway itself (GitHub ping): no rule runs.
            if expected == .array([]) { return CaseResult(name: name, passed: true, details: []) }
            var details = LineDiff.diff(Self.lines(expected), Self.lines(.array([])))
            details.append("the gateway answers this delivery itself (e.g. GitHub ping): no rule runs")
            return CaseResult(name: name, passed: false, details: details)
        }
        let result = mappings.evaluate(event, explain: true)
        let actual = result.actionsJSON
        if expected == actual && result.failures.isEmpty {
            return CaseResult(name: name, passed: true, details: [])
        }
        var details = LineDiff.diff(Self.lines(expected), Self.lines(actual))
        details.append(contentsOf: result.failures)
        if actual == .array([]) { details.append(contentsOf: ExplainReport.lines(result)) }
        return CaseResult(name: name, passed: false, details: details)
    }

    static func lines(_ value: JSON) -> [String] {
        value.serialized([.pretty, .sortedKeys]).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
