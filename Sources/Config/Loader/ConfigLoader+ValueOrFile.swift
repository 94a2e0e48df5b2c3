import Foundation
import Rules
import TOML

/// A secret given either in the config (`token`, `url`) or as a file that
/// holds it (`token_file`, `url_file`): one reading for every such pair.
extension ConfigLoader {
    /// Where a `ValueOrFile` value came from.
    struct FileValue {
        var value: String
        /// The file it was read from, as written; `nil` when given inline.
        var file: String?
    }

    /// Exactly one of `key` and `fileKey`. With `read`, the value (the
    /// file's contents, surrounding whitespace trimmed) must be there and
    /// not empty: `missing` is reported at `position` when neither key is.
    /// Without, only that both are not given is checked, and no file is read.
    /// `noun` names the value in the message for an empty file.
    static func valueOrFile(
        _ table: TOMLTable, key: String, fileKey: String, noun: String, at position: TOMLPosition, read: Bool,
        missing: String, _ reader: inout TOMLReader
    ) -> FileValue? {
        let inline = table[key].map { ($0, reader.string($0, key: key)?.0) }
        let file = table[fileKey].map { ($0, reader.string($0, key: fileKey)?.0) }
        if inline != nil, file != nil {
            reader.report(reader.position(of: fileKey, in: table, fallback: position), ConfigMessage.bothGiven(key, fileKey))
            return nil
        }
        guard read else { return nil }
        if let (node, value) = inline {
            // A value that is not a string, or whose `${ENV}` is not set, was reported already.
            guard let value else { return nil }
            guard !value.isEmpty else {
                reader.report(node.contentPosition, ConfigMessage.emptyName(key))
                return nil
            }
            return FileValue(value: value, file: nil)
        }
        if let (node, path) = file {
            guard let path else { return nil }
            switch readFile(path) {
            case .failure(let reason):
                reader.report(node.contentPosition, ConfigMessage.cannotReadFile(fileKey, path, reason.description))
                return nil
            case .success(let text):
                let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !value.isEmpty else {
                    reader.report(node.contentPosition, ConfigMessage.emptyFile(fileKey, path, noun: noun))
                    return nil
                }
                return FileValue(value: value, file: path)
            }
        }
        reader.report(position, missing)
        return nil
    }
}
