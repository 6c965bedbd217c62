//! `cargo xtask`: the commands live in the library (`lib.rs`), which
//! compiles beside the generator's code generation, not after it.

// mimalloc, linked in place of the system malloc (see the crate).
use xtask_allocator as _;

fn main() -> std::process::ExitCode {
    xtask::main()
}
