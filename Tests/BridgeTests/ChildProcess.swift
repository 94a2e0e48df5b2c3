import Foundation
import Glibc
import TestSupport

/// A `sniffer-bridge` subprocess (`sim`, `serve`) with its output in files,
/// so a chatty child never blocks on a full pipe.
final class ChildProcess {
    let process = Process()
    let output: URL
    let errors: URL

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `executable` (the built `sniffer-bridge` unless given) with `arguments`.
    init(_ arguments: [String], executable: URL? = nil, environment: [String: String] = [:], folder: URL, name: String)
        throws {
        output = folder.appendingPathComponent("\(name).out")
        errors = folder.appendingPathComponent("\(name).err")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.executableURL = try executable ?? Self.binary()
        process.arguments = executable == nil ? arguments : Array(arguments.dropFirst())
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// The first line of standard output, once written (the startup line).
    func firstLine(timeout: Duration = .seconds(20)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let text = String(decoding: (try? Data(contentsOf: output)) ?? Data(), as: UTF8.self)
            if let newline = text.firstIndex(of: "\n") { return String(text[..<newline]) }
            guard process.isRunning else {
                throw Failure(description: "exited (\(process.terminationStatus)): \(standardError)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw Failure(description: "no startup line within \(timeout): \(standardError)")
    }

    var standardError: String {
        String(decoding: (try? Data(contentsOf: errors)) ?? Data(), as: UTF8.self)
    }

    /// Sends `signal` and waits for the exit; returns the exit status.
    @discardableResult
    func stop(_ signal: Int32, timeout: Duration = .seconds(20)) async throws -> Int32 {
        kill(process.processIdentifier, signal)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else { throw Failure(description: "did not exit after signal \(signal)") }
            try await Task.sleep(for: .milliseconds(10))
        }
        return process.terminationStatus
    }

    /// The built `sniffer-bridge` (see `BuiltBinary` in TestSupport).
    static func binary() throws -> URL { try BuiltBinary.url() }
}

extension ChildProcess {
    /// Runs `sniffer-bridge arguments` to its end: exit status, standard output, standard error.
    static func run(_ arguments: [String], folder: URL) async throws -> (status: Int32, output: String, error: String) {
        let child = try ChildProcess(arguments, folder: folder, name: "run-\(UUID().uuidString)")
        let deadline = ContinuousClock.now + .seconds(30)
        while child.process.isRunning {
            guard ContinuousClock.now < deadline else { throw Failure(description: "\(arguments) did not exit") }
            try await Task.sleep(for: .milliseconds(10))
        }
        let output = String(decoding: (try? Data(contentsOf: child.output)) ?? Data(), as: UTF8.self)
        return (child.process.terminationStatus, output, child.standardError)
    }
}
