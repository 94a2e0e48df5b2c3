import Foundation
import Rules

extension LoadError {
    /// `check`'s rendering (`linesWithSource(readFile:)`), each file's
    /// excerpt read from disk.
    public func linesWithSource() -> [String] {
        linesWithSource { path in FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } }
    }
}
