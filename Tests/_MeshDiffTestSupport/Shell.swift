import Foundation

/// Runs a program for tests (git, python3, the built meshdiff). The product itself never
/// shells out; tests may, to build fixtures and to check the binary end to end.
public struct ShellResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

public enum Shell {
    @discardableResult
    public static func run(
        _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
        check: Bool = true
    ) throws -> ShellResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes while the process runs, so that a full pipe cannot block it.
        // The reader hands its data over through the semaphore, which orders its write before
        // this thread's read (polling the thread's state did not, as ThreadSanitizer said).
        nonisolated(unsafe) var errData = Data()
        let errRead = DispatchSemaphore(value: 0)
        let errReader = Thread {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            errRead.signal()
        }
        errReader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        errRead.wait()
        let result = ShellResult(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
        if check && result.status != 0 {
            throw ShellError(command: arguments.joined(separator: " "), result: result)
        }
        return result
    }
}

public struct ShellError: Error, CustomStringConvertible {
    public let command: String
    public let result: ShellResult
    public var description: String { "`\(command)` exited \(result.status): \(result.stderr)" }
}
