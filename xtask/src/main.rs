//! `cargo xtask`: the commands live in the library (`lib.rs`), which
//! compiles beside the generator's code generation, not after it.

// The global allocator (mimalloc), declared in an optimised crate.
use xtask_allocator as _;

fn main() -> std::process::ExitCode {
    xtask::main()
}
