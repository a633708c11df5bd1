#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A mutual-exclusion lock, with a condition to wait on, for the few caches and queues threads
/// share.
///
/// `NSLock` and `NSCondition` are the full Foundation's, which would bring CoreFoundation and ICU
/// into the binary and ~3 ms and ~9 MiB into every run (README, Performance); this is the same
/// pthread mutex and condition variable without them.
public final class Lock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    public init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    public func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Inside `withLock`: releases the lock until `broadcast()` (or a spurious wake-up; check
    /// what you wait for in a loop), then takes it again.
    public func wait() { pthread_cond_wait(condition, mutex) }

    /// Wakes every thread waiting in `wait()`.
    public func broadcast() { pthread_cond_broadcast(condition) }
}
