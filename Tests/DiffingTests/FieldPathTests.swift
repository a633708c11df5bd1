import Diffing
import Testing

/// How a change's place is spelled in every report: keys after dots, other keys quoted, list
/// items by name or position, documents inside strings by format; and cut into steps for
/// indented output without losing a character.
@Suite struct FieldPathTests {
    @Test(
        "Each kind of step is spelled as reports show it",
        arguments: [
            (
                [.key("spec"), .key("template"), .key("containers"), .named("destination"), .key("args")],
                "spec.template.containers[name=destination].args", ["spec", "template", "containers[name=destination]", "args"]
            ),
            (
                [.key("metadata"), .key("annotations"), .key("linkerd.io/inject")] as [FieldPath.Component],
                #"metadata.annotations["linkerd.io/inject"]"#, ["metadata", "annotations", #"["linkerd.io/inject"]"#]
            ),
            ([.key(#"a"b\c"#)], #"["a\"b\\c"]"#, [#"["a\"b\\c"]"#]),
            ([.key("")], #"[""]"#, [#"[""]"#]),
            (
                [.key("data"), .key("values"), .embedded("yaml"), .key("image"), .index(12)],
                "data.values{yaml}.image[12]", ["data", "values{yaml}", "image[12]"]
            ),
            ([.index(0), .index(3), .key("a")], "[0][3].a", ["[0][3]", "a"]),
            ([.key("é-ü")], #"["é-ü"]"#, [#"["é-ü"]"#]),
            ([], ".", []),
        ] as [([FieldPath.Component], String, [String])])
    func spelled(components: [FieldPath.Component], description: String, steps: [String]) {
        let path = FieldPath(components)
        #expect(path.description == description)
        #expect(path.steps == steps)
    }

    @Test("Steps joined give the description back, for any path")
    func stepsJoinToDescription() {
        var generator = SystemRandomNumberGenerator()
        let pool: [FieldPath.Component] = [
            .key("spec"), .key("x-y_z9"), .key("a.b"), .key("with space"), .key(#"q"uote"#), .key(""), .index(0), .index(41),
            .named("proxy"), .named("a b"), .embedded("yaml"), .embedded("json"),
        ]
        for _ in 0..<500 {
            let components = (0..<Int.random(in: 0...7, using: &generator)).map { _ in pool.randomElement(using: &generator)! }
            let path = FieldPath(components)
            let joined = FieldPath.joined(path.steps)
            #expect(joined == (components.isEmpty ? "" : path.description), "\(components)")
        }
    }
}
