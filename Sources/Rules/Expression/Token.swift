/// One lexical token of the expression language, with its byte span.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case identifier(String)
        case string(String)
        case integer(Int64)
        case float(Double)
        case keywordTrue, keywordFalse, keywordNull, keywordIn
        case equal, notEqual, less, lessEqual, greater, greaterEqual
        case and, or, not, question, colon, coalesce, pipe, minus
        case leftParen, rightParen, leftBracket, rightBracket, comma, dot
        case end
    }

    var kind: Kind
    var span: SourceSpan

    /// How the token is named in "expected X, found Y" messages.
    var display: String {
        switch kind {
        case .identifier(let name): return "'\(name)'"
        case .string: return "string"
        case .integer, .float: return "number"
        case .keywordTrue: return "'true'"
        case .keywordFalse: return "'false'"
        case .keywordNull: return "'null'"
        case .keywordIn: return "'in'"
        case .equal: return "'=='"
        case .notEqual: return "'!='"
        case .less: return "'<'"
        case .lessEqual: return "'<='"
        case .greater: return "'>'"
        case .greaterEqual: return "'>='"
        case .and: return "'&&'"
        case .or: return "'||'"
        case .not: return "'!'"
        case .question: return "'?'"
        case .colon: return "':'"
        case .coalesce: return "'??'"
        case .pipe: return "'|'"
        case .minus: return "'-'"
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .leftBracket: return "'['"
        case .rightBracket: return "']'"
        case .comma: return "','"
        case .dot: return "'.'"
        case .end: return "end of expression"
        }
    }
}

/// A syntax error inside one expression: where (byte span) and what.
public struct ExpressionError: Error, Sendable, Equatable {
    public var span: SourceSpan
    public var message: String

    /// An error at `span`.
    public init(_ span: SourceSpan, _ message: String) {
        self.span = span
        self.message = message
    }
}
