import JSON

/// The Sniffer calls that the gateway's actions make: what the action
/// executor depends on. `SnifferClient` is the implementation; a test of
/// the executor can give anything that answers these.
public protocol SnifferAPI: Sendable {
    /// `POST /bug`; with `lookUpFirst`, the draft's integration key is looked up first.
    func createBug(_ draft: SnifferBugDraft, lookUpFirst: Bool) async -> SnifferOutcome<SnifferCreatedBug>
    /// `GET /bugs/by-integration-key`.
    func bug(integrationKey key: String, platform: String?, project: String?) async -> SnifferOutcome<SnifferBug>
    /// `GET /bug/:id`.
    func bug(id: String) async -> SnifferOutcome<SnifferBug>
    /// The bug whose `bugNumber` is `number`, or `notFound`.
    func bug(number: Int64, project: String?) async -> SnifferOutcome<SnifferBug>
    /// `PATCH /bug/:id`.
    func updateBug(id: String, _ fields: JSONObject) async -> SnifferOutcome<SnifferBug>
    /// `GET /bugs/search`.
    func searchBugs(_ text: String, project: String?) async -> SnifferOutcome<[SnifferBug]>
    /// `POST /comment`.
    func createComment(bug: String, text: String, type: String) async -> SnifferOutcome<SnifferComment>
    /// `GET /comments`.
    func comments(bug: String?, project: String?, page: Int, size: Int) async -> SnifferOutcome<SnifferPage<SnifferComment>>
    /// The id of the status called `name` in `project`.
    func statusID(named name: String, project: String) async -> SnifferOutcome<String>
    /// The ids of the tags called `names` in `project`, creating the missing ones once.
    func tagIDs(named names: [String], project: String) async -> SnifferOutcome<[String]>
}

extension SnifferClient: SnifferAPI {}
