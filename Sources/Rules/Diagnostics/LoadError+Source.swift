extension LoadError {
    /// Every diagnostic as its `file:line:col: message` line followed by the
    /// source line and a caret under the column (cel-go's rendering), for
    /// `check`. The first line of each stays grep-able; files `readFile` does
    /// not give (or positions past their end) just get no excerpt. The Config
    /// target's `linesWithSource()` reads them from disk.
    public func linesWithSource(readFile: (String) -> String?) -> [String] {
        var cache: [String: [Substring]] = [:]
        var out: [String] = []
        for diagnostic in diagnostics {
            out.append(diagnostic.description)
            let file = diagnostic.location.file
            if cache[file] == nil {
                cache[file] = readFile(file).map { $0.split(separator: "\n", omittingEmptySubsequences: false) } ?? []
            }
            let lines = cache[file] ?? []
            let index = diagnostic.location.line - 1
            guard index >= 0, index < lines.count else { continue }
            let line = lines[index].hasSuffix("\r") ? lines[index].dropLast() : lines[index]
            out.append("    " + line)
            // Keep tabs so the caret lines up under the same column in a terminal.
            let lead = line.unicodeScalars.prefix(max(0, diagnostic.location.column - 1)).map { $0 == "\t" ? "\t" : " " }
            out.append("    " + lead.joined() + "^")
        }
        if truncated > 0 { out.append(DiagnosticMessage.truncated(truncated)) }
        return out
    }
}
