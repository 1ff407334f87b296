import ArgumentParser
import Logging

/// `--log-level`, shared by the commands that run a server: checked, and the process's logging
/// set up from it (to standard error).
struct LogOptions: ParsableArguments {
    @Option(help: "Log level (trace, debug, info, notice, warning, error, critical).")
    var logLevel = "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical") }
    }

    /// The level asked for.
    var level: Logger.Level { Logger.Level(rawValue: logLevel) ?? .info }

    /// Sends every logger to standard error at ``level``, and returns the one named `label`.
    func bootstrap(label: String) -> Logger {
        let level = level
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
