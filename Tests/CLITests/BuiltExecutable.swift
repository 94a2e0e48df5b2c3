import Foundation
import TestSupport

/// The built `sniffer-bridge` binary, run as a subprocess.
///
/// Tests cannot import an executable target, so they run the binary the same
/// build produced. It sits in the build's bin folder beside the test bundle,
/// which is found from the running test process; `SNIFFER_BRIDGE_BIN`
/// overrides the search.
enum BuiltExecutable {
    struct TimedOut: Error, CustomStringConvertible {
        let arguments: [String]
        var description: String { "sniffer-bridge \(arguments.joined(separator: " ")) did not exit within 30 s" }
    }

    /// What one run printed and how it exited.
    struct Result: Sendable {
        let status: Int32
        let output: String
        let error: String
    }

    /// The binary's location (see `BuiltBinary`), or an error listing where it looked.
    static func url() throws -> URL { try BuiltBinary.url() }

    /// Runs the binary with `arguments` and collects its output. Output goes
    /// to files rather than pipes so a chatty child can never block on a full pipe.
    static func run(_ arguments: [String]) throws -> Result {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outputURL = folder.appendingPathComponent("stdout")
        let errorURL = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        let error = try FileHandle(forWritingTo: errorURL)
        defer {
            try? output.close()
            try? error.close()
        }

        let process = Process()
        process.executableURL = try url()
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                throw TimedOut(arguments: arguments)
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return Result(
            status: process.terminationStatus,
            output: String(decoding: try Data(contentsOf: outputURL), as: UTF8.self),
            error: String(decoding: try Data(contentsOf: errorURL), as: UTF8.self)
        )
    }
}
