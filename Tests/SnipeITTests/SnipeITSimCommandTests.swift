import Foundation
import JSON
import TestSupport
import Testing

/// `sniffer-bridge sim --snipeit`, run as the built binary.
@Suite(.serialized) struct SnipeITSimCommandTests {
    @Test func startsPrintsOneLineAndServes() async throws {
        let process = Process()
        process.executableURL = try BuiltBinary.url()
        process.arguments = [
            "sim", "--snipeit", "--port", "0", "--token", "cli-token", "--rate-limit", "7", "--rate-limit-envelope",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var bytes: [UInt8] = []
        let deadline = Date().addingTimeInterval(30)
        while !bytes.contains(UInt8(ascii: "\n")), Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            bytes += chunk
        }
        let line = try #require(String(decoding: bytes, as: UTF8.self).split(separator: "\n").first)
        let json = try JSON(parsing: String(line))
        let listen = try #require(json["listen"]?.stringValue)
        #expect(listen.hasPrefix("127.0.0.1:") && listen != "127.0.0.1:0")
        #expect(json["token"] == "cli-token")
        #expect(json["api"] == .string("http://\(listen)/api/v1"))
        #expect(json["rateLimitPerMinute"] == 7)
        #expect(json["statusLabels"]?["Out for Repair"] == 5)
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test(arguments: [
        (["sim", "--token", "x"], "'--token' is an option of 'sim --snipeit', not of 'sim'"),
        (["sim", "--snipeit", "--strict"], "'--strict' is an option of 'sim', not of 'sim --snipeit'"),
        (["sim", "--snipeit", "--port", "70000"], "invalid value '70000' for '--port'"),
        (["sim", "--snipeit", "--fault", #"{"action":"explode"}"#], #"invalid value '{"action":"explode"}' for '--fault'"#),
        (["sim", "--snipeit", "--rate-limit-envelope", "--rate-limit-without-retry-after"], "'--rate-limit-envelope' and"),
    ])
    func badArgumentsExit2(_ arguments: [String], _ message: String) throws {
        let process = Process()
        process.executableURL = try BuiltBinary.url()
        process.arguments = arguments
        let error = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = error
        try process.run()
        let text = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(text.hasPrefix("sniffer-bridge: \(message)"), "\(text)")
    }

    @Test func theHelpNamesTheSnipeITFlags() throws {
        let process = Process()
        process.executableURL = try BuiltBinary.url()
        process.arguments = ["sim", "--help"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let flags = [
            "--snipeit", "--port", "--token", "--rate-limit N", "--rate-limit-envelope", "--rate-limit-without-retry-after",
        ]
        for flag in flags {
            #expect(text.contains(flag), "\(flag)")
        }
    }
}
