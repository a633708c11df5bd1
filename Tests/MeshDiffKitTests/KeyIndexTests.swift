import Testing

@testable import MeshDiffKit

/// The listing's identity index answers as a dictionary of keys to slots would, before its
/// first question and after it (a changelog step's additions).
@Suite struct KeyIndexTests {
    @Test func answersAsADictionaryWould() {
        var generator = SystemRandomNumberGenerator()
        var index = RevisionFiles.KeyIndex()
        var reference: [UInt64: [Int]] = [:]
        func add(_ count: Int) {
            for _ in 0..<count {
                // Few distinct keys, so that runs of one key span many pairs.
                let key = UInt64.random(in: 0..<500, using: &generator)
                let slot = Int.random(in: 0..<10_000, using: &generator)
                index.add(key, slot)
                reference[key, default: []].append(slot)
            }
        }
        func check() {
            let keys = Set((0..<40).map { _ in UInt64.random(in: 0..<600, using: &generator) })
            #expect(index.slots(for: keys).sorted() == keys.flatMap { reference[$0] ?? [] }.sorted())
        }
        add(3_000)
        check()  // sorted at the first question
        add(50)
        check()  // and the pairs added after it
        add(5_000)
        check()
    }
}
