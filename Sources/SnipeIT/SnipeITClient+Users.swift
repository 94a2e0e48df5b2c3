import JSON

extension SnipeITClient {
    /// `GET /api/v1/users?email=`: the users with exactly this email.
    public func users(email: String, limit: Int = 50, offset: Int = 0) async -> SnipeITOutcome<SnipeITList<SnipeITUser>> {
        await users(("email", email), limit: limit, offset: offset)
    }

    /// `GET /api/v1/users?username=`: the user with exactly this username.
    public func users(username: String, limit: Int = 50, offset: Int = 0) async -> SnipeITOutcome<SnipeITList<SnipeITUser>> {
        await users(("username", username), limit: limit, offset: offset)
    }

    /// `GET /api/v1/users?search=`: Snipe-IT's text search over names,
    /// username, email, employee number and more.
    public func users(search: String, limit: Int = 50, offset: Int = 0) async -> SnipeITOutcome<SnipeITList<SnipeITUser>> {
        await users(("search", search), limit: limit, offset: offset)
    }

    private func users(_ filter: (String, String), limit: Int, offset: Int) async -> SnipeITOutcome<SnipeITList<SnipeITUser>> {
        await read("/users", query: [filter] + Self.page(limit: limit, offset: offset)) { json in
            SnipeITList.decode(json, offset: max(0, offset), limit: Self.clamp(limit: limit)) {
                SnipeITUser.decode(HTMLEntities.unescape($0))
            }
        }
    }
}
