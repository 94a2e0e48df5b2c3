import Glibc

/// One loop thread's state and its loop: waits on epoll, accepts, reads,
/// writes, delivers completions, sweeps timeouts. Created on its thread and
/// never leaves it.
final class LoopRunner {
    typealias Instant = ContinuousClock.Instant

    let loop: EventLoop
    let context: ServerContext
    let epoll: Epoll
    private var listener: Socket?
    private var accepting = false
    /// After an accept error (e.g. EMFILE): no retry before this instant.
    private var acceptRetry: Instant?
    /// Connections by fd; each checks its key (fd + generation) on events.
    private var connections: [HTTPConnection?] = []
    private(set) var liveCount = 0
    private var generation: UInt32 = 0
    let readBuffer: UnsafeMutableRawBufferPointer
    var writer = ResponseWriter()
    private let clock = ContinuousClock()
    private(set) var now: Instant
    private var completions: [EventLoop.Completion] = []
    private var stopDeadline: Instant?
    let timeouts: HTTPConnection.StateMachine<Instant>.Timeouts
    private let tickMilliseconds: Int32
    /// This loop's share of `maxReceivingConnections`.
    private let maxReceiving: Int
    /// Connections in the middle of a request, by key, with when each began.
    private var receiving: [UInt64: Instant] = [:]
    /// Lets the loop accept (and close) a connection when descriptors run out.
    private var reserve: DescriptorReserve

    private static let listenerKey = UInt64.max
    private static let wakeupKey = UInt64.max - 1

    init(loop: EventLoop, context: ServerContext, listenerFD: Int32) throws(IOError) {
        self.loop = loop
        self.context = context
        epoll = try Epoll()
        listener = Socket(fd: listenerFD)
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        now = clock.now
        let configuration = context.configuration
        timeouts = .init(
            head: configuration.headTimeout, bodyStall: configuration.bodyStallTimeout, body: configuration.bodyTimeout,
            idle: configuration.idleTimeout, write: configuration.writeTimeout, linger: configuration.lingerTimeout)
        let loops = max(1, context.loopCount)
        maxReceiving = max(1, (configuration.maxReceivingConnections + loops - 1) / loops)
        reserve = DescriptorReserve()
        let shortest = [
            configuration.headTimeout, configuration.bodyStallTimeout, configuration.bodyTimeout, configuration.idleTimeout,
        ].min() ?? .seconds(1)
        let quarter = shortest / 4
        let milliseconds = quarter.components.seconds * 1000 + quarter.components.attoseconds / 1_000_000_000_000_000
        tickMilliseconds = Int32(max(10, min(250, milliseconds)))
    }

    deinit {
        readBuffer.deallocate()
    }

    func run() {
        loop.attachCurrentThread()
        do {
            try epoll.add(loop.wakeup.fd, interest: .read, data: Self.wakeupKey)
            resumeAccepting()
            while true {
                let count = try epoll.wait(timeoutMilliseconds: tickMilliseconds)
                now = clock.now
                for index in 0..<count { handle(epoll.event(at: index)) }
                deliverCompletions()
                sweep()
                if loop.stopRequested.load(ordering: .acquiring) {
                    if stopDeadline == nil { beginStop() }
                    if liveCount == 0 { break }
                    if let stopDeadline, now >= stopDeadline { break }
                } else if !accepting, context.isBelowLimit {
                    resumeAccepting()
                }
            }
        } catch {
            // epoll itself failed: nothing sensible is left to do on this loop.
        }
        closeEverything()
    }

    private func handle(_ event: Epoll.Event) {
        switch event.data {
        case Self.listenerKey: acceptConnections()
        case Self.wakeupKey: loop.acknowledgeWakeup()
        default:
            guard let connection = connection(for: event.data) else { return }
            if event.writable || event.failed { connection.writable(self) }
            if connection.isOpen, event.readable || event.failed { connection.readable(self) }
            if connection.isOpen { trackReceiving(connection) }
        }
    }

    /// Keeps `receiving` up to date after `connection` read, and cuts off the
    /// longest-receiving connection once more than this loop's share are.
    private func trackReceiving(_ connection: HTTPConnection) {
        guard connection.machine.isReceiving else {
            receiving.removeValue(forKey: connection.key)
            return
        }
        guard receiving[connection.key] == nil else { return }
        receiving[connection.key] = now
        guard receiving.count > maxReceiving,
              let oldest = receiving.min(by: { $0.value < $1.value })?.key,
              let victim = self.connection(for: oldest) else { return }
        receiving.removeValue(forKey: oldest)
        victim.evict(self)
    }

    private func connection(for key: UInt64) -> HTTPConnection? {
        let fd = Int(key & 0xFFFF_FFFF)
        guard fd < connections.count, let connection = connections[fd], connection.key == key else { return nil }
        return connection
    }

    // MARK: Accepting

    private func acceptConnections() {
        guard let listener else { return }
        while true {
            guard context.reserveConnection() else {
                pauseAccepting()
                return
            }
            let socket: Socket?
            do {
                socket = try listener.accept()
            } catch {
                context.releaseConnection()
                if error.errno == EMFILE || error.errno == ENFILE {
                    let context = self.context
                    let drained = reserve.acceptAndClose(from: listener, context: context) {
                        context.descriptorsRanOut()
                    }
                    if drained { continue }
                }
                // Out of descriptors with no reserve, or another failure: pause
                // a while; connections wait in the backlog.
                if error.errno != ECONNABORTED {
                    pauseAccepting()
                    acceptRetry = now.advanced(by: .milliseconds(100))
                }
                return
            }
            guard let socket else {
                context.releaseConnection()
                return
            }
            context.acceptedCount.add(1, ordering: .relaxed)
            context.descriptorsAreBack()
            register(socket)
        }
    }

    private func register(_ socket: Socket) {
        generation &+= 1
        let fd = Int(socket.fd)
        let key = UInt64(generation) << 32 | UInt64(UInt32(fd))
        let connection = HTTPConnection(
            socket: socket, key: key, parser: HTTPRequestParser(configuration: context.configuration.parser),
            machine: HTTPConnection.StateMachine(now: now, timeouts: timeouts))
        do {
            try epoll.add(socket.fd, interest: .read, data: key)
        } catch {
            socket.close()
            context.releaseConnection()
            return
        }
        if fd >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: max(fd + 1 - connections.count, 64)))
        }
        connections[fd] = connection
        liveCount += 1
    }

    private func pauseAccepting() {
        guard accepting, let listener else { return }
        epoll.remove(listener.fd)
        accepting = false
    }

    private func resumeAccepting() {
        guard !accepting, let listener else { return }
        if let acceptRetry, now < acceptRetry { return }
        do {
            try epoll.add(listener.fd, interest: .read, data: Self.listenerKey)
            accepting = true
        } catch {
            accepting = false
        }
    }

    // MARK: Connections

    /// Runs the handler for a request of `connection`; a response given at
    /// once is delivered before this returns.
    func dispatch(_ request: HTTPRequest, from connection: HTTPConnection, sequence: UInt64) {
        let loop = self.loop
        let key = connection.key
        context.handler.handle(
            request,
            responder: HTTPResponder { response in
                loop.post(EventLoop.Completion(key: key, sequence: sequence, response: response))
            })
        loop.takeCompletions(into: &completions)
        // Only this connection's answer is handled here; others wait for
        // the loop so a connection's processing never nests inside another's.
        if let index = completions.firstIndex(where: { $0.key == key && $0.sequence == sequence }) {
            let completion = completions.remove(at: index)
            connection.complete(completion.response, sequence: sequence, self)
        }
    }

    private func deliverCompletions() {
        loop.takeCompletions(into: &completions)
        guard !completions.isEmpty else { return }
        let batch = completions
        completions.removeAll(keepingCapacity: true)
        for completion in batch {
            guard let connection = connection(for: completion.key) else { continue }
            connection.complete(completion.response, sequence: completion.sequence, self)
            connection.resume(self)
        }
    }

    func updateInterest(_ connection: HTTPConnection, _ interest: Epoll.Interest) {
        do {
            try epoll.modify(connection.socket.fd, interest: interest, data: connection.key)
        } catch {
            close(connection)
        }
    }

    func close(_ connection: HTTPConnection) {
        let fd = Int(connection.socket.fd)
        guard fd >= 0 else { return }
        epoll.remove(connection.socket.fd)
        receiving.removeValue(forKey: connection.key)
        connection.machine.closed()
        connection.socket.close()
        if fd < connections.count { connections[fd] = nil }
        liveCount -= 1
        context.releaseConnection()
        if !accepting, stopDeadline == nil, !loop.stopRequested.load(ordering: .relaxed) { resumeAccepting() }
    }

    // MARK: Timers and stopping

    private var nextSweep: Instant?

    private func sweep() {
        if let nextSweep, now < nextSweep { return }
        nextSweep = now.advanced(by: .milliseconds(Int64(tickMilliseconds)))
        for case let connection? in connections { connection.checkTimers(self) }
    }

    private func beginStop() {
        stopDeadline = now.advanced(by: context.configuration.gracefulStopTimeout)
        if let listener {
            if accepting { epoll.remove(listener.fd) }
            accepting = false
            listener.close()
            self.listener = nil
        }
        for case let connection? in connections { connection.stop(self) }
    }

    private func closeEverything() {
        for case let connection? in connections { close(connection) }
        reserve.release()
        listener?.close()
        listener = nil
    }
}
