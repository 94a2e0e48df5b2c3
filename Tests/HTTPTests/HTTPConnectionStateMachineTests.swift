import Testing

@testable import HTTP

/// A manual clock's instant: tests move time by hand.
struct ManualInstant: InstantProtocol, Sendable {
    var offset: Duration
    func advanced(by duration: Duration) -> ManualInstant { ManualInstant(offset: offset + duration) }
    func duration(to other: ManualInstant) -> Duration { other.offset - offset }
    static func < (lhs: ManualInstant, rhs: ManualInstant) -> Bool { lhs.offset < rhs.offset }
}

@Suite("Connection state machine with a manual clock")
struct ConnectionStateMachineTests {
    typealias Machine = HTTPConnection.StateMachine<ManualInstant>
    let timeouts = Machine.Timeouts(
        head: .seconds(10), bodyStall: .seconds(10), body: .seconds(30), idle: .seconds(60), write: .seconds(10),
        linger: .seconds(2))

    func at(_ seconds: Int) -> ManualInstant { ManualInstant(offset: .seconds(seconds)) }

    @Test func silentNewConnectionIsClosedAfterHeadTimeout() {
        var machine = Machine(now: at(0), timeouts: timeouts)
        #expect(machine.timerFired(now: at(9)) == .none)
        #expect(machine.timerFired(now: at(10)) == .close)
        #expect(machine.state == .closed)
    }

    @Test func trickledBodyGets408AtTheBodyDeadlineThoughNoGapIsLong() {
        var machine = Machine(now: at(0), timeouts: timeouts)
        machine.received(now: at(1), phase: .body)
        for second in stride(from: 5, through: 29, by: 4) {
            machine.received(now: at(second), phase: .body)
            #expect(machine.timerFired(now: at(second + 1)) == .none, "cut off at \(second + 1) s")
        }
        // Body began at 1 s; 30 s later it is overdue however steadily bytes come.
        machine.received(now: at(30), phase: .body)
        #expect(machine.timerFired(now: at(31)) == .timeoutResponse)
        #expect(machine.isReceiving == false)
    }

    @Test func theNextRequestOnTheConnectionGetsAFreshBodyDeadline() {
        var machine = Machine(now: at(0), timeouts: timeouts)
        machine.received(now: at(1), phase: .body)
        machine.requestReceived(keepAlive: true)
        _ = machine.responseQueued(now: at(20), close: false)
        machine.received(now: at(25), phase: .body)
        #expect(machine.timerFired(now: at(34)) == .none)
        #expect(machine.timerFired(now: at(35)) == .timeoutResponse)
    }

    @Test func evictionAnswers408OnlyWhileReceiving() {
        var idle = Machine(now: at(0), timeouts: timeouts)
        #expect(idle.evict() == .none)
        var sending = Machine(now: at(0), timeouts: timeouts)
        sending.received(now: at(1), phase: .head)
        #expect(sending.isReceiving)
        #expect(sending.evict() == .timeoutResponse)
        #expect(sending.state == .closing)
    }

    @Test func slowHeadGets408EvenWhileBytesTrickle() {
        var machine = Machine(now: at(0), timeouts: timeouts)
        machine.received(now: at(1), phase: .head)
        for second in 2..<11 {
            machine.received(now: at(second), phase: .head)
            #expect(machine.timerFired(now: at(second)) == .none)
        }
        // The head timer runs from the first byte and never resets.
        #expect(machine.timerFired(now: at(11)) == .timeoutResponse)
        #expect(machine.state == .closing)
        #expect(machine.writeDrained(now: at(11)) == .linger)
        #expect(machine.timerFired(now: at(13)) == .close)
    }

    @Test func bodyStallTimerResetsOnProgress() {
        var machine = Machine(now: at(0), timeouts: timeouts)
        machine.received(now: at(0), phase: .body)
        machine.received(now: at(8), phase: .body)
        #expect(machine.timerFired(now: at(17)) == .none)
        #expect(machine.timerFired(now: at(18)) == .timeoutResponse)
    }

    @Test func keepAliveIdleTimeoutClosesQuietly() {
        var machine = Machine(now: at(0), timeouts: timeouts)
        machine.received(now: at(0), phase: .head)
        machine.requestReceived(keepAlive: true)
        #expect(machine.timerFired(now: at(100)) == .none)  // handlers have no timeout here
        #expect(machine.responseQueued(now: at(100), close: false) == .parseBuffered)
        #expect(machine.writeDrained(now: at(100)) == .none)
        #expect(machine.timerFired(now: at(159)) == .none)
        #expect(machine.timerFired(now: at(160)) == .close)
    }

    @Test func nextRequestStartsItsOwnHeadTimer() {
        var machine = Machine(now: at(0), timeouts: timeouts)
        machine.requestReceived(keepAlive: true)
        _ = machine.responseQueued(now: at(1), close: false)
        machine.received(now: at(30), phase: .head)
        #expect(machine.state == .readingHead(deadline: at(40)))
        #expect(machine.timerFired(now: at(40)) == .timeoutResponse)
    }

    @Test func connectionCloseLingersAfterTheResponse() {
        var machine = Machine(now: at(0), timeouts: timeouts)
        machine.requestReceived(keepAlive: false)
        #expect(machine.responseQueued(now: at(0), close: false) == .none)
        #expect(machine.state == .closing)
        #expect(machine.writeDrained(now: at(0)) == .linger)
        #expect(machine.state == .lingering(deadline: at(2)))
    }

    @Test func stalledWriteIsCutOff() {
        var machine = Machine(now: at(0), timeouts: timeouts)
        machine.requestReceived(keepAlive: true)
        _ = machine.responseQueued(now: at(0), close: false)
        machine.writeBlocked(now: at(0))
        machine.writeBlocked(now: at(5))  // still the first deadline
        #expect(machine.timerFired(now: at(9)) == .none)
        #expect(machine.timerFired(now: at(10)) == .close)
    }

    @Test func gracefulStopClosesIdleAndFinishesInFlight() {
        var idle = Machine(now: at(0), timeouts: timeouts)
        #expect(idle.stopRequested() == .close)

        var busy = Machine(now: at(0), timeouts: timeouts)
        busy.requestReceived(keepAlive: true)
        #expect(busy.stopRequested() == .none)
        #expect(busy.responseQueued(now: at(1), close: false) == .none)
        #expect(busy.closeAfterResponse)
        #expect(busy.writeDrained(now: at(1)) == .linger)
    }

    @Test func peerCloseWhileHandlingStillAnswers() {
        var machine = Machine(now: at(0), timeouts: timeouts)
        machine.requestReceived(keepAlive: true)
        #expect(machine.peerClosed() == .none)
        #expect(machine.responseQueued(now: at(0), close: false) == .none)
        #expect(machine.state == .closing)

        var waiting = Machine(now: at(0), timeouts: timeouts)
        #expect(waiting.peerClosed() == .close)
    }
}
