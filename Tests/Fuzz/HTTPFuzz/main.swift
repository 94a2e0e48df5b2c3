// libFuzzer entry point for the HTTP request parser (`make fuzz-http`).
// Every input is parsed whole and in 3-byte pieces; both must agree, and
// nothing may crash or loop.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPRequestParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    let configuration = HTTPRequestParser.Configuration(maxHeadBytes: 4096, maxBodyBytes: 8192)
    func run(piece: Int) -> ([HTTPRequest], Int?) {
        var parser = HTTPRequestParser(configuration: configuration)
        var requests: [HTTPRequest] = []
        var offset = 0
        while offset < input.count || offset == 0 {
            let end = min(input.count, offset + piece)
            parser.feed(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: input[offset..<end])))
            offset = max(end, 1)
            do {
                loop: while true {
                    switch try parser.next() {
                    case .needMoreData: break loop
                    case .continueExpected: continue
                    case .request(let request): requests.append(request)
                    }
                }
            } catch {
                return (requests, error.status)
            }
        }
        return (requests, nil)
    }
    let whole = run(piece: max(1, size))
    let pieces = run(piece: 3)
    if whole.0 != pieces.0 || whole.1 != pieces.1 { fatalError("fragmentation changed the outcome") }
    return 0
}
