/// One accepted connection on its loop thread: feeds the parser, runs the
/// handler, queues responses in order, writes what the socket takes, and
/// follows its state machine for timeouts and closing.
final class HTTPConnection {
    let socket: Socket
    /// fd in the low 32 bits, the loop's generation counter in the high ones.
    let key: UInt64
    var parser: HTTPRequestParser
    var machine: StateMachine<ContinuousClock.Instant>
    /// Bytes queued for the peer, sent from `outputIndex` on.
    private var output: [UInt8] = []
    private var outputIndex = 0
    private var interest: Epoll.Interest = .read
    /// The request the handler is working on, if any.
    private var inFlight: UInt64?
    private var sequence: UInt64 = 0
    private var inFlightIsHead = false
    private var peerClosed = false
    /// Bytes discarded while lingering; a peer flooding us is cut off.
    private var discarded = 0

    /// Past this many buffered bytes the connection stops reading until the
    /// current request is answered (pipelining back-pressure).
    private static let readPause = 64 * 1024

    init(socket: Socket, key: UInt64, parser: HTTPRequestParser, machine: StateMachine<ContinuousClock.Instant>) {
        self.socket = socket
        self.key = key
        self.parser = parser
        self.machine = machine
    }

    var isOpen: Bool { socket.isOpen }

    // MARK: Events

    func readable(_ runner: LoopRunner) {
        let result: IOResult<Int>
        do {
            result = try socket.read(into: runner.readBuffer)
        } catch {
            runner.close(self)
            return
        }
        guard case .processed(let count) = result else { return }
        if count == 0 {
            peerClosed = true
            if case .lingering = machine.state {
                runner.close(self)
                return
            }
            // Answers still queued are written first; `flush` closes after.
            if inFlight == nil, outputIndex < output.count {
                updateInterest(runner)
                return
            }
            if machine.peerClosed() == .close { runner.close(self) } else { updateInterest(runner) }
            return
        }
        if case .lingering = machine.state {
            discarded += count
            if discarded > 1024 * 1024 { runner.close(self) }
            return
        }
        parser.feed(UnsafeRawBufferPointer(rebasing: runner.readBuffer[0..<count]))
        resume(runner)
    }

    func writable(_ runner: LoopRunner) {
        // Draining the output may unblock pipelined requests held back.
        resume(runner)
    }

    /// Parses and answers what is buffered, then writes.
    func resume(_ runner: LoopRunner) {
        guard isOpen else { return }
        processBuffered(runner)
        guard isOpen else { return }
        flush(runner)
        if isOpen { updateInterest(runner) }
    }

    private func processBuffered(_ runner: LoopRunner) {
        while inFlight == nil {
            switch machine.state {
            case .waiting, .readingHead, .readingBody: break
            default: return
            }
            // A peer that stopped reading gets no more answers queued.
            if output.count - outputIndex > Self.readPause { return }
            do {
                switch try parser.next() {
                case .needMoreData:
                    machine.received(now: runner.now, phase: parser.phase)
                    // An idle keep-alive connection keeps at most 4 KiB: 10,000
                    // of them must not hold a webhook body each.
                    if parser.phase == .idle { parser.releaseExcessCapacity(keeping: 4096) }
                    return
                case .continueExpected:
                    ResponseWriter.appendContinue(to: &output)
                    machine.received(now: runner.now, phase: .body)
                case .request(let request):
                    sequence &+= 1
                    inFlight = sequence
                    inFlightIsHead = request.method == "HEAD"
                    machine.requestReceived(keepAlive: request.wantsKeepAlive && !peerClosed)
                    runner.dispatch(request, from: self, sequence: sequence)
                    guard isOpen else { return }
                }
            } catch {
                runner.writer.append(error.response(closeConnection: true), close: true, headRequest: false, to: &output)
                _ = machine.responseQueued(now: runner.now, close: true)
                return
            }
        }
    }

    /// The handler's answer to request `sequence` (loop thread).
    func complete(_ response: HTTPResponse, sequence: UInt64, _ runner: LoopRunner) {
        guard isOpen, inFlight == sequence else { return }
        inFlight = nil
        if response.abortConnection {
            if runner.context.configuration.abortResetsConnection { socket.setResetOnClose() }
            runner.close(self)
            return
        }
        let close = response.closeConnection || machine.closeAfterResponse
        runner.writer.append(response, close: close, headRequest: inFlightIsHead, to: &output)
        _ = machine.responseQueued(now: runner.now, close: close)
    }

    // MARK: Writing

    private func flush(_ runner: LoopRunner) {
        while outputIndex < output.count {
            let start = outputIndex
            let result: IOResult<Int>
            do {
                result = try output.withUnsafeBytes { bytes throws(IOError) in
                    try socket.write(UnsafeRawBufferPointer(rebasing: bytes[start...]))
                }
            } catch {
                runner.close(self)
                return
            }
            switch result {
            case .processed(let written): outputIndex += written
            case .wouldBlock:
                machine.writeBlocked(now: runner.now)
                return
            }
        }
        if !output.isEmpty {
            output.removeAll(keepingCapacity: output.capacity <= 64 * 1024)
            outputIndex = 0
        }
        if peerClosed, inFlight == nil, machine.state != .closing {
            // The peer is gone and everything it asked for is answered.
            runner.close(self)
            return
        }
        if machine.writeDrained(now: runner.now) == .linger {
            if peerClosed {
                runner.close(self)
            } else {
                socket.shutdownWrite()
            }
        }
    }

    private func updateInterest(_ runner: LoopRunner) {
        var wanted: Epoll.Interest = []
        if outputIndex < output.count { wanted.insert(.write) }
        if !peerClosed && parser.bufferedByteCount < Self.readPause && outputIndex == output.count {
            wanted.insert(.read)
        }
        if case .lingering = machine.state, !peerClosed { wanted = .read }
        guard wanted != interest else { return }
        interest = wanted
        runner.updateInterest(self, wanted)
    }

    // MARK: Timers and stop

    func checkTimers(_ runner: LoopRunner) {
        carryOut(machine.timerFired(now: runner.now), runner, message: "request not received in time")
    }

    /// Too many connections are receiving a request, and this one has been at it longest.
    func evict(_ runner: LoopRunner) {
        carryOut(machine.evict(), runner, message: "request not received in time; too many slow requests at once")
    }

    private func carryOut(_ action: StateMachine<ContinuousClock.Instant>.Action, _ runner: LoopRunner, message: String) {
        switch action {
        case .none, .parseBuffered, .linger: return
        case .close: runner.close(self)
        case .timeoutResponse:
            let error = HTTPError(.requestTimeout, message)
            runner.writer.append(error.response(closeConnection: true), close: true, headRequest: false, to: &output)
            flush(runner)
            if isOpen { updateInterest(runner) }
        }
    }

    func stop(_ runner: LoopRunner) {
        if machine.stopRequested() == .close { runner.close(self) }
    }
}
