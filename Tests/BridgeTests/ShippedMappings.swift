@testable import Bridge
import Config
import Foundation
import JSON
import Rules
import TestSupport

/// The shipped `mappings/*.toml`, loaded as `check` loads them, and the
/// offline decode path of `dry-run` and `test`.
enum ShippedMappings {
    /// Every shipped mapping file, through a config naming `mappings/*.toml`.
    static func load() throws -> MappingSet {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shipped-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let glob = SharedFiles.packageRoot.appendingPathComponent("mappings").path + "/*.toml"
        let path = folder.appendingPathComponent("bridge.toml").path
        try #"mappings = ["\#(glob)"]"#.write(toFile: path, atomically: true, encoding: .utf8)
        return try MappingSet.load(configPath: path, environment: [:])
    }

    /// The actions for `body` as `dry-run` computes them; `nil` when the
    /// gateway answers the delivery itself.
    static func actions(
        _ mappings: MappingSet, source: String, body: [UInt8], headers: [(name: String, value: String)] = []
    ) throws -> [Action]? {
        guard let event = try OfflineDecoder.decode(RawDelivery(source: source, body: body, headers: headers)) else {
            return nil
        }
        let result = mappings.evaluate(event)
        if !result.failures.isEmpty { throw DecodeFailure("rule failures: \(result.failures)") }
        return result.actions
    }

    /// The same, with what reads `steps` (and `error`) rendered as the
    /// deliverer would, from `steps`.
    static func actions(
        _ mappings: MappingSet, source: String, body: [UInt8], steps: JSON, error: String? = nil
    ) throws -> [Action]? {
        guard let event = try OfflineDecoder.decode(RawDelivery(source: source, body: body, headers: [])) else { return nil }
        return try actions(mappings, source: source, body: body)?.map { action in
            switch try StepRendering.render(action, event: event, steps: steps, error: error) {
            case .action(let rendered): return rendered
            case .skipped(let why): throw DecodeFailure("skipped: \(why)")
            }
        }
    }

    /// One action in a line: `do rule key: the salient value`.
    static func summary(_ action: Action) -> String {
        let head = "\(action.kind.name) \(action.rule) \(action.dedupKey ?? action.bugID.map { "#" + $0 } ?? "-")"
        switch action.kind {
        case .createBug(let create):
            return head + ": " + (create.fields.summary ?? "") + " [\(create.fields.severity ?? "-")/\(create.fields.platform ?? "-")]"
        case .setStatus(let set): return head + ": " + set.status
        case .comment(let comment): return head + ": " + (comment.author ?? "-") + " says " + comment.text
        case .updateBug(let update): return head + ": " + (update.fields.summary ?? "")
        case .reply(let reply): return head + ": " + reply.text
        case .followUp(let follow): return head + ": " + follow.success
        case .searchBugs(let search): return head + ": " + search.query
        case .lookupAsset(let lookup): return head + ": " + (lookup.tag.map { "tag " + $0 } ?? lookup.serial.map { "serial " + $0 } ?? "")
        case .lookupUser(let lookup): return head + ": " + (lookup.email ?? lookup.username ?? "")
        case .setAssetStatus(let set): return head + ": asset \(set.assetID) " + set.status
        case .addMaintenance(let add): return head + ": asset \(add.assetID) " + add.title
        }
    }

    struct DecodeFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
