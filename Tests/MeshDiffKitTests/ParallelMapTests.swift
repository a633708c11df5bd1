import Manifests
import Testing

/// The worker pool every parallel stage shares: results in order, nested maps (on pool threads
/// too) and work started in the background while the caller maps, as a changelog does.
@Suite struct ParallelMapTests {
    static func sumOfSquares(_ n: Int) -> Int { (0...n).reduce(0) { $0 + $1 * $1 } }

    @Test("Results come back in order, maps nested in maps included")
    func nestedMaps() {
        let items = Array(0..<200)
        let nested = ParallelMap.map(items) { item in
            ParallelMap.map(Array(0..<(item % 7 + 2))) { inner in Self.sumOfSquares(item + inner) }
        }
        #expect(nested == items.map { item in (0..<(item % 7 + 2)).map { Self.sumOfSquares(item + $0) } })
    }

    @Test("Work started in the background gives its result while the caller maps; one at a time or many")
    func startedWork() {
        var started: [ParallelMap.Started<[Int]>] = []
        for round in 0..<50 {
            // The started work maps too, on whichever threads are free.
            started.append(ParallelMap.start { ParallelMap.map(Array(0..<(round + 2))) { Self.sumOfSquares($0 * round) } })
            let own = ParallelMap.map(Array(0..<30)) { Self.sumOfSquares($0 + round) }
            #expect(own == (0..<30).map { Self.sumOfSquares($0 + round) })
            if round.isMultiple(of: 3) { _ = started[round].result() }
        }
        for (round, work) in started.enumerated() {
            #expect(work.result() == (0..<(round + 2)).map { Self.sumOfSquares($0 * round) })
        }
    }

    @Test("Work started from inside a mapped transform runs there, and is done when asked")
    func startedOnWorker() {
        let results = ParallelMap.map(Array(0..<40)) { item in ParallelMap.start { item * 3 }.result() }
        #expect(results == (0..<40).map { $0 * 3 })
    }

    @Test("A feed's work runs while the caller adds more, and its results come back in the order added")
    func feedInOrder() {
        for round in 0..<40 {
            let feed = ParallelMap.Feed<Int>()
            for item in 0..<(round % 9) {
                feed.add { Self.sumOfSquares(item + round) }
                // The caller does its own work between adds (reads the next file), sometimes a map.
                if item.isMultiple(of: 4) { _ = ParallelMap.map(Array(0..<8)) { Self.sumOfSquares($0) } }
            }
            #expect(feed.results() == (0..<(round % 9)).map { Self.sumOfSquares($0 + round) })
        }
    }

    @Test("Feeds filled while the pool is busy with started work, and from inside mapped transforms, finish")
    func feedsWhileBusy() {
        let background = ParallelMap.start { ParallelMap.map(Array(0..<2000)) { Self.sumOfSquares($0 % 50) } }
        let nested = ParallelMap.map(Array(0..<16)) { item -> [Int] in
            let feed = ParallelMap.Feed<Int>()
            for inner in 0..<5 { feed.add { item * 10 + inner } }
            return feed.results()
        }
        #expect(nested == (0..<16).map { item in (0..<5).map { item * 10 + $0 } })
        #expect(background.result().count == 2000)
    }
}
