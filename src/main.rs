//! The `emaki` binary: everything lives in the library; see [`emaki::cli`].

fn main() -> std::process::ExitCode {
    emaki::cli::main()
}
