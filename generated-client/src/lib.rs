//! Rust client for the Symphony Pod API.
//!
//! This crate's `src/` is written by `cargo xtask codegen` only. The
//! generator's lowering and emit stages are not built yet, so for now the
//! crate is empty; see the workspace README.
