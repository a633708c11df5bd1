extension Sequence {
    /// The elements grouped by `key`: groups in the order their first element came, elements in
    /// their order within each group. What every "one row per identical change" in the reports
    /// is built from (unlike `Dictionary(grouping:)`, whose order is the hash's).
    public func groupedInOrder<Key: Hashable>(by key: (Element) -> Key) -> [(key: Key, items: [Element])] {
        var groups: [(key: Key, items: [Element])] = []
        var index: [Key: Int] = [:]
        for element in self {
            let k = key(element)
            if let at = index[k] {
                groups[at].items.append(element)
            } else {
                index[k] = groups.count
                groups.append((k, [element]))
            }
        }
        return groups
    }
}
