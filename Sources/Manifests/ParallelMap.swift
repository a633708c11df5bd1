#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Maps items on all cores: the calling thread takes a share, and pool threads with stacks large
/// enough for deeply nested YAML (16 MiB; Dispatch's worker threads have 512 KiB) the rest.
/// meshdiff calls it from the main thread, whose 8 MiB hold documents nested to `Limits.maxNesting`,
/// and from pool threads (in work `start` began).
///
/// The threads are made once and kept: a changelog maps a few files per commit over thousands
/// of commits, and making two threads with 16 MiB stacks per map cost more than the work.
public enum ParallelMap {
    static let stackSize = 16 << 20
    /// How many threads share a map (the caller's included): one per online core.
    public static let workers = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    fileprivate static let pool = Pool(threads: workers)

    public static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) -> R) -> [R] {
        // A map on a pool thread (inside a transform, or in work `start` began) offers its
        // helper jobs too: a free thread takes them, and ones no thread took are taken back.
        guard items.count > 1, workers > 1 else { return items.map(transform) }
        // Each result goes straight to its place in the array returned, written by the one
        // thread that took its index (`drain` returns once every job is done): no optional
        // slot per result and no second array to unwrap them into, which for a changelog's
        // first step (21,904 resource comparisons) were 16 MB at its peak.
        return [R](unsafeUninitializedCapacity: items.count) { buffer, initialized in
            let state = State(results: buffer.baseAddress!, count: items.count)
            pool.drain(helpers: min(items.count, workers) - 1) {
                while let index = state.next() {
                    (state.results + index).initialize(to: transform(items[index]))
                }
            }
            initialized = items.count
        }
    }

    /// Starts `work` on a pool thread and returns at once; `result()` waits for it. A changelog
    /// compares one step this way while it reads the next. Where there is one core, or the
    /// caller is a pool thread, `work` runs before this returns. Maps inside `work` offer their
    /// helper jobs as any map does: a thread the caller leaves free takes them.
    public static func start<R: Sendable>(_ work: @escaping @Sendable () -> R) -> Started<R> {
        let started = Started<R>()
        guard workers > 1, !pool.onWorker else {
            started.finish(work())
            return started
        }
        pool.submit { started.finish(work()) }
        return started
    }

    /// The result of work `start` began.
    public final class Started<R: Sendable>: @unchecked Sendable {
        private let lock = Lock()
        private let done: Lock.Condition
        private var value: R?

        init() { done = Lock.Condition(lock) }

        fileprivate func finish(_ result: R) {
            lock.withLock {
                value = result
                done.broadcast()
            }
        }

        /// The work's result, once it is done.
        public func result() -> R {
            lock.withLock {
                while value == nil { done.wait() }
                return value!
            }
        }
    }

    /// Work handed to the pool as it becomes known: while the caller goes on (reading the next
    /// file), a pool thread runs what was added; `results()` runs what no thread has started and
    /// waits for the rest. A pool thread is woken once two pieces wait; where there is one core,
    /// everything runs in `results()`.
    public final class Feed<R: Sendable>: @unchecked Sendable {
        private let lock = Lock()
        private let done: Lock.Condition
        /// Work not yet taken, by index; `nil` once a thread took it.
        private var work: [(@Sendable () -> R)?] = []
        private var slots: [R?] = []
        /// The next index to take.
        private var next = 0
        /// Work taken and not yet stored.
        private var running = 0
        /// Whether a pool job is taking work (one at a time: the caller is the other thread).
        private var helped = false

        public init() { done = Lock.Condition(lock) }

        /// Queues `work` after what was added before.
        public func add(_ work: @escaping @Sendable () -> R) {
            let wake = lock.withLock {
                self.work.append(work)
                slots.append(nil)
                // One piece of work waiting is the caller's own: handing a lone small parse to
                // another thread costs more than it (a changelog's usual step).
                guard !helped, ParallelMap.workers > 1, self.work.count - next >= 2 else { return false }
                helped = true
                return true
            }
            if wake { ParallelMap.pool.submit { self.drain(helper: true) } }
        }

        /// Every result, in the order the work was added.
        public func results() -> [R] {
            drain(helper: false)
            return lock.withLock {
                while running > 0 { done.wait() }
                return slots.map { $0! }
            }
        }

        private func drain(helper: Bool) {
            while let (index, work) = take(helper: helper) {
                let result = work()
                lock.withLock {
                    slots[index] = result
                    running -= 1
                    if running == 0 { done.broadcast() }
                }
            }
        }

        /// The next work to run; a helper that finds none stops helping under the same lock, so
        /// work added right after wakes another.
        private func take(helper: Bool) -> (Int, @Sendable () -> R)? {
            lock.withLock {
                guard next < work.count else {
                    if helper { helped = false }
                    return nil
                }
                let index = next
                next += 1
                running += 1
                defer { work[index] = nil }
                return (index, work[index]!)
            }
        }
    }

    /// A map's next index to take, and where its results go.
    private final class State<R>: @unchecked Sendable {
        private let lock = Lock()
        private var cursor = 0
        private let count: Int
        /// The returned array's storage: each index is initialized by the thread that took it.
        let results: UnsafeMutablePointer<R>

        init(results: UnsafeMutablePointer<R>, count: Int) {
            self.results = results
            self.count = count
        }

        func next() -> Int? {
            lock.withLock {
                guard cursor < count else { return nil }
                cursor += 1
                return cursor - 1
            }
        }
    }

    /// Worker threads, started on first use, that run jobs from a queue until the process ends.
    fileprivate final class Pool: @unchecked Sendable {
        private let lock = Lock()
        /// Workers wait on it for a job; each job queued wakes one.
        private let queued: Lock.Condition
        /// `drain` callers wait on it for their batch's running jobs to end.
        private let finished: Lock.Condition
        private var queue: [Job] = []
        /// Jobs taken from the queue and not yet done, by the `drain` call that queued them.
        private var running: [Int: Int] = [:]
        private var nextBatch = 0
        private let threads: Int
        private var workerIDs: [pthread_t] = []

        init(threads: Int) {
            self.threads = threads
            queued = Lock.Condition(lock)
            finished = Lock.Condition(lock)
        }

        var onWorker: Bool {
            let me = pthread_self()
            return lock.withLock { workerIDs.contains { pthread_equal($0, me) != 0 } }
        }

        /// Runs `drain` on the calling thread and on up to `helpers` of the pool's threads, and
        /// returns when every run is done. `drain` takes work until none is left, so once the
        /// caller's run returns, helpers that have not started are not needed: they are taken
        /// back instead of waited for (a changelog maps a few small files per commit, where
        /// waking a thread would cost more than the work).
        func drain(helpers: Int, _ drain: @escaping @Sendable () -> Void) {
            let batch = lock.withLock {
                if workerIDs.isEmpty { start() }
                nextBatch += 1
                for _ in 0..<helpers {
                    queue.append(Job(batch: nextBatch, run: drain))
                    queued.signal()
                }
                return nextBatch
            }
            drain()
            lock.withLock {
                queue.removeAll { $0.batch == batch }
                while running[batch, default: 0] > 0 { finished.wait() }
                running[batch] = nil
            }
        }

        /// Queues one job that nobody drains: it runs when a pool thread is free.
        func submit(_ run: @escaping @Sendable () -> Void) {
            lock.withLock {
                if workerIDs.isEmpty { start() }
                nextBatch += 1
                queue.append(Job(batch: nextBatch, run: run))
                queued.signal()
            }
        }

        private struct Job {
            /// Which `drain` call queued it.
            var batch: Int
            var run: @Sendable () -> Void
        }

        /// Under the lock: starts the threads (16 MiB stacks), each running `work()`.
        private func start() {
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            pthread_attr_setstacksize(&attributes, ParallelMap.stackSize)
            for _ in 0..<threads {
                let context = Unmanaged.passRetained(self).toOpaque()
                var thread = pthread_t()
                let status = pthread_create(
                    &thread, &attributes,
                    { context in
                        Unmanaged<Pool>.fromOpaque(context!).takeRetainedValue().work()
                    }, context)
                if status == 0 { workerIDs.append(thread) } else { Unmanaged<Pool>.fromOpaque(context).release() }
            }
        }

        private func work() -> Never {
            while true {
                let job = lock.withLock {
                    while queue.isEmpty { queued.wait() }
                    let job = queue.removeFirst()
                    running[job.batch, default: 0] += 1
                    return job
                }
                job.run()
                lock.withLock {
                    running[job.batch, default: 0] -= 1
                    if running[job.batch] == 0 {
                        running[job.batch] = nil
                        finished.broadcast()
                    }
                }
            }
        }
    }
}
