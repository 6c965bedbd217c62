//! Runtime support the generated types use.

mod base64;
pub mod long_string;

pub use self::base64::Base64;
