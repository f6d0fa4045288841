import CentralRepository

extension Console {
    /// Reports a failure the one way every command does: an `error:` line on standard error (a
    /// usage mistake adds where to read more) and the documented exit status for it. This is
    /// the only place an error becomes an exit status.
    func fail(_ error: any Error) -> ExitStatus {
        switch error {
        case let e as UsageError:
            err("error: \(e.message)\n\(e.helpHint)\n")
            return .usage
        case let e as RepositoryError:
            err("error: \(e)\n")
            switch e {
            case .locked: return .busy
            case .unknownTask, .invalidTransition, .beforeCreation: return .failure
            default: return .repository
            }
        case let e as any StorageError:
            err("error: \(e)\n")
            return .repository
        default:
            err("error: \(error)\n")
            return .failure
        }
    }
}
