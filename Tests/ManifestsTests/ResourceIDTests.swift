import Manifests
import Testing
import _MeshDiffTestSupport

/// Sorting identities by bytes where they are ASCII gives `<`'s order exactly.
@Suite struct ResourceIDTests {
    @Test("ResourceID.sorted is the order of <, for ASCII, non-ASCII, NUL, empty and prefix parts")
    func sortedMatchesLessThan() {
        var random = SplitMix(seed: 7)
        let parts = ["", "a", "ab", "abc", "B", "b", "a-b", "a.b", "é", "e\u{301}", "z\u{0}", "\u{0}", "Z", "app-00001", "app-0001"]
        func part() -> String { parts[Int(random.next() % UInt64(parts.count))] }
        for _ in 0..<50 {
            let ids = (0..<200).map { _ in
                ResourceID(
                    group: part(), kind: part(), namespace: random.next() % 3 == 0 ? nil : part(), name: part(),
                    scope: random.next() % 4 == 0 ? part() : nil)
            }
            let expected = ids.sorted { $0 < $1 }
            let sorted = ResourceID.sorted(ids, by: { $0 })
            // Identities `<` cannot tell apart (a missing namespace and an empty one) keep their
            // input order in both, since both sorts are stable.
            #expect(sorted == expected)
        }
    }
}
