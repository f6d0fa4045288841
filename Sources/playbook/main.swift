import Foundation

// Ignore SIGPIPE so a closed pipe surfaces as a failed write (ignored by `Console`) instead of
// killing the process before it can report an exit status.
signal(SIGPIPE, SIG_IGN)
let status = CLI.run(Array(CommandLine.arguments.dropFirst()), console: Console())
exit(status.rawValue)
