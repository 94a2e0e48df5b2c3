import HTTP
import JSON

/// One answer of the simulator before it is written: status, headers, body.
struct SnipeITSimAnswer: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: [UInt8]
    /// Drop the connection instead of answering.
    var abort = false

    /// A JSON body.
    static func json(_ status: Int, _ body: JSON) -> SnipeITSimAnswer {
        SnipeITSimAnswer(status: status, headers: [("Content-Type", "application/json")], body: body.serializedBytes())
    }

    /// Snipe-IT's `Helper::formatStandardApiResponse`: `{"status","messages","payload"}`.
    static func envelope(_ status: Int = 200, success: Bool, messages: JSON, payload: JSON = .null) -> SnipeITSimAnswer {
        json(status, ["status": .string(success ? "success" : "error"), "messages": messages, "payload": payload])
    }

    /// The error envelope with one sentence.
    static func error(_ message: String, status: Int = 200) -> SnipeITSimAnswer {
        envelope(status, success: false, messages: .string(message))
    }

    /// The error envelope with field errors, as a failed validation answers (HTTP 200).
    static func fieldErrors(_ errors: [(String, [String])]) -> SnipeITSimAnswer {
        var object = JSONObject()
        for (field, messages) in errors { object[field] = .array(messages.map(JSON.string)) }
        return envelope(success: false, messages: .object(object))
    }

    /// An HTML page.
    static func html(_ status: Int, _ page: String, headers: [(String, String)] = []) -> SnipeITSimAnswer {
        SnipeITSimAnswer(
            status: status, headers: [("Content-Type", "text/html; charset=UTF-8")] + headers, body: Array(page.utf8))
    }

    /// Laravel's redirect to the login page, as an unauthenticated request
    /// without `Accept: application/json` gets it.
    static func loginRedirect(base: String) -> SnipeITSimAnswer {
        let url = base + "/login"
        let page = """
            <!DOCTYPE html>
            <html>
                <head>
                    <meta charset="UTF-8" />
                    <meta http-equiv="refresh" content="0;url='\(url)'" />

                    <title>Redirecting to \(url)</title>
                </head>
                <body>
                    Redirecting to <a href="\(url)">\(url)</a>.
                </body>
            </html>
            """
        return html(302, page, headers: [("Location", url)])
    }

    var response: HTTPResponse {
        if abort { return .abort }
        var fields = HTTPHeaders()
        for (name, value) in headers { fields.add(name, value) }
        return HTTPResponse(status: status, headers: fields, body: body)
    }
}
