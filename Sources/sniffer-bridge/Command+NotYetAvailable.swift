import CLI

extension Command {
    /// What a registered command does until its issue lands: it says so on
    /// standard error and fails, rather than pretending to work.
    func notYetAvailable(_ arguments: ParsedArguments, console: Console) -> Int32 {
        console.error("\(arguments.command): not yet available in this build")
        return 1
    }
}
