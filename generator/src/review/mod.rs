//! Review: what the bump's reviewer reads. `surface` lists the public API a
//! model generates, one line per item; `diff` is the changelog between the
//! surfaces of two specs, each change marked breaking or not.

pub mod diff;
pub mod surface;
