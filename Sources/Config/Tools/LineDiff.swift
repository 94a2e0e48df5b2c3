/// A small line diff (longest common subsequence): `-` expected, `+` actual, ` ` both.
enum LineDiff {
    static func diff(_ old: [String], _ new: [String]) -> [String] {
        let n = old.count
        let m = new.count
        guard n * m <= 4_000_000 else { return old.map { "-" + $0 } + new.map { "+" + $0 } }
        var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i][j] = old[i] == new[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var out: [String] = []
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n, j < m, old[i] == new[j] {
                out.append(" " + old[i])
                i += 1
                j += 1
            } else if j < m, i == n || table[i][j + 1] >= table[i + 1][j] {
                out.append("+" + new[j])
                j += 1
            } else {
                out.append("-" + old[i])
                i += 1
            }
        }
        return out
    }
}
