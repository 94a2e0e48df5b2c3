import Foundation
import Testing

/// `sniffer-bridge sim` and `sim token`, run as the built binary.
@Suite(.serialized) struct SimCommandTests {
    @Test func tokenCarriesTheCompanyAndExpiry() throws {
        let result = try BuiltExecutable.run(["sim", "token", "--company", "7", "--expires-in", "1h"])
        #expect(result.status == 0)
        let token = result.output.trimmingCharacters(in: .newlines)
        #expect(token.hasPrefix("sniffer_"))
        var payload = String(token.dropFirst("sniffer_".count))
            .replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while payload.count % 4 != 0 { payload += "=" }
        let data = try #require(Data(base64Encoded: payload))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["companyId"] as? String == "7")
        let expires = try #require(object["expiresAt"] as? Double)
        let inOneHour = (Date().timeIntervalSince1970 + 3600) * 1000
        #expect(abs(expires - inOneHour) < 60_000)
    }

    @Test(arguments: [
        (["sim", "token", "--company", "7", "--expires-in", "soon"], "invalid value 'soon' for '--expires-in'"),
        (["sim", "--listen", "nowhere"], "invalid value 'nowhere' for '--listen'"),
        (["sim", "--fault", "{\"action\":\"explode\"}"], "invalid value '{\"action\":\"explode\"}' for '--fault'"),
    ])
    func badArgumentsExit2(_ arguments: [String], _ message: String) throws {
        let result = try BuiltExecutable.run(arguments)
        #expect(result.status == 2)
        #expect(result.error.hasPrefix("sniffer-bridge: \(message)"))
    }

    @Test func simPrintsOneLineThenSavesStateOnSIGTERM() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("sim-cli-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: state) }
        let process = Process()
        process.executableURL = try BuiltExecutable.url()
        process.arguments = ["sim", "--listen", "127.0.0.1:0", "--state", state.path]
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
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let listen = try #require(json["listen"] as? String)
        #expect(listen.hasPrefix("127.0.0.1:"))
        #expect(listen != "127.0.0.1:0")
        #expect((json["token"] as? String)?.hasPrefix("sniffer_") == true)
        #expect(json["company"] is String)
        #expect(json["project"] is String)
        #expect((json["statuses"] as? [String: String])?.keys.sorted() == ["Closed", "In Progress", "Open", "Reopened", "Resolved"])
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: state.path))
    }
}
