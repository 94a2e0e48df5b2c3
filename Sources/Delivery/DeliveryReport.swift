import Foundation
import JSON
import Store

/// The text `sniffer-bridge deliveries` prints: pure formatting of outbox records.
public enum DeliveryReport {
    /// One header line, then one line per action: id, state, attempts, when, kind, dedup key, last error.
    public static func table(_ actions: [OutboxAction]) -> [String] {
        guard !actions.isEmpty else { return ["no deliveries"] }
        var lines = [row("ID", "STATE", "ATTEMPTS", "WHEN (UTC)", "KIND", "DEDUP KEY", "LAST ERROR / RESULT")]
        for action in actions {
            let when = action.finishedAt ?? action.nextAttemptAt
            let note = action.state == .done ? (action.result ?? "") : (action.lastError ?? "")
            lines.append(row(
                String(action.id), action.state.rawValue, String(action.attempts), time(when), action.kind,
                action.dedupKey, clip(note, 100)))
        }
        return lines
    }

    /// Every field of one action, and its event when known.
    public static func details(_ action: OutboxAction, event: StoredEvent?) -> [String] {
        var lines = [
            "id:            \(action.id)",
            "state:         \(action.state.rawValue)",
            "kind:          \(action.kind)",
            "dedup key:     \(action.dedupKey)",
            "attempts:      \(action.attempts)",
            "created:       \(time(action.createdAt))",
            "first attempt: \(action.firstAttemptAt.map(time) ?? "-")",
            "next attempt:  \(action.state.isFinished ? "-" : time(action.nextAttemptAt))",
            "finished:      \(action.finishedAt.map(time) ?? "-")",
            "last error:    \(action.lastError ?? "-")",
            "result:        \(action.result ?? "-")",
        ]
        // A step's result as later actions read it (`steps.<id>`), when it has one.
        if let output = action.output { lines.append("output:        \(output)") }
        if let event {
            lines.append("event:         \(event.id) (\(event.source) \(event.name), delivery \(event.deliveryID), received \(time(event.receivedAt)))")
        } else {
            lines.append("event:         \(action.eventID) (pruned)")
        }
        lines.append("action:")
        let text = (try? JSON(parsing: action.payload))?.serialized([.pretty, .sortedKeys])
            ?? String(decoding: action.payload, as: UTF8.self)
        lines.append(contentsOf: text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 })
        return lines
    }

    /// One line per recorded attempt: `  #1 2026-11-22 11:08:57 retry 503 Service Unavailable`.
    public static func attempts(_ attempts: [DeliveryAttempt]) -> [String] {
        guard !attempts.isEmpty else { return ["history:       no attempt recorded"] }
        return ["history:"] + attempts.map { attempt in
            "  #\(attempt.number) \(time(attempt.at)) \(attempt.outcome.rawValue) \(clip(attempt.answer ?? "-", 200))"
        }
    }

    static func row(_ columns: String...) -> String {
        let widths = [6, 9, 8, 20, 11, 40]
        var line = ""
        for (index, column) in columns.enumerated() {
            if index < widths.count {
                line += column.padding(toLength: max(widths[index], column.count), withPad: " ", startingAt: 0) + "  "
            } else {
                line += column
            }
        }
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }

    /// `2026-11-22 11:08:57`.
    static func time(_ millis: EpochMillis) -> String {
        var seconds = time_t(millis / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }

    static func clip(_ text: String, _ limit: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count > limit ? String(flat.prefix(limit)) + "…" : flat
    }
}
