#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A mutual-exclusion lock for the few caches and queues threads share.
///
/// `NSLock` and `NSCondition` are the full Foundation's, which would bring CoreFoundation and ICU
/// into the binary and ~1.5 ms and 3–5 MiB into every run (README, Performance); this is the same
/// pthread mutex without them.
public final class Lock: @unchecked Sendable {
    fileprivate let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    public init() { pthread_mutex_init(mutex, nil) }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    public func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Something threads wait for under a lock (a pthread condition variable).
    public final class Condition: @unchecked Sendable {
        private let lock: Lock
        private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

        public init(_ lock: Lock) {
            self.lock = lock
            pthread_cond_init(condition, nil)
        }

        deinit {
            pthread_cond_destroy(condition)
            condition.deallocate()
        }

        /// Inside the lock's `withLock`: releases it until `signal()` or `broadcast()` (or a
        /// spurious wake-up: check what you wait for in a loop), then takes it again.
        public func wait() { pthread_cond_wait(condition, lock.mutex) }

        /// Wakes one waiting thread.
        public func signal() { pthread_cond_signal(condition) }

        /// Wakes every waiting thread.
        public func broadcast() { pthread_cond_broadcast(condition) }
    }
}
