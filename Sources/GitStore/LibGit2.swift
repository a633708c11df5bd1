internal import CGitReadLimit
internal import CLibGit2

/// The one place that initializes libgit2 and turns its return codes into Swift errors.
enum LibGit2 {
    /// libgit2 keeps global state; initialize it once per process and never shut it down,
    /// since repositories may be in use on several threads until exit.
    static let initialized: Void = {
        git_libgit2_init()
        // Every object read is otherwise hashed again to verify it; git does not do that on
        // reads either, and meshdiff never writes.
        _ = meshdiff_skip_hash_verification()
        _ = meshdiff_disable_object_cache()
        _ = meshdiff_bound_pack_mapping(packWindow, packMappingLimit)
        // Blobs are read under a ceiling on what libgit2 may allocate (`Repository.blob`).
        _ = meshdiff_read_limit_install()
    }()

    /// How much of the pack files libgit2 maps at once, and in windows of what size. Its
    /// defaults (8 GiB, 1 GiB windows) keep every page a run touched resident until the pack is
    /// closed: a changelog of argo-cd's `install.yaml` over 11,298 commits held 117 MiB, 73 MiB
    /// with these; one of its release pairs 71 → 59 MiB, 5% slower (windows unmapped and mapped
    /// again; smaller windows or a lower limit cost 10%). A pack smaller than the limit is mapped
    /// as before.
    static let packWindow = 16 << 20
    static let packMappingLimit = 48 << 20

    /// Throws a `GitStoreError.libgit2` naming `call` when `code` is an error, reading
    /// `git_error_last()` right away, before another libgit2 call can replace it.
    static func check(_ code: Int32, _ call: @autoclosure () -> String) throws {
        guard code < 0 else { return }
        throw GitStoreError.libgit2(call: call(), code: code, message: lastErrorMessage())
    }

    static func lastErrorMessage() -> String {
        guard let error = git_error_last(), let message = error.pointee.message else {
            return "no message"
        }
        return String(cString: message)
    }
}
