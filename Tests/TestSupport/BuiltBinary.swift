import Foundation

/// Finds a binary the same build produced (tests cannot import an executable
/// target, so they run it as a subprocess).
///
/// It sits in the build's bin folder beside the test bundle, found from the
/// running test process (`<bin>/X.xctest` on Linux, `<bin>/X.xctest/Contents/MacOS/X`
/// on macOS: it and its parents are tried). `SNIFFER_BRIDGE_BIN` overrides the
/// search for `sniffer-bridge`.
public enum BuiltBinary {
    public struct NotFound: Error, CustomStringConvertible {
        public let name: String
        public let searched: [String]
        public var description: String {
            "\(name) binary not found (run `swift build --build-tests` first); looked in: "
                + searched.joined(separator: ", ")
        }
    }

    public static func url(named name: String = "sniffer-bridge") throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        if name == "sniffer-bridge", let path = environment["SNIFFER_BRIDGE_BIN"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        var folders: [URL] = []
        for start in [Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments.first ?? "")] {
            guard var folder = start?.resolvingSymlinksInPath().deletingLastPathComponent() else { continue }
            for _ in 0..<4 {
                folders.append(folder)
                folder = folder.deletingLastPathComponent()
            }
        }
        folders.append(SharedFiles.packageRoot.appendingPathComponent(".build/debug"))
        for folder in folders {
            let candidate = folder.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder), !isFolder.boolValue,
                FileManager.default.isExecutableFile(atPath: candidate.path)
            {
                return candidate
            }
        }
        throw NotFound(name: name, searched: folders.map(\.path))
    }
}
