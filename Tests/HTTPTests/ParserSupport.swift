@testable import HTTP

/// Helpers to run the parser over a whole input in one go, in pieces, or
/// one byte at a time, collecting every event (NIO's verifier style).
enum ParserRun {
    struct Outcome: Equatable {
        var requests: [HTTPRequest] = []
        var continues = 0
        var error: HTTPError?
    }

    /// Feeds `input` in pieces of `piece` bytes (0: all at once), calling
    /// `next()` until it needs more data after each piece.
    static func run(
        _ input: [UInt8], piece: Int = 0, configuration: HTTPRequestParser.Configuration = .init()
    ) -> Outcome {
        var parser = HTTPRequestParser(configuration: configuration)
        var outcome = Outcome()
        let size = piece == 0 ? max(1, input.count) : piece
        var offset = 0
        repeat {
            let end = min(input.count, offset + size)
            parser.feed(input[offset..<end])
            offset = end
            do {
                loop: while true {
                    switch try parser.next() {
                    case .needMoreData: break loop
                    case .continueExpected: outcome.continues += 1
                    case .request(let request): outcome.requests.append(request)
                    }
                }
            } catch {
                outcome.error = error
                return outcome
            }
        } while offset < input.count
        return outcome
    }

    /// The one error `input` produces (whole), or nil.
    static func error(_ text: String, configuration: HTTPRequestParser.Configuration = .init()) -> HTTPError? {
        run(Array(text.utf8), configuration: configuration).error
    }
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}
