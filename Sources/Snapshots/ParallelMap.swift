import Foundation

/// Maps items on all cores: the calling thread takes a share, and pool threads with stacks large
/// enough for deeply nested YAML (16 MiB; Dispatch's worker threads have 512 KiB) the rest.
/// meshdiff calls it from the main thread, whose 8 MiB hold documents nested to `Limits.maxNesting`.
///
/// The threads are made once and kept: a changelog maps a few files per commit over thousands
/// of commits, and making two threads with 16 MiB stacks per map cost more than the work.
public enum ParallelMap {
    static let stackSize = 16 << 20
    static let workers = ProcessInfo.processInfo.activeProcessorCount
    private static let pool = Pool(threads: workers)

    public static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) -> R) -> [R] {
        // A map inside a mapped transform runs where it is: the pool's threads are all busy.
        guard items.count > 1, workers > 1, !Pool.onWorker else { return items.map(transform) }
        let state = State<R>(count: items.count)
        pool.drain(helpers: min(items.count, workers) - 1) {
            while let index = state.next() {
                state.store(transform(items[index]), at: index)
            }
        }
        return state.results()
    }

    private final class State<R>: @unchecked Sendable {
        private let lock = NSLock()
        private var cursor = 0
        private var slots: [R?]

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func next() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard cursor < slots.count else { return nil }
            cursor += 1
            return cursor - 1
        }

        func store(_ result: R, at index: Int) {
            lock.lock()
            slots[index] = result
            lock.unlock()
        }

        func results() -> [R] {
            lock.lock()
            defer { lock.unlock() }
            return slots.map { $0! }
        }
    }

    /// Worker threads, started on first use, that run jobs from a queue until the process ends.
    private final class Pool: @unchecked Sendable {
        private let condition = NSCondition()
        private var queue: [Job] = []
        private var nextBatch = 0
        private let threads: Int
        private var started = false
        private static let workerName = "meshdiff-worker"

        init(threads: Int) { self.threads = threads }

        static var onWorker: Bool { Thread.current.name == workerName }

        /// Runs `drain` on the calling thread and on up to `helpers` of the pool's threads, and
        /// returns when every run is done. `drain` takes work until none is left, so once the
        /// caller's run returns, helpers that have not started are not needed: they are taken
        /// back instead of waited for (a changelog maps a few small files per commit, where
        /// waking a thread would cost more than the work).
        func drain(helpers: Int, _ drain: @escaping @Sendable () -> Void) {
            let done = DispatchGroup()
            condition.lock()
            if !started {
                started = true
                for _ in 0..<threads {
                    let thread = Thread { [self] in work() }
                    thread.name = Self.workerName
                    thread.stackSize = ParallelMap.stackSize
                    thread.start()
                }
            }
            let batch = nextBatch
            nextBatch += 1
            for _ in 0..<helpers {
                done.enter()
                queue.append(
                    Job(batch: batch) {
                        drain()
                        done.leave()
                    })
            }
            condition.broadcast()
            condition.unlock()
            drain()
            condition.lock()
            let queued = queue.count
            queue.removeAll { $0.batch == batch }
            let unstarted = queued - queue.count
            condition.unlock()
            for _ in 0..<unstarted { done.leave() }
            done.wait()
        }

        private struct Job {
            /// Which `drain` call queued it.
            var batch: Int
            var run: @Sendable () -> Void
        }

        private func work() {
            while true {
                condition.lock()
                while queue.isEmpty { condition.wait() }
                let job = queue.removeFirst()
                condition.unlock()
                job.run()
            }
        }
    }
}
