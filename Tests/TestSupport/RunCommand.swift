import Glibc

/// Runs a program to its end and returns its exit status, with
/// `posix_spawn` and `waitpid`: Foundation's `Process.waitUntilExit` can
/// miss the exit of a child whose own children live on (a server it
/// started), and hang.
public func runCommand(_ path: String, _ arguments: [String]) throws -> Int32 {
    struct SpawnFailed: Error, CustomStringConvertible {
        let description: String
    }
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, path, nil, nil, argv, environ)
    guard spawned == 0 else { throw SpawnFailed(description: "cannot run \(path): \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 {
        guard errno == EINTR else { throw SpawnFailed(description: "waitpid \(path): \(String(cString: strerror(errno)))") }
    }
    // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
    return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
}
