import Foundation

/// Maps items on all cores, on threads with stacks large enough for deeply nested YAML
/// (Dispatch's worker threads have 512 KiB).
public enum ParallelMap {
    static let stackSize = 16 << 20

    public static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) -> R) -> [R] {
        let workers = min(items.count, ProcessInfo.processInfo.activeProcessorCount)
        if workers <= 1 {
            return items.map(transform)
        }
        let state = State<R>(count: items.count)
        let done = DispatchGroup()
        for _ in 0..<workers {
            done.enter()
            let thread = Thread {
                while let index = state.next() {
                    state.store(transform(items[index]), at: index)
                }
                done.leave()
            }
            thread.stackSize = stackSize
            thread.start()
        }
        done.wait()
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
}
