import Synchronization

/// Group commit for appends: the webhooks that arrive while one batch is
/// being written become the next batch, written with a fixed number of
/// statements whatever its size (the events in one multi-row INSERT, their
/// actions in another). With one batch at a time in the writer, batches
/// grow with load and add no delay when idle.
final class PostgresAppendBatcher: Sendable {
    struct Request: Sendable {
        let row: PostgresStore.EventRow
        let actions: [NewAction]?
        let completion: @Sendable (Result<AppendResult, StoreError>) -> Void
    }

    private struct State {
        var waiting: [Request] = []
        var writing = false
    }

    private let state = Mutex(State())
    private let writer: PostgresWorker
    private let maxBatch: Int

    init(writer: PostgresWorker, maxBatch: Int) {
        self.writer = writer
        self.maxBatch = max(1, maxBatch)
    }

    func submit(_ request: Request) {
        let batch = state.withLock { state -> [Request]? in
            state.waiting.append(request)
            guard !state.writing else { return nil }
            state.writing = true
            return take(&state)
        }
        if let batch { write(batch) }
    }

    private func take(_ state: inout State) -> [Request] {
        let batch = Array(state.waiting.prefix(maxBatch))
        state.waiting.removeFirst(batch.count)
        return batch
    }

    private func write(_ batch: [Request]) {
        let rows = batch.map { ($0.row, $0.actions) }
        let notifies = batch.contains { !($0.actions?.isEmpty ?? true) }
        writer.perform(savepoint: false, notifies: notifies, { connection throws(StoreError) in
            try PostgresStore.insert(rows, connection)
        }, completion: { [self] outcome in
            switch outcome {
            case .success(let results):
                for (request, result) in zip(batch, results) { request.completion(.success(result)) }
            case .failure(let error):
                for request in batch { request.completion(.failure(error)) }
            }
            let next = state.withLock { state -> [Request]? in
                guard !state.waiting.isEmpty else {
                    state.writing = false
                    return nil
                }
                return take(&state)
            }
            if let next { write(next) }
        })
    }
}
