import Dispatch
import Foundation
import Synchronization
import TestSupport

/// The files under `deploy/`, read from the checkout.
enum DeployFiles {
    static let root = SharedFiles.packageRoot.appendingPathComponent("deploy")

    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "missing deploy file: \(path)" }
    }

    static func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    static func text(_ relativePath: String) throws -> String {
        let url = url(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Missing(path: url.path) }
        return try String(contentsOf: url, encoding: .utf8)
    }
}

/// Runs an external program and captures what it prints.
struct ExternalCommand {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    struct NotFound: Error, CustomStringConvertible {
        let name: String
        var description: String { "\(name) is not on PATH" }
    }

    /// The full path of `name` on `PATH`, or nil.
    static func find(_ name: String) -> String? { findAll(name).first }

    /// Every executable called `name` on `PATH`, in order, then in the
    /// system folders `extraFolders` (not repeated).
    static func findAll(_ name: String, extraFolders: [String] = []) -> [String] {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        var found: [String] = []
        for folder in path.split(separator: ":").map(String.init) + extraFolders {
            let candidate = folder + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate), !found.contains(candidate) { found.append(candidate) }
        }
        return found
    }

    /// Runs `executable` with `arguments` and waits for it.
    static func run(_ executable: String, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read stderr on another thread while stdout is read here, so a chatty
        // child cannot block on a full pipe.
        let errData = DataBox()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            errData.data.withLock { $0 = data }
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.data.withLock { $0 }, as: UTF8.self))
    }
}

/// Bytes handed from a reader thread to the caller.
final class DataBox: Sendable {
    let data = Mutex(Data())
}
